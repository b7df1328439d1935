import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { submitAnswerWithSecret } from '$lib/server/modules/workshops';
import { DomainError, isDomainError } from '$lib/server/platform/errors/errors';
import { AnswerBodyProblem, PLAYER_COOKIE, readAnswerBody, readPlayerCookie } from '$lib/workshops/transport';
import { jsonHeaders } from '../player.server';
import type { RequestHandler } from './$types';

/**
 * One answer of the player, JSON `{ index, response }` (4 KB at most; same origin, checked by the
 * CSRF hook). Answers `{ outcome }` ('recorded' | 'duplicate'), or `{ code, message }` with the
 * status of the refusal (too late, not open, already answered, paused, removed, ended…). The
 * player is checked from the cookie's secret in the answer's own transaction (hot path).
 */
export const POST: RequestHandler = async ({ cookies, params, request }) => {
	try {
		const kept = readPlayerCookie(cookies.get(PLAYER_COOKIE), params.id);
		if (!kept) throw new DomainError('workshops.player_unknown', 'not_found');
		let body: { index: number; response: unknown };
		try {
			body = await readAnswerBody(request);
		} catch (e) {
			if (!(e instanceof AnswerBodyProblem)) throw e;
			throw new DomainError('workshops.invalid_answer', 'invalid');
		}
		const app = await getApp();
		const { outcome } = await submitAnswerWithSecret(app, kept.workshopId, kept.secret, body);
		return json({ outcome }, { headers: jsonHeaders });
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return json({ code: e.code, message: e.message }, { status: e.status, headers: jsonHeaders });
	}
};
