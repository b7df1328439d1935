#!/usr/bin/env node
// `npm run bench:lighthouse` — Lighthouse mobile performance of the key youth pages, on the
// production build (run `npm run build` first), with Debian's Chromium. Lighthouse is not a
// dependency of the project: it is fetched by npx (lighthouse@12, the last major that runs on
// Node 20). Prints one JSON line last: { page: { performance, fcpMs, lcpMs, tbtMs, cls } }.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.BENCH_PORT ?? 3977);
const base = `http://localhost:${port}`;
const chrome = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pages = ['/', '/connexion', '/trouver-ma-mission-locale?q=69100', '/activer', '/parcours', '/parcours/premiers-jours-au-travail'];

const dataDir = mkdtempSync(path.join(tmpdir(), 'tremplin-lh-'));
const server = spawn(process.execPath, [path.join(root, 'build', 'index.js')], {
	env: { ...process.env, PORT: String(port), ORIGIN: base, TREMPLIN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
	stdio: ['ignore', 'pipe', 'inherit']
});
server.stdout.resume();
try {
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`${base}/healthz`)).ok) break;
		} catch {
			/* starting */
		}
		if (i > 600) throw new Error('server did not start');
		await new Promise((r) => setTimeout(r, 100));
	}
	const result = {};
	for (const page of pages) {
		const out = path.join(dataDir, 'report.json');
		const run = spawnSync(
			'npx',
			[
				'--yes',
				'lighthouse@12.8.2',
				base + page,
				'--only-categories=performance',
				'--output=json',
				`--output-path=${out}`,
				'--quiet',
				`--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run`
			],
			{ env: { ...process.env, CHROME_PATH: chrome }, stdio: ['ignore', 'ignore', 'inherit'] }
		);
		if (run.status !== 0) throw new Error(`lighthouse failed on ${page}`);
		const report = JSON.parse(readFileSync(out, 'utf8'));
		const a = report.audits;
		result[page] = {
			performance: Math.round(report.categories.performance.score * 100),
			fcpMs: Math.round(a['first-contentful-paint'].numericValue),
			lcpMs: Math.round(a['largest-contentful-paint'].numericValue),
			tbtMs: Math.round(a['total-blocking-time'].numericValue),
			cls: Number(a['cumulative-layout-shift'].numericValue.toFixed(3))
		};
	}
	console.log(JSON.stringify(result));
} finally {
	server.kill('SIGTERM');
	rmSync(dataDir, { recursive: true, force: true });
}
