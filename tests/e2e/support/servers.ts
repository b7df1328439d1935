/**
 * How many Tremplin servers the e2e run starts (TREMPLIN_E2E_SERVERS, 1 to 4, default 2). Each
 * has its own data directory and SMTP sink; Vitest runs as many files at once, each file on the
 * server of its worker (`VITEST_POOL_ID`), so a server never serves two files at the same time.
 * Read by vitest.e2e.config.ts (workers) and global-setup.ts (servers).
 */
export const DEFAULT_E2E_SERVERS = 2;

export function e2eServerCount(env: NodeJS.ProcessEnv = process.env): number {
	const raw = (env.TREMPLIN_E2E_SERVERS ?? '').trim();
	if (raw === '') return DEFAULT_E2E_SERVERS;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1 || n > 4) {
		throw new Error(`TREMPLIN_E2E_SERVERS doit être un entier de 1 à 4 (reçu : « ${raw} »).`);
	}
	return n;
}
