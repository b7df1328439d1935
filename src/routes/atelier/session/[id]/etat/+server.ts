import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getPlayerSnapshotBySecret } from '$lib/server/modules/workshops';
import { DomainError, isDomainError } from '$lib/server/platform/errors/errors';
import { PLAYER_COOKIE, readPlayerCookie } from '$lib/workshops/transport';
import { jsonHeaders } from '../player.server';
import type { RequestHandler } from './$types';

/**
 * The player's snapshot (PlayerSnapshot JSON), read again after a reveal, the end, or a
 * reconnection — by every phone at once after a reveal, so the player is found by the cookie's
 * secret in the snapshot's own statement.
 */
export const GET: RequestHandler = async ({ cookies, params }) => {
	try {
		const app = await getApp();
		const kept = readPlayerCookie(cookies.get(PLAYER_COOKIE), params.id);
		const snapshot = kept ? await getPlayerSnapshotBySecret(app, kept.workshopId, kept.secret) : null;
		if (snapshot === 'removed') throw new DomainError('workshops.removed', 'expired');
		if (!snapshot) throw new DomainError('workshops.player_unknown', 'not_found');
		return json(snapshot, { headers: jsonHeaders });
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return json({ code: e.code, message: e.message }, { status: e.status, headers: jsonHeaders });
	}
};
