import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// TREMPLIN_BUILD_DIR / TREMPLIN_KIT_DIR let the e2e tests build apart from `npm run build` and dev servers.
		adapter: adapter({ out: process.env.TREMPLIN_BUILD_DIR ?? 'build', precompress: true }),
		outDir: process.env.TREMPLIN_KIT_DIR ?? '.svelte-kit',
		// Strict CSP: SvelteKit adds hashes/nonces for its own inline scripts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'manifest-src': ['self'],
				'worker-src': ['self'],
				'frame-ancestors': ['none'],
				'form-action': ['self'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		},
		// Origin checked in hooks.server.ts (csrf hook): SvelteKit's check needs ORIGIN to know the
		// public protocol and refuses clients that send no Origin; ours compares with the Host header.
		csrf: { checkOrigin: false },
		serviceWorker: { register: false }
	}
};

export default config;
