import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { clientAddress } from '$lib/server/modules/authentication';
import { touchYouthActivity } from '$lib/server/modules/accounts';
import { guestIdFor, readGuestId, recordAnswers } from '$lib/server/modules/learning';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RequestHandler } from './$types';

const MAX_BYTES = 256 * 1024;
const UNREADABLE = 'Les réponses envoyées ne sont pas lisibles.';

const refuse = (status: number, code: string, message: string) => json({ code, message }, { status });

/**
 * Answers played offline (or in the background by the player), sent in batches by the device's
 * queue ($lib/learning/offline.ts). Idempotent: each answer carries an id made by the device.
 */
export const POST: RequestHandler = async (event) => {
	const { request, locals, cookies } = event;
	// The body is always read (the server's own limit bounds it): answering before reading it would
	// leave the connection in a state some clients cannot reuse.
	let body: unknown;
	try {
		const bytes = await request.arrayBuffer();
		if (bytes.byteLength > MAX_BYTES) {
			return refuse(400, 'learning.batch_too_large', 'Trop de réponses envoyées d’un coup. Réessaie : elles partiront en plusieurs fois.');
		}
		body = JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return refuse(400, 'learning.invalid_batch', UNREADABLE);
	}
	const app = await getApp();
	const actor = locals.actor;
	try {
		const viewer = { actor, guestId: actor ? readGuestId(cookies) : await guestIdFor(app, cookies, clientAddress(event)) };
		const result = await recordAnswers(app, viewer, body);
		if (actor?.role === 'youth' && result.answers.some((a) => a.status === 'accepted' && !a.duplicate)) {
			await touchYouthActivity(app, actor.userId);
		}
		return json(result, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return refuse(e.status, e.code, e.message);
	}
};
