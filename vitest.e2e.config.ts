import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: Playwright (playwright-core) driving the system Chromium against a production
 * build served by `node <build>/index.js`. Run with `npm run test:e2e` (see tests/e2e/README.md).
 * No SvelteKit plugin here: e2e tests talk to the server over HTTP, never import application code.
 */
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		globalSetup: ['tests/e2e/support/global-setup.ts'],
		environment: 'node',
		pool: 'forks',
		// One server, one browser at a time: files run one after the other (2 cores in CI).
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 120_000,
		teardownTimeout: 30_000
	}
});
