/**
 * The per-process realtime hub: one LISTEN on `realtime`, subscribers by stream, events read
 * back from `realtime_events` in id order.
 *
 * - A hint (NOTIFY) or the safety poll (every `pollMs`, only while someone is subscribed) makes
 *   the hub read `id > cursor` (all streams: one primary-key range scan, whatever the number of
 *   subscribers), deliver each event to the subscribers of its stream in id order and advance
 *   `cursor`. Ids commit in order (see realtime.ts), so nothing committed is skipped.
 *   (Reading only the subscribed streams, `stream in (…)`, cost one parameter per stream: with
 *   1,000 connected clients each hint took ~25 ms of PGlite's single connection — see
 *   docs/BENCHMARKS.md, messaging.)
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
	/** The same subscribers by stream: delivering an event costs its stream's subscribers only. */
	const byStream = new Map<string, Set<Subscriber>>();
	function index(sub: Subscriber) {
		subscribers.add(sub);
		for (const stream of sub.streams) {
			let set = byStream.get(stream);
			if (!set) byStream.set(stream, (set = new Set()));
			set.add(sub);
		}
	}
	function unindex(sub: Subscriber) {
		subscribers.delete(sub);
		for (const stream of sub.streams) {
			const set = byStream.get(stream);
			set?.delete(sub);
			if (set?.size === 0) byStream.delete(stream);
		}
	}
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
		for (;;) {
			const rows = await db
				.select()
				.from(realtimeEvents)
				.where(gt(realtimeEvents.id, cursor))
				.orderBy(asc(realtimeEvents.id))
				.limit(pageSize);
			for (const row of rows) {
				cursor = row.id;
				const listeners = byStream.get(row.stream);
				if (listeners) for (const sub of [...listeners]) deliver(sub, row);
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
			index(sub);
			updatePolling();
			// Events above the cursor may be committed already, their hint still on its way (or
			// gone, if nobody was subscribed). Read them now, like a hint would.
			await readNew();
		});
		let active = true;
		return () => {
			if (!active) return;
			active = false;
			unindex(sub);
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
			byStream.clear();
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
