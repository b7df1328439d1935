import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { E2eServer } from './context';
import { startMailSink, type MailSink } from './mail-sink';
import { e2eServerCount } from './servers';

/**
 * Runs once before the e2e files (in the Vitest main process):
 * 1. builds the application with `vite build` into its own folder (never `build/`), unless a build
 *    newer than the sources is already there or TREMPLIN_E2E_SKIP_BUILD=1;
 * 2. starts TREMPLIN_E2E_SERVERS servers (2 by default, see ./servers.ts), each the built server
 *    (`node <dir>/index.js`) on a free port with a fresh data directory in demo mode, its own
 *    SMTP sink on loopback and a loopback port accepted as a push service, and waits for their /healthz;
 * 3. hands their addresses to the tests (`inject('servers')`: each file uses its worker's, see
 *    ./context.ts) and tears everything down afterwards.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const resultsDir = path.join(root, 'test-results');
const SOURCES = ['src', 'static', 'drizzle', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];

function log(message: string) {
	process.stdout.write(`[e2e] ${message}\n`);
}

function newest(p: string): number {
	if (!existsSync(p)) return 0;
	const s = statSync(p);
	if (!s.isDirectory()) return s.mtimeMs;
	let max = s.mtimeMs;
	for (const entry of readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
	return max;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const out = createWriteStream(logFile);
		const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout.pipe(out, { end: false });
		child.stderr.pipe(out, { end: false });
		child.on('error', reject);
		child.on('close', (code) => out.end(() => resolve(code ?? 1)));
	});
}

function tail(file: string, lines = 40): string {
	if (!existsSync(file)) return '';
	return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function ensureBuild(buildDir: string): Promise<void> {
	const entry = path.join(buildDir, 'index.js');
	if (process.env.TREMPLIN_E2E_SKIP_BUILD === '1') {
		if (!existsSync(entry)) {
			throw new Error(`TREMPLIN_E2E_SKIP_BUILD=1 mais aucune construction dans ${buildDir} (fichier index.js absent).`);
		}
		log(`construction réutilisée telle quelle : ${path.relative(root, buildDir) || buildDir}`);
		return;
	}
	const stamp = path.join(buildDir, '.tremplin-e2e-stamp');
	const sourcesAt = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
	const builtAt = existsSync(stamp) ? Number(readFileSync(stamp, 'utf8')) : 0;
	if (existsSync(entry) && builtAt >= sourcesAt) {
		log('construction à jour, réutilisée');
		return;
	}
	const kitDir = process.env.TREMPLIN_E2E_KIT_DIR
		? path.resolve(root, process.env.TREMPLIN_E2E_KIT_DIR)
		: path.join(resultsDir, 'e2e-build', 'kit');
	const logFile = path.join(resultsDir, 'e2e-build.log');
	log(`construction de l’application dans ${path.relative(root, buildDir)}…`);
	const started = Date.now();
	const code = await run(
		process.execPath,
		[path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
		// NODE_ENV=production: Vitest sets "test", which would make Vite build with development
		// conditions (SvelteKit's `dev` true: no service worker, dev-only checks in the bundle).
		{ ...process.env, NODE_ENV: 'production', TREMPLIN_BUILD_DIR: path.relative(root, buildDir), TREMPLIN_KIT_DIR: path.relative(root, kitDir) },
		logFile
	);
	if (code !== 0) {
		throw new Error(`La construction (vite build) a échoué, voir ${logFile} :\n${tail(logFile)}`);
	}
	writeFileSync(stamp, String(sourcesAt));
	log(`construction terminée en ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * One e2e run at a time per checkout: a second run would rebuild the folder the first one serves.
 * The lock file holds the owner's pid; a lock whose process is gone is taken over.
 */
async function acquireLock(file: string, timeoutMs: number): Promise<() => void> {
	const deadline = Date.now() + timeoutMs;
	let announced = false;
	for (;;) {
		try {
			writeFileSync(file, String(process.pid), { flag: 'wx' });
			return () => rmSync(file, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const owner = Number(readFileSync(file, 'utf8').trim());
		if (!Number.isInteger(owner) || owner <= 0 || !alive(owner)) {
			rmSync(file, { force: true });
			continue;
		}
		if (Date.now() > deadline) {
			throw new Error(`Un autre lancement e2e (pid ${owner}) occupe ce dossier depuis trop longtemps (${file}).`);
		}
		if (!announced) {
			log(`un autre lancement e2e est en cours dans ce dossier (pid ${owner}), attente…`);
			announced = true;
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** `count` distinct free ports, all held open together while chosen (then released for the servers). */
async function freePorts(count: number): Promise<number[]> {
	const held = await Promise.all(
		Array.from(
			{ length: count },
			() =>
				new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
					const server = createServer();
					server.on('error', reject);
					server.listen(0, '127.0.0.1', () => resolve(server));
				})
		)
	);
	const ports = held.map((server) => (server.address() as AddressInfo).port);
	await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
	return ports;
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`Le serveur s’est arrêté (code ${child.exitCode}) avant d’être prêt :\n${tail(logFile)}`);
		}
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (response.ok) return;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = (error as Error).message;
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`Le serveur n’a pas répondu sur ${url} en ${timeoutMs / 1000} s (${last}) :\n${tail(logFile)}`);
}

function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

export default async function setup(project: TestProject) {
	mkdirSync(resultsDir, { recursive: true });
	const buildDir = path.resolve(root, process.env.TREMPLIN_E2E_BUILD_DIR || 'test-results/e2e-build/app');
	const release = await acquireLock(path.join(resultsDir, 'e2e.lock'), 30 * 60_000);
	try {
		await ensureBuild(buildDir);
	} catch (error) {
		release();
		throw error;
	}

	const count = e2eServerCount();
	const started = Date.now();
	const servers: StartedServer[] = [];
	try {
		// The SMTP sinks first (they hold their ports), then distinct ports for the servers, which
		// start in parallel (each seeds its own demo data).
		const sinks = [];
		for (let i = 0; i < count; i++) sinks.push(await startMailSink());
		// A server port and a push-service port (for the files that test web push) per server.
		const ports = await freePorts(count * 2);
		const results = await Promise.allSettled(sinks.map((sink, i) => startTestServer(buildDir, i + 1, count, sink, ports[i]!, ports[count + i]!)));
		for (const result of results) if (result.status === 'fulfilled') servers.push(result.value);
		const failure = results.find((result) => result.status === 'rejected');
		if (failure) throw (failure as PromiseRejectedResult).reason;
	} catch (error) {
		await Promise.all(servers.map((server) => server.stop()));
		release();
		throw error;
	}
	for (const server of servers) {
		log(`serveur ${server.number} prêt sur ${server.endpoints.baseUrl} (journal : ${path.relative(root, server.logFile)})`);
	}
	log(`${count} serveur${count > 1 ? 's' : ''} en ${((Date.now() - started) / 1000).toFixed(1)} s`);

	project.provide('servers', servers.map((server) => server.endpoints));
	project.provide('buildDir', buildDir);

	return async () => {
		await Promise.all(servers.map((server) => server.stop()));
		release();
	};
}

interface StartedServer {
	number: number;
	endpoints: E2eServer;
	logFile: string;
	stop(): Promise<void>;
}

/** One server (`node <build>/index.js`) with its own data directory, demo data and SMTP sink. */
async function startTestServer(buildDir: string, number: number, count: number, sink: MailSink, port: number, pushSinkPort: number): Promise<StartedServer> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tremplin-e2e-'));
	const baseUrl = `http://localhost:${port}`;
	const logFile = path.join(resultsDir, count > 1 ? `e2e-server-${number}.log` : 'e2e-server.log');
	const out = createWriteStream(logFile);

	// The server must use its own embedded database, whatever the developer's shell says.
	const env: NodeJS.ProcessEnv = { ...process.env };
	for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'TREMPLIN_ENFORCE_MFA', 'SMS_PROVIDER', 'SMS_HTTP_URL']) delete env[name];
	Object.assign(env, {
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: baseUrl,
		TREMPLIN_DATA_DIR: dataDir,
		TREMPLIN_DEMO: '1',
		SMTP_URL: sink.smtpUrl,
		PUSH_SERVICE_HOSTS: `127.0.0.1:${pushSinkPort}`,
		LOG_LEVEL: process.env.TREMPLIN_E2E_LOG_LEVEL || 'info',
		BODY_SIZE_LIMIT: '12M'
	});
	const server = spawn(process.execPath, [path.join(buildDir, 'index.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
	server.stdout!.pipe(out, { end: false });
	server.stderr!.pipe(out, { end: false });

	const stopAll = async () => {
		await stop(server);
		await sink.close();
		out.end();
		rmSync(dataDir, { recursive: true, force: true });
	};

	try {
		await waitForHealth(`${baseUrl}/healthz`, server, logFile, 120_000);
	} catch (error) {
		await stopAll();
		throw error;
	}
	return { number, endpoints: { baseUrl, mailSinkUrl: sink.httpUrl, smtpUrl: sink.smtpUrl, pushSinkPort }, logFile, stop: stopAll };
}
