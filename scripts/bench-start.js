#!/usr/bin/env node
// `npm run bench:start` — measures what the foundation issue asks for:
//   - the time of a fresh `npm start` (empty data directory: migrations + demo seed) until /healthz answers,
//   - the time of a second start on the same data (cold process, warm data),
//   - the size of the home page: HTML and the JavaScript it loads, raw and gzip-compressed.
// Optional: `--with-build` also times `vite build` from scratch.
// Prints a JSON line last.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:net';

const root = path.resolve(import.meta.dirname, '..');

function freePort() {
	return new Promise((resolve) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

async function startAndWait(dataDir, port) {
	const t0 = performance.now();
	const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
		cwd: root,
		env: { ...process.env, TREMPLIN_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
		// stdout piped and drained (with 'ignore' the server was seen never to start listening).
		stdio: ['ignore', 'pipe', 'inherit']
	});
	child.stdout.resume();
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		try {
			const r = await fetch(`http://localhost:${port}/healthz`);
			if (r.ok) return { child, ms: Math.round(performance.now() - t0) };
		} catch {
			/* not yet listening */
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	child.kill('SIGTERM');
	throw new Error('the server did not answer /healthz within 120 s');
}

async function stop(child) {
	await new Promise((resolve) => {
		child.once('exit', resolve);
		child.kill('SIGTERM');
	});
}

async function pageWeight(port, pathname) {
	const base = `http://localhost:${port}`;
	const response = await fetch(base + pathname);
	const html = await response.text();
	const scripts = new Set();
	// SvelteKit announces the route's modules in a `link: <…>; rel="modulepreload"` header.
	for (const m of (response.headers.get('link') ?? '').matchAll(/<([^>]+)>;\s*rel="modulepreload"/g)) scripts.add(m[1]);
	for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
		const href = /href="([^"]+)"/.exec(tag);
		if (/rel="modulepreload"/.test(tag) && href) scripts.add(href[1]);
	}
	for (const m of html.matchAll(/import\("([^"]+)"\)/g)) scripts.add(m[1]);
	for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) scripts.add(m[1]);
	let jsRaw = 0;
	let jsGzip = 0;
	for (const src of scripts) {
		const url = new URL(src, base + pathname);
		const body = Buffer.from(await (await fetch(url)).arrayBuffer());
		jsRaw += body.length;
		jsGzip += gzipSync(body, { level: 9 }).length;
	}
	const htmlBuf = Buffer.from(html);
	return {
		htmlBytes: htmlBuf.length,
		htmlGzipBytes: gzipSync(htmlBuf, { level: 9 }).length,
		jsFiles: scripts.size,
		jsBytes: jsRaw,
		jsGzipBytes: jsGzip
	};
}

const result = { node: process.version };
if (process.argv.includes('--with-build')) {
	const t0 = performance.now();
	const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit']
	});
	if (r.status !== 0) process.exit(1);
	result.buildMs = Math.round(performance.now() - t0);
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'tremplin-bench-'));
try {
	const port = await freePort();
	const first = await startAndWait(dataDir, port);
	result.freshStartMs = first.ms;
	result.home = await pageWeight(port, '/');
	result.signIn = await pageWeight(port, '/connexion');
	await stop(first.child);
	const second = await startAndWait(dataDir, port);
	result.secondStartMs = second.ms;
	await stop(second.child);
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
