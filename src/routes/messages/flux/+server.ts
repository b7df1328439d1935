import { getApp } from '$lib/server/app';
import { realtimeStreamsFor } from '$lib/server/modules/messaging';
import { getRealtimeHub, lastEventIdFrom, sseResponse } from '$lib/server/platform/realtime';
import type { RequestHandler } from './$types';

/**
 * Server-sent events of the messaging: the person's own streams only (see `realtimeStreamsFor`).
 * `?conversation=<id>` adds a conversation a staff member may read. Resumes from `Last-Event-ID`.
 */
export const GET: RequestHandler = async ({ locals, request, url }) => {
	if (!locals.actor) {
		return new Response('Connectez-vous pour continuer.', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	const app = await getApp();
	const streams = await realtimeStreamsFor(app, locals.actor, { conversationId: url.searchParams.get('conversation') });
	return sseResponse({
		hub: getRealtimeHub(app),
		streams,
		lastEventId: lastEventIdFrom(request, url),
		signal: request.signal
	});
};
