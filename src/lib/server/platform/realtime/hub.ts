/**
 * The per-process realtime hub: one LISTEN on `realtime`, subscribers by stream, events read
 * back from `realtime_events` in id order.
 *
 * - A hint (NOTIFY) or the safety poll (every `pollMs`, only while someone is subscribed) makes
 *   the hub read `id > cursor` for the streams that have subscribers, deliver in id order and
 *   advance `cursor`. Ids commit in order (see realtime.ts), so nothing committed is skipped.
 * - `subscribe(streams, afterId, onEvent)` replays `afterId < id <= cursor` from the table, then
 *   receives live events (`id > cursor`). Replays and reads run one at a time on the hub, and each
 *   subscriber drops ids it has already had: no gap and no duplicate at the boundary.
 * - Nothing starts until the first subscription (no LISTEN at boot).
 */
import { and, asc, desc, gt, inArray, lte } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { REALTIME_CHANNEL } from './realtime';
import { realtimeEvents } from './realtime.schema';

export interface RealtimeEvent {
	id: number;
	stream: string;
	type: string;
	payload: unknown;
	createdAt: Date;
}

export type RealtimeListener = (event: RealtimeEvent) => void;

export interface RealtimeHub {
	/** Replays events after `afterId`, then live ones; resolves once the replay is delivered. */
	subscribe(streams: string[], afterId: number, onEvent: RealtimeListener): Promise<() => void>;
	/** Reads new events now (what a hint does); callers may use it after a commit. */
	wakeUp(): Promise<void>;
	subscriberCount(): number;
	close(): Promise<void>;
}

export interface RealtimeHubOptions {
	/** Safety poll while someone is subscribed (a missed NOTIFY must not lose events). */
	pollMs?: number;
	/** Rows read per query. */
	pageSize?: number;
	onError?: (error: unknown) => void;
}

interface Subscriber {
	streams: Set<string>;
	lastId: number;
	onEvent: RealtimeListener;
}

export function createRealtimeHub(handle: DatabaseHandle, options: RealtimeHubOptions = {}): RealtimeHub {
	const pollMs = options.pollMs ?? 3000;
	const pageSize = options.pageSize ?? 500;
	const onError = options.onError ?? (() => {});
	const db = handle.db;
	const subscribers = new Set<Subscriber>();
	let cursor = 0;
	let cursorReady = false;
	let unlisten: (() => Promise<void>) | null = null;
	let listening: Promise<void> | null = null;
	let pollTimer: ReturnType<typeof setInterval> | null = null;
	let closed = false;

	// One operation at a time (reads, replays): a promise chain.
	let chain: Promise<void> = Promise.resolve();
	function serially<T>(fn: () => Promise<T>): Promise<T> {
		const run = chain.then(fn);
		chain = run.then(
			() => undefined,
			() => undefined
		);
		return run;
	}

	// Coalesce hints: at most one read queued behind the running one.
	let readQueued: Promise<void> | null = null;
	function wakeUp(): Promise<void> {
		// No check of `subscribers` here: a subscription may be completing in the chain.
		if (closed) return Promise.resolve();
		readQueued ??= serially(async () => {
			readQueued = null;
			await readNew();
		}).catch((error) => onError(error));
		return readQueued;
	}

	function deliver(sub: Subscriber, event: RealtimeEvent) {
		if (event.id <= sub.lastId || !sub.streams.has(event.stream)) return;
		sub.lastId = event.id;
		try {
			sub.onEvent(event);
		} catch (error) {
			onError(error);
		}
	}

	async function readNew() {
		if (subscribers.size === 0) return;
		const streams = [...new Set([...subscribers].flatMap((s) => [...s.streams]))];
		for (;;) {
			const rows = await db
				.select()
				.from(realtimeEvents)
				.where(and(gt(realtimeEvents.id, cursor), inArray(realtimeEvents.stream, streams)))
				.orderBy(asc(realtimeEvents.id))
				.limit(pageSize);
			for (const row of rows) {
				cursor = row.id;
				for (const sub of [...subscribers]) deliver(sub, row);
			}
			if (rows.length < pageSize) return;
		}
	}

	async function initCursor() {
		const [last] = await db
			.select({ id: realtimeEvents.id })
			.from(realtimeEvents)
			.orderBy(desc(realtimeEvents.id))
			.limit(1);
		cursor = last?.id ?? 0;
		cursorReady = true;
	}

	function ensureListening(): Promise<void> {
		listening ??= handle
			.listen(REALTIME_CHANNEL, () => void wakeUp())
			.then((stop) => {
				unlisten = stop;
			})
			.catch((error) => {
				// The safety poll still delivers; try LISTEN again on the next subscription.
				listening = null;
				onError(error);
			});
		return listening;
	}

	function updatePolling() {
		if (subscribers.size > 0 && !pollTimer && !closed) {
			pollTimer = setInterval(() => void wakeUp(), pollMs);
			pollTimer.unref?.();
		} else if (subscribers.size === 0 && pollTimer) {
			clearInterval(pollTimer);
			pollTimer = null;
		}
	}

	async function subscribe(streams: string[], afterId: number, onEvent: RealtimeListener) {
		if (closed) throw new Error('realtime hub closed');
		const sub: Subscriber = { streams: new Set(streams), lastId: Math.max(0, afterId), onEvent };
		// LISTEN before reading, so a commit after our read is always followed by a hint.
		await ensureListening();
		await serially(async () => {
			// With nobody subscribed the cursor stopped following: start again from the end.
			if (!cursorReady || subscribers.size === 0) await initCursor();
			const wanted = [...sub.streams];
			while (wanted.length > 0 && sub.lastId < cursor) {
				const rows = await db
					.select()
					.from(realtimeEvents)
					.where(
						and(
							gt(realtimeEvents.id, sub.lastId),
							lte(realtimeEvents.id, cursor),
							inArray(realtimeEvents.stream, wanted)
						)
					)
					.orderBy(asc(realtimeEvents.id))
					.limit(pageSize);
				for (const row of rows) deliver(sub, row);
				if (rows.length < pageSize) break;
			}
			sub.lastId = Math.max(sub.lastId, cursor);
			subscribers.add(sub);
			updatePolling();
			// The cursor only follows the streams that had subscribers: events of this one above
			// it may be committed already, their hint gone. Read them now, like a hint would.
			await readNew();
		});
		let active = true;
		return () => {
			if (!active) return;
			active = false;
			subscribers.delete(sub);
			updatePolling();
		};
	}

	return {
		subscribe,
		wakeUp,
		subscriberCount: () => subscribers.size,
		async close() {
			closed = true;
			subscribers.clear();
			updatePolling();
			await listening;
			await unlisten?.();
			unlisten = null;
		}
	};
}

const hubs = new WeakMap<DatabaseHandle, RealtimeHub>();

/** The hub of this process for the app's database, created on first use. */
export function getRealtimeHub(app: { database: DatabaseHandle }, options?: RealtimeHubOptions): RealtimeHub {
	let hub = hubs.get(app.database);
	if (!hub) {
		hub = createRealtimeHub(app.database, options);
		hubs.set(app.database, hub);
	}
	return hub;
}
