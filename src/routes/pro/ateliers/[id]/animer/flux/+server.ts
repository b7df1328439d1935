import { getApp } from '$lib/server/app';
import { getPresenterSnapshot, workshopStaffStream, workshopStream } from '$lib/server/modules/workshops';
import { getRealtimeHub, lastEventIdFrom, sseResponse } from '$lib/server/platform/realtime';
import type { RequestHandler } from './$types';

/**
 * The presenter's events: the participants' stream (`state`, `removed`) and the staff stream
 * (`count`, `players`). Staff of the workshop's Mission Locale only; anyone else, forged ids: 404.
 */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
	const app = await getApp();
	const snapshot = locals.actor ? await getPresenterSnapshot(app, locals.actor, params.id) : null;
	if (!snapshot) {
		return new Response('Cet atelier est introuvable.', {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
		});
	}
	const id = snapshot.workshop.id;
	return sseResponse({
		hub: getRealtimeHub(app),
		streams: [workshopStream(id), workshopStaffStream(id)],
		lastEventId: lastEventIdFrom(request, url),
		signal: request.signal
	});
};
