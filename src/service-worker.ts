/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/**
 * Tremplin's service worker.
 * - Precaches the built app shell (JS, CSS), the static files, the public home and the offline page.
 * - Navigations: network first; offline, the cached public page if there is one, else /hors-ligne.
 * - Never stores signed-in pages: personal data stays on the server. The two public pages are
 *   fetched without cookies so that no first name ends up in the cache.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `tremplin-${version}`;
const OFFLINE_PAGE = '/hors-ligne';
const PUBLIC_PAGES = ['/', OFFLINE_PAGE];
const ASSETS = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll([...ASSETS]);
			for (const path of PUBLIC_PAGES) {
				const response = await fetch(path, { credentials: 'omit', cache: 'no-store' });
				if (response.ok) await cache.put(path, response);
			}
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== CACHE && key.startsWith('tremplin-')) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

async function fromNetworkOrOffline(request: Request): Promise<Response> {
	try {
		return await fetch(request);
	} catch {
		const cache = await caches.open(CACHE);
		const path = new URL(request.url).pathname;
		const page = PUBLIC_PAGES.includes(path) ? await cache.match(path) : undefined;
		return page ?? (await cache.match(OFFLINE_PAGE)) ?? Response.error();
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (request.mode === 'navigate') {
		event.respondWith(fromNetworkOrOffline(request));
		return;
	}

	// Built files are immutable (hashed names) and static files change with the version: cache first.
	if (ASSETS.has(url.pathname)) {
		event.respondWith(
			(async () => {
				const cached = await caches.match(url.pathname, { cacheName: CACHE });
				return cached ?? fetch(request);
			})()
		);
	}
	// Everything else (page data, API calls) goes to the network and is never stored.
});
