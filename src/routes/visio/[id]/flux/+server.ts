import { getApp } from '$lib/server/app';
import { callStream, findCall } from '$lib/server/modules/calls';
import { getRealtimeHub, lastEventIdFrom, sseResponse } from '$lib/server/platform/realtime';
import type { RequestHandler } from './$types';

const notFound = () =>
	new Response("Cet appel est introuvable, ou vous n'y participez pas.", {
		status: 404,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});

/**
 * Server-sent events of a call's signalling, for its two participants only (anyone else, and
 * forged ids: 404). Resumes from `Last-Event-ID`, else `?depuis=` (the page's load gives it).
 */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
	if (!locals.actor) return notFound();
	const app = await getApp();
	const call = await findCall(app, locals.actor, params.id);
	if (!call) return notFound();
	return sseResponse({
		hub: getRealtimeHub(app),
		streams: [callStream(call.id)],
		lastEventId: lastEventIdFrom(request, url),
		signal: request.signal
	});
};
