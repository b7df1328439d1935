import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { applyCvOperations } from '$lib/server/modules/cv';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RequestHandler } from './$types';

const MAX_BYTES = 512 * 1024;
function sameOrigin(origin: string | null, host: string): boolean {
	if (origin === null) return true; // not a browser: it carries no victim's cookies
	try {
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}

const refuse = (status: number, code: string, message: string) => json({ code, message }, { status, headers: { 'cache-control': 'no-store' } });

/**
 * The builder's edits made on the device (also offline), sent in order by its outbox
 * ($lib/cv/outbox.ts): a JSON array of at most 100 operations, each with the id the device made.
 * Answers `{ revision, draft, outcomes }`; a retry is answered "duplicate" and changes nothing.
 *
 * Cross-site requests: hooks refuse an unsafe request whose Origin is another site; this endpoint
 * also insists on a JSON body (a cross-site page cannot send one without a CORS preflight, which is
 * never granted) and on a same-origin Origin when one is sent.
 */
export const POST: RequestHandler = async ({ request, locals, params, url }) => {
	if (!sameOrigin(request.headers.get('origin'), request.headers.get('host') ?? url.host)) {
		return refuse(403, 'cv.cross_site', 'Requête refusée : elle ne vient pas de Tremplin.');
	}
	if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) {
		return refuse(415, 'cv.not_json', 'Les modifications doivent être envoyées en JSON.');
	}
	if (!locals.actor) return refuse(401, 'auth.required', 'Ta session a expiré : reconnecte-toi pour envoyer tes modifications.');
	let body: unknown;
	try {
		const bytes = await request.arrayBuffer();
		if (bytes.byteLength > MAX_BYTES) return refuse(413, 'cv.too_many_operations', 'Trop de modifications envoyées d’un coup : réessaie.');
		body = JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return refuse(400, 'cv.unreadable', 'Les modifications envoyées ne sont pas lisibles.');
	}
	if (!Array.isArray(body)) return refuse(400, 'cv.unreadable', 'Les modifications envoyées ne sont pas lisibles.');
	const app = await getApp();
	try {
		const result = await applyCvOperations(app, locals.actor, params.id, body);
		return json(result, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return refuse(e.status, e.code, e.message);
	}
};
