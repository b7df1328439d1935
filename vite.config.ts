import { sveltekit } from '@sveltejs/kit/vite';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// Vitest's default (CPUs - 1) leaves one worker on a 2-core machine; the main process is idle
		// while PGlite works, so two workers finish about 20 % sooner there.
		maxWorkers: Math.max(2, availableParallelism() - 1)
	}
});
