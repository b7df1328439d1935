import { getApp } from '$lib/server/app';
import { workshopStream } from '$lib/server/modules/workshops';
import { getRealtimeHub, lastEventIdFrom, sseResponse } from '$lib/server/platform/realtime';
import { playerOf } from '../player.server';
import type { RequestHandler } from './$types';

/**
 * The session's events for its players (`state`, `removed`; see `$lib/workshops/live.ts`): only
 * the participants' stream, never the staff one. No player cookie for this workshop: 404.
 */
export const GET: RequestHandler = async ({ cookies, params, request, url }) => {
	const app = await getApp();
	const player = await playerOf(app, cookies, params.id);
	if (!player) {
		return new Response('Tu ne fais pas partie de cet atelier.', {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
		});
	}
	return sseResponse({
		hub: getRealtimeHub(app),
		streams: [workshopStream(player.workshopId)],
		lastEventId: lastEventIdFrom(request, url),
		signal: request.signal
	});
};
