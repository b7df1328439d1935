import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getPlayerSnapshot } from '$lib/server/modules/workshops';
import { DomainError, isDomainError } from '$lib/server/platform/errors/errors';
import { jsonHeaders, missingPlayerReason, playerOf } from '../player.server';
import type { RequestHandler } from './$types';

/** The player's snapshot (PlayerSnapshot JSON), read again after a reveal, the end, or a reconnection. */
export const GET: RequestHandler = async ({ cookies, params }) => {
	try {
		const app = await getApp();
		const player = await playerOf(app, cookies, params.id);
		if (!player) {
			const reason = await missingPlayerReason(app, cookies, params.id);
			throw new DomainError(reason === 'removed' ? 'workshops.removed' : 'workshops.player_unknown', reason === 'removed' ? 'expired' : 'not_found');
		}
		return json(await getPlayerSnapshot(app, player), { headers: jsonHeaders });
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return json({ code: e.code, message: e.message }, { status: e.status, headers: jsonHeaders });
	}
};
