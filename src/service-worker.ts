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
 * - Learning modules ("parcours") play offline once opened: when the player has a module's content
 *   (kept by the page in the device's own store, $lib/learning/offline.ts), it asks this worker to
 *   keep the module's player page, the catalogue and the "hors connexion" page. They are fetched
 *   without cookies too: the player page is a shell holding no attempt and no answer, the catalogue
 *   has no progress. These cached pages contain the module text and nothing personal; the device's
 *   own answers stay in its storage, never in this cache. Offline, any /parcours/<slug>/jouer?…
 *   navigation gets that module's shell, which plays from the device's store.
 * - Web push (messaging.push on the server): shows the notification it carries — a count, never a
 *   message's content — and, when tapped, opens (or focuses) the Tremplin page it names.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `tremplin-${version}`;
const OFFLINE_PAGE = '/hors-ligne';
const PUBLIC_PAGES = ['/', OFFLINE_PAGE];
const ASSETS = new Set([...build, ...files]);

// Learning pages kept for offline play (see the comment above).
const LEARNING_PAGES = ['/parcours', '/parcours/hors-ligne'];
const PLAYER_PATH = /^\/parcours\/[a-z0-9]+(?:-[a-z0-9]+)*\/jouer$/;

/** Is this path one of the learning pages this worker may keep? */
const isLearningPage = (path: string) => LEARNING_PAGES.includes(path) || PLAYER_PATH.test(path);

/** Fetches a learning page without cookies (nothing personal) and keeps it under its path. */
async function keepLearningPage(cache: Cache, path: string): Promise<void> {
	if (!isLearningPage(path)) return;
	// The player's shell: the page without any attempt.
	const source = PLAYER_PATH.test(path) ? `${path}?coquille=1` : path;
	const response = await fetch(source, { credentials: 'omit', cache: 'no-store' });
	if (response.ok && response.type === 'basic') await cache.put(path, response);
}

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
			// A new version: the learning pages kept by the old one point to old files; keep them again.
			const cache = await caches.open(CACHE);
			for (const key of await caches.keys()) {
				if (key === CACHE || !key.startsWith('tremplin-')) continue;
				const old = await caches.open(key);
				for (const request of await old.keys()) {
					await keepLearningPage(cache, new URL(request.url).pathname).catch(() => {});
				}
			}
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
		const page = PUBLIC_PAGES.includes(path) || isLearningPage(path) ? await cache.match(path) : undefined;
		return page ?? (await cache.match(OFFLINE_PAGE)) ?? Response.error();
	}
}

/** The player asks to keep a module it just saved on the device: { type: 'parcours:garder', slug }. */
sw.addEventListener('message', (event) => {
	const message = event.data as { type?: unknown; slug?: unknown } | null;
	if (message?.type !== 'parcours:garder' || typeof message.slug !== 'string') return;
	const player = `/parcours/${message.slug}/jouer`;
	if (!PLAYER_PATH.test(player)) return;
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			for (const path of [player, ...LEARNING_PAGES]) await keepLearningPage(cache, path).catch(() => {});
		})()
	);
});

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

/** What the server pushes (platform/push `PushPayload`); anything else gets a plain notice. */
interface Notice {
	title: string;
	body: string;
	url: string;
	tag: string;
}

/** A same-site path only: a notification never opens another site. */
const safePath = (url: unknown) => (typeof url === 'string' && /^\/(?!\/)[^\s\\]*$/.test(url) ? url : '/');

function readNotice(event: PushEvent): Notice {
	const fallback: Notice = { title: 'Tremplin', body: 'Du nouveau sur Tremplin.', url: '/', tag: 'tremplin' };
	try {
		const data = event.data?.json() as Partial<Notice> | undefined;
		if (!data || typeof data.title !== 'string' || typeof data.body !== 'string') return fallback;
		return {
			title: data.title.slice(0, 80),
			body: data.body.slice(0, 200),
			url: safePath(data.url),
			tag: typeof data.tag === 'string' ? data.tag.slice(0, 40) : 'tremplin'
		};
	} catch {
		return fallback;
	}
}

sw.addEventListener('push', (event) => {
	const notice = readNotice(event);
	event.waitUntil(
		sw.registration.showNotification(notice.title, {
			body: notice.body,
			tag: notice.tag,
			icon: '/icons/icon-192.png',
			badge: '/icons/icon-maskable-192.png',
			lang: 'fr',
			data: { url: notice.url }
		})
	);
});

sw.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const path = safePath((event.notification.data as { url?: unknown } | null)?.url);
	event.waitUntil(
		(async () => {
			const target = new URL(path, sw.location.origin).href;
			// A Tremplin tab already open comes forward on that page (only a tab this worker controls
			// can be navigated); otherwise a new one opens.
			for (const client of await sw.clients.matchAll({ type: 'window' })) {
				if (new URL(client.url).origin !== sw.location.origin) continue;
				try {
					// Focusing needs the click's user activation; without it (a synthetic event) the tab
					// is still taken to the page.
					const focused = await client.focus().catch(() => client);
					await focused.navigate(target);
					return;
				} catch {
					break;
				}
			}
			await sw.clients.openWindow(target);
		})()
	);
});
