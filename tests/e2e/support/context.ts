import { inject } from 'vitest';

/** Values the global setup hands to every e2e file (see global-setup.ts). */
declare module 'vitest' {
	export interface ProvidedContext {
		/** The running Tremplin server, e.g. `http://localhost:41234`. */
		baseUrl: string;
		/** The HTTP side of the SMTP sink (see mail-sink.ts). */
		mailSinkUrl: string;
		/** The SMTP side of the sink (`smtp://127.0.0.1:<port>`), the server's SMTP_URL. */
		smtpUrl: string;
		/** Absolute path of the build the server runs (contains `client/`, `server/`, `index.js`). */
		buildDir: string;
	}
}

export function baseUrl(): string {
	return inject('baseUrl');
}

/** Absolute URL of a path on the server under test. */
export function url(path: string): string {
	return new URL(path, baseUrl()).toString();
}

export function buildDir(): string {
	return inject('buildDir');
}
