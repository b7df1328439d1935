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
import { and, asc, desc, gt, inArray, lte, sql } from 'drizzle-orm';
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
	/** Reads new events now; with the id a hint carries, only if it is beyond what was delivered. */
	wakeUp(hintId?: number): Promise<void>;
	/** Events this process has just committed (see `offerCommittedEvents`). */
	offer(events: RealtimeEvent[]): Promise<void>;
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

	// Coalesce hints: at most one read queued behind the running one. A hint carries the last id its
	// publisher committed: at or below the cursor, everything it announces was delivered already
	// (read, or offered from memory by this process) and no read is needed. The safety poll and
	// callers without an id always read.
	let readQueued: Promise<void> | null = null;
	let queuedForced = false;
	let queuedHint = 0;
	function wakeUp(hintId?: number): Promise<void> {
		// No check of `subscribers` here: a subscription may be completing in the chain.
		if (closed) return Promise.resolve();
		if (hintId === undefined || !Number.isSafeInteger(hintId)) queuedForced = true;
		else queuedHint = Math.max(queuedHint, hintId);
		readQueued ??= serially(async () => {
			readQueued = null;
			const forced = queuedForced;
			const hint = queuedHint;
			queuedForced = false;
			queuedHint = 0;
			if (!forced && cursorReady && hint <= cursor) return;
			await readNew();
		}).catch((error) => onError(error));
		return readQueued;
	}

	/**
	 * Events this process has just committed, with their ids: delivered from memory when they are
	 * the next ones after the cursor (nothing committed in between), otherwise read from the table
	 * like a hint. Either way, in id order with everything else the hub delivers.
	 */
	function offer(events: RealtimeEvent[]): Promise<void> {
		if (closed || events.length === 0) return Promise.resolve();
		return serially(async () => {
			if (subscribers.size === 0 || !cursorReady) return;
			// Already read (a hint came first): nothing to do. Not right after the cursor: read.
			const sorted = events.filter((event) => event.id > cursor).sort((a, b) => a.id - b.id);
			if (sorted.length === 0) return;
			if (sorted.some((event, i) => event.id !== cursor + 1 + i)) return readNew();
			for (const event of sorted) {
				cursor = event.id;
				const listeners = byStream.get(event.stream);
				if (listeners) for (const sub of [...listeners]) deliver(sub, event);
			}
		}).catch((error) => onError(error));
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

	// Every hint runs it: built once (a named prepared statement on PostgreSQL).
	const readAfter = db
		.select()
		.from(realtimeEvents)
		.where(gt(realtimeEvents.id, sql.placeholder('cursor')))
		.orderBy(asc(realtimeEvents.id))
		.limit(sql.placeholder('limit'))
		.prepare('realtime_read_after');

	async function readNew() {
		if (subscribers.size === 0) return;
		for (;;) {
			const rows = await readAfter.execute({ cursor, limit: pageSize });
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
			// A hint waits one turn of the event loop: a publisher of this process, which has its
			// events in memory, offers them first and the hint then finds nothing left to read.
			.listen(REALTIME_CHANNEL, (payload) => {
				const hint = /^\d{1,15}$/.test(payload) ? Number(payload) : undefined;
				setImmediate(() => void wakeUp(hint));
			})
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
		offer,
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

/**
 * Events just committed by this process (their ids from the publish), handed to this process's
 * hub so that its subscribers get them at once, without waiting for the hint and reading them back.
 * Call it only after the commit (an event offered from a transaction that then rolls back would
 * reach clients). Nothing happens when no hub was started on this database.
 */
export function offerCommittedEvents(database: DatabaseHandle, events: RealtimeEvent[]): Promise<void> {
	return hubs.get(database)?.offer(events) ?? Promise.resolve();
}
