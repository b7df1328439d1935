import { inject } from 'vitest';

/** Values the global setup hands to every e2e file (see global-setup.ts). */
export interface E2eServer {
	/** A running Tremplin server, e.g. `http://localhost:41234`. */
	baseUrl: string;
	/** The HTTP side of its SMTP sink (see mail-sink.ts). */
	mailSinkUrl: string;
	/** The SMTP side of its sink (`smtp://127.0.0.1:<port>`), the server's SMTP_URL. */
	smtpUrl: string;
	/**
	 * A loopback port the server accepts as a push service (PUSH_SERVICE_HOSTS): a file that tests
	 * web push starts its own push sink there (src/lib/server/platform/push/push-sink.ts).
	 */
	pushSinkPort: number;
}

declare module 'vitest' {
	export interface ProvidedContext {
		/** The servers of the run, one per Vitest worker (see servers.ts). */
		servers: E2eServer[];
		/** Absolute path of the build the servers run (contains `client/`, `server/`, `index.js`). */
		buildDir: string;
	}
}

/**
 * This file's server: its worker's (`VITEST_POOL_ID` goes from 1 to the number of workers, and a
 * worker runs one file at a time), so two files never share a server at the same moment.
 */
export function server(): E2eServer {
	const servers = inject('servers');
	const pool = Number(process.env.VITEST_POOL_ID ?? '1');
	const index = Number.isInteger(pool) && pool >= 1 ? (pool - 1) % servers.length : 0;
	return servers[index]!;
}

export function baseUrl(): string {
	return server().baseUrl;
}

/** Absolute URL of a path on the server under test. */
export function url(path: string): string {
	return new URL(path, baseUrl()).toString();
}

export function buildDir(): string {
	return inject('buildDir');
}
