// Shared by the benchmarks that run the production server (bench-messaging.js, bench-workshop.js):
// free ports, starting and stopping the server and helper processes, percentiles.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export function freePort() {
	return new Promise((resolve) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

export function delay(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/** Every process started through this file; `killChildrenOnExit()` makes them die with the bench. */
export const children = new Set();

export function killChildrenOnExit() {
	process.on('exit', () => {
		for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
}

/**
 * The production server on a data directory (PGlite) or on DATABASE_URL when set, outside demo
 * mode: `BENCH_BUILD_DIR/index.js` when given, else `scripts/start.js` (builds `build/` if needed).
 * Resolves once `/healthz` answers.
 */
export async function startServer(dataDir, port) {
	const buildDir = process.env.BENCH_BUILD_DIR ? path.resolve(process.env.BENCH_BUILD_DIR) : null;
	const env = {
		...process.env,
		TREMPLIN_DATA_DIR: dataDir,
		TREMPLIN_DEMO: '0',
		PORT: String(port),
		ORIGIN: `http://localhost:${port}`,
		BODY_SIZE_LIMIT: '3M',
		LOG_LEVEL: 'warn'
	};
	// BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server.
	const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
	const args = [...nodeArgs, buildDir ? path.join(buildDir, 'index.js') : path.join(root, 'scripts', 'start.js')];
	const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
	children.add(child);
	child.stdout.resume();
	const deadline = Date.now() + 300_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`the server exited (code ${child.exitCode})`);
		try {
			if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
		} catch {
			/* not yet */
		}
		await delay(100);
	}
	child.kill('SIGTERM');
	throw new Error('the server did not answer /healthz within 300 s');
}

/** This script started again as a helper process (`node <script> <flag> <port> ...more`), once it prints its first line. */
export async function startHelper(script, flag, port, name, more = []) {
	const child = spawn(process.execPath, [script, flag, String(port), ...more], { stdio: ['ignore', 'pipe', 'inherit'] });
	children.add(child);
	await new Promise((resolve, reject) => {
		child.stdout.once('data', resolve);
		child.once('exit', () => reject(new Error(`${name} exited`)));
	});
	return child;
}

export function stopChild(child) {
	if (child.exitCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
		child.once('exit', () => {
			clearTimeout(force);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

export function round(value) {
	return value === undefined || value === null ? null : Math.round(value * 10) / 10;
}

/** The p-th percentile of sorted values (nearest rank, one decimal), null when empty. */
export function percentile(sorted, p) {
	if (sorted.length === 0) return null;
	return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

/**
 * Runs `[sql, params]` statements in one transaction on the database the server will use:
 * DATABASE_URL when set, else the PGlite data directory (before the server opens it).
 */
export async function runStatements(dataDir, statements) {
	if (process.env.DATABASE_URL) {
		const { default: pg } = await import('pg');
		const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
		await client.connect();
		try {
			await client.query('begin');
			for (const [text, params] of statements) await client.query(text, params);
			await client.query('commit');
		} finally {
			await client.end();
		}
	} else {
		const { PGlite } = await import('@electric-sql/pglite');
		const db = new PGlite(path.join(dataDir, 'pglite'));
		await db.waitReady;
		try {
			await db.transaction(async (tx) => {
				for (const [text, params] of statements) await tx.query(text, params);
			});
		} finally {
			await db.close();
		}
	}
}

/** The reference servers' event stream: headers, first frame, kept in `subscribers` until it closes. */
export function openEventStream(res, subscribers) {
	res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
	res.write('retry: 3000\n: connecté\n\n');
	subscribers.add(res);
	res.on('close', () => subscribers.delete(res));
}

/** A helper process's server: listens on the port given as `argv[3]`, says "ready", stops on SIGTERM. */
export function serveHelper(server, onClose = async () => {}) {
	server.listen(Number(process.argv[3]), '127.0.0.1', () => process.stdout.write('ready\n'));
	process.on('SIGTERM', () => {
		server.closeAllConnections();
		server.close(() => void onClose().then(() => process.exit(0)));
	});
}
