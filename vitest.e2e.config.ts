import { defineConfig } from 'vitest/config';
import { e2eServerCount } from './tests/e2e/support/servers';

/**
 * End-to-end tests: Playwright (playwright-core) driving the system Chromium against a production
 * build served by `node <build>/index.js`. Run with `npm run test:e2e` (see tests/e2e/README.md).
 * No SvelteKit plugin here: e2e tests talk to the server over HTTP, never import application code.
 */
const servers = e2eServerCount();

export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		globalSetup: ['tests/e2e/support/global-setup.ts'],
		environment: 'node',
		pool: 'forks',
		// One worker per server (global-setup.ts starts them): each worker's files run one after the
		// other on its own server (support/context.ts picks it by VITEST_POOL_ID).
		fileParallelism: servers > 1,
		maxWorkers: servers,
		testTimeout: 60_000,
		hookTimeout: 120_000,
		teardownTimeout: 30_000
	}
});
