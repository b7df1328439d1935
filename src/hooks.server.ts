import { randomUUID } from 'node:crypto';
import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getApp } from '$lib/server/app';
import { SESSION_COOKIE } from '$lib/server/platform/session';
import { claimGuestProgress, clearGuestId, readGuestId } from '$lib/server/modules/learning';
import { claimGuestDiagnostics } from '$lib/server/modules/diagnostic';
import { guardRequest } from '$lib/server/platform/http/guards';

export const init: ServerInit = async () => {
	await getApp();
};

const requestId: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
	const started = performance.now();
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	const app = await getApp();
	app.logger.info(
		{
			requestId: event.locals.requestId,
			method: event.request.method,
			path: event.url.pathname,
			status: response.status,
			ms: Math.round(performance.now() - started),
			userId: event.locals.actor?.userId
		},
		'request'
	);
	return response;
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence (with SameSite=Lax cookies): an unsafe request that a browser marks as coming from
 * another site is refused. Browsers always send Origin on cross-origin POSTs; clients that send
 * neither Origin nor Sec-Fetch-Site are not browsers and carry no victim's cookies.
 */
const csrf: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (UNSAFE_METHODS.has(request.method)) {
		const origin = request.headers.get('origin');
		const host = request.headers.get('host');
		const site = request.headers.get('sec-fetch-site');
		let foreign = site === 'cross-site';
		if (origin) {
			try {
				foreign = foreign || new URL(origin).host !== host;
			} catch {
				foreign = true;
			}
		}
		if (foreign) {
			return new Response('Requête refusée : elle ne vient pas de Tremplin.', {
				status: 403,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
		}
	}
	return resolve(event);
};

/**
 * A plain form POST from a client that accepts anything (curl, scripts) gets the same answer as a
 * browser — a 303 redirect or an HTML page — instead of SvelteKit's JSON reply meant for
 * `use:enhance` (which announces itself with `x-sveltekit-action`).
 */
const plainFormPosts: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (request.method === 'POST' && !request.headers.has('x-sveltekit-action')) {
		const type = request.headers.get('content-type') ?? '';
		const accept = request.headers.get('accept') ?? '*/*';
		const isForm = type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
		if (isForm && !accept.includes('application/json')) request.headers.set('accept', 'text/html');
	}
	return resolve(event);
};

const session: Handle = async ({ event, resolve }) => {
	event.locals.actor = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const app = await getApp();
		const found = await app.sessions.validate(token);
		if (found) {
			event.locals.actor = found.actor;
			event.locals.session = found.session;
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/', secure: true });
		}
	}
	return resolve(event);
};

/**
 * What a guest played on this device (learning modules) becomes the account's at the first request
 * of a youth's session — whatever the way they signed in (password, code, passkey, activation).
 */
const claimGuest: Handle = async ({ event, resolve }) => {
	const actor = event.locals.actor;
	if (actor?.role === 'youth') {
		const guestId = readGuestId(event.cookies);
		if (guestId) {
			const app = await getApp();
			await claimGuestProgress(app, { guestId, userId: actor.userId });
			await claimGuestDiagnostics(app, { guestId, userId: actor.userId });
			clearGuestId(event.cookies);
		}
	}
	return resolve(event);
};

const guards: Handle = async ({ event, resolve }) => {
	const target = await guardRequest(event);
	if (target) redirect(303, target);
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('x-content-type-options', 'nosniff');
	h.set('referrer-policy', 'same-origin');
	h.set('x-frame-options', 'DENY');
	h.set('cross-origin-opener-policy', 'same-origin');
	h.set('cross-origin-resource-policy', 'same-origin');
	// Camera and microphone only for the visio pages (calls module), and only for Tremplin itself.
	const visio = /^\/visio\/[^/]+\/?$/.test(event.url.pathname);
	h.set(
		'permissions-policy',
		visio
			? 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()'
			: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
	);
	if (event.url.protocol === 'https:' && process.env.ORIGIN?.startsWith('https:')) h.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	// Pages with personal data are never stored by shared caches.
	if (event.locals.actor && !h.has('cache-control')) h.set('cache-control', 'private, no-store');
	// A CV opened by its share link (page, PDF, photo, errors alike): never indexed nor cached, and
	// its address (the token) never sent to the sites its links lead to.
	if (event.url.pathname.startsWith('/cv/p/')) {
		h.set('x-robots-tag', 'noindex, nofollow, noarchive');
		h.set('referrer-policy', 'no-referrer');
		h.set('cache-control', 'private, no-store');
	}
	return response;
};

export const handle = sequence(requestId, securityHeaders, csrf, plainFormPosts, session, claimGuest, guards);

export const handleError: HandleServerError = async ({ error, event, status }) => {
	const app = await getApp().catch(() => null);
	if (status === 413) {
		// A body over BODY_SIZE_LIMIT, cut by adapter-node before any action ran: nothing was stored.
		app?.logger.warn({ requestId: event.locals.requestId, path: event.url.pathname }, 'request body too large');
		return { message: 'Le fichier envoyé est trop lourd.', requestId: event.locals.requestId };
	}
	if (status !== 404) {
		app?.logger.error(
			{ err: error, requestId: event.locals.requestId, path: event.url.pathname },
			'unexpected error'
		);
	}
	return {
		message:
			status === 404
				? "Cette page n'existe pas."
				: 'Une erreur inattendue est survenue. Réessayez dans un instant.',
		requestId: event.locals.requestId
	};
};
