import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { callNotFound, postSignal, readSignalBody, requireCall } from '$lib/server/modules/calls';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RequestHandler } from './$types';

/**
 * One signalling message of a call participant: JSON `{ type, data, session?, to? }` (see
 * `calls.validation.ts`), published on the call's stream. Answers JSON `{ id }`, or
 * `{ code, message }` with 400 (invalid, too large), 404 (not a participant, forged id),
 * 409 (call ended) or 429 (too many signals, with `retry-after`).
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	try {
		if (!locals.actor) throw callNotFound();
		const app = await getApp();
		// Participants only, before reading anything: others learn nothing about the call.
		await requireCall(app, locals.actor, params.id);
		const raw = await readSignalBody(request);
		const outcome = await postSignal(app, locals.actor, params.id, raw);
		return json({ id: outcome.eventId }, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (!isDomainError(e)) throw e;
		const headers: Record<string, string> = { 'cache-control': 'no-store' };
		if (e.retryAfterSeconds) headers['retry-after'] = String(e.retryAfterSeconds);
		return json({ code: e.code, message: e.message }, { status: e.status, headers });
	}
};
