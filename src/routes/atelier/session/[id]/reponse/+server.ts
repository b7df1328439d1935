import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { submitAnswer } from '$lib/server/modules/workshops';
import { DomainError, isDomainError } from '$lib/server/platform/errors/errors';
import { AnswerBodyProblem, readAnswerBody } from '$lib/workshops/transport';
import { jsonHeaders, missingPlayerReason, playerOf } from '../player.server';
import type { RequestHandler } from './$types';

/**
 * One answer of the player, JSON `{ index, response }` (4 KB at most; same origin, checked by the
 * CSRF hook). Answers `{ outcome }` ('recorded' | 'duplicate'), or `{ code, message }` with the
 * status of the refusal (too late, not open, already answered, paused, removed, ended…).
 */
export const POST: RequestHandler = async ({ cookies, params, request }) => {
	try {
		const app = await getApp();
		const player = await playerOf(app, cookies, params.id);
		if (!player) {
			const reason = await missingPlayerReason(app, cookies, params.id);
			throw new DomainError(reason === 'removed' ? 'workshops.removed' : 'workshops.player_unknown', reason === 'removed' ? 'forbidden' : 'not_found');
		}
		let body: { index: number; response: unknown };
		try {
			body = await readAnswerBody(request);
		} catch (e) {
			if (!(e instanceof AnswerBodyProblem)) throw e;
			throw new DomainError('workshops.invalid_answer', 'invalid');
		}
		const { outcome } = await submitAnswer(app, player, body);
		return json({ outcome }, { headers: jsonHeaders });
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return json({ code: e.code, message: e.message }, { status: e.status, headers: jsonHeaders });
	}
};
