/**
 * Server-sent events over the realtime hub. Each event is written as
 * `id: <id>\nevent: <type>\ndata: <json>\n\n`; a comment line every `heartbeatMs` keeps proxies
 * from closing the connection; `retry:` tells the browser when to reconnect. The browser's
 * EventSource resends the last id in `Last-Event-ID`, and the hub replays what was missed.
 */
import type { RealtimeEvent, RealtimeHub } from './hub';

export const HEARTBEAT_MS = 25_000;
export const RETRY_MS = 3000;
/** Events queued for a client that does not read; beyond, we close and it resumes later. */
const MAX_QUEUED = 1000;

/** The resume point: `Last-Event-ID` header, else `?depuis=`; digits only, else 0. */
export function lastEventIdFrom(request: Request, url: URL = new URL(request.url)): number {
	const raw = request.headers.get('last-event-id') ?? url.searchParams.get('depuis') ?? '';
	const value = raw.trim();
	if (!/^\d{1,15}$/.test(value)) return 0;
	return Number(value);
}

export function formatEvent(event: Pick<RealtimeEvent, 'id' | 'type' | 'payload'>): string {
	// JSON.stringify escapes line breaks inside strings, so `data` stays on one line.
	const type = event.type.replace(/[\r\n]/g, '');
	return `id: ${event.id}\nevent: ${type}\ndata: ${JSON.stringify(event.payload ?? null)}\n\n`;
}

export interface SseOptions {
	hub: RealtimeHub;
	streams: string[];
	lastEventId: number;
	/** `request.signal`: closing the connection ends the subscription. */
	signal?: AbortSignal;
	heartbeatMs?: number;
	retryMs?: number;
}

export function sseResponse(options: SseOptions): Response {
	const { hub, streams, lastEventId, signal } = options;
	const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
	const retryMs = options.retryMs ?? RETRY_MS;
	const encoder = new TextEncoder();
	let unsubscribe: (() => void) | null = null;
	let heartbeat: ReturnType<typeof setInterval> | null = null;
	let finished = false;
	let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;

	function cleanup() {
		if (finished) return;
		finished = true;
		if (heartbeat) clearInterval(heartbeat);
		heartbeat = null;
		unsubscribe?.();
		unsubscribe = null;
		signal?.removeEventListener('abort', onAbort);
	}
	function onAbort() {
		cleanup();
		try {
			controllerRef?.close();
		} catch {
			// already closed
		}
	}
	function send(text: string) {
		if (finished || !controllerRef) return;
		try {
			controllerRef.enqueue(encoder.encode(text));
			if ((controllerRef.desiredSize ?? 0) < -MAX_QUEUED) onAbort();
		} catch {
			cleanup();
		}
	}

	const body = new ReadableStream<Uint8Array>(
		{
			start(controller) {
				controllerRef = controller;
				if (signal?.aborted) return onAbort();
				signal?.addEventListener('abort', onAbort);
				send(`retry: ${retryMs}\n: connecté\n\n`);
				heartbeat = setInterval(() => send(': ping\n\n'), heartbeatMs);
				hub.subscribe(streams, lastEventId, (event) => send(formatEvent(event))).then(
					(stop) => {
						if (finished) stop();
						else unsubscribe = stop;
					},
					() => onAbort()
				);
			},
			cancel() {
				cleanup();
			}
		},
		{ highWaterMark: 1, size: () => 1 }
	);

	return new Response(body, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
}
