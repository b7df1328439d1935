/**
 * Publishing realtime events.
 *
 * Contract (read before calling):
 * - `publishEvent(db, event)` inserts the event into `realtime_events` and queues a
 *   `pg_notify('realtime', …)` wake-up hint **through the same `db`**. Pass your transaction:
 *   the event then exists only if your transaction commits, and PostgreSQL (and PGlite, which is
 *   PostgreSQL) delivers a NOTIFY issued inside a transaction at commit, never on rollback. So
 *   subscribers are woken after the commit, never before. Outside a transaction it commits at once.
 * - Ids increase in commit order: publishers take a transaction-scoped advisory lock before
 *   taking an id, held until their transaction ends. A reader that has seen id N can therefore
 *   never later find a committed id < N, and one `Last-Event-ID` is enough to resume. The price:
 *   publishing transactions are serialised from the publish to the commit — **publish last** in
 *   your transaction, just before returning, and keep it short.
 * - Hints are only hints: the hub re-reads the table on each hint and polls every few seconds,
 *   so a lost NOTIFY (dropped LISTEN connection, raw insert) delays an event, never loses it.
 * - The payload is sent as is (JSON) to every subscriber of the stream: put only what every
 *   subscriber may see, small (ids, short texts); clients refetch details if needed.
 */
import { desc, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { realtimeEvents } from './realtime.schema';

/** The NOTIFY channel all hubs LISTEN on. */
export const REALTIME_CHANNEL = 'realtime';
/** Advisory lock key serialising publishers (arbitrary constant, 'rtev'). */
export const PUBLISH_LOCK_KEY = 0x72746576;

export interface RealtimeEventInput {
	/** Who listens, e.g. `conversation:<uuid>` or `user:<uuid>`. */
	stream: string;
	/** The SSE `event:` name, e.g. `message`. Letters, digits, `.`, `_`, `-`, `:` only. */
	type: string;
	payload: unknown;
}

const STREAM = /^[A-Za-z0-9_.:-]{1,200}$/;
const TYPE = /^[A-Za-z0-9_.:-]{1,100}$/;

export async function publishEvent(db: Database, event: RealtimeEventInput): Promise<{ id: number }> {
	const [published] = await publishEvents(db, [event]);
	return published!;
}

/**
 * Publishes several events at once, in the given order (consecutive ids): one lock, one insert and
 * one wake-up hint for all of them — what a message costs on the send path.
 */
export async function publishEvents(db: Database, events: RealtimeEventInput[]): Promise<{ id: number }[]> {
	if (events.length === 0) return [];
	checkEvents(events);
	// A nested transaction is a savepoint inside the caller's transaction: the lock below lasts
	// until the outer transaction ends.
	return db.transaction((tx) => insertEvents(tx as unknown as Database, events));
}

/**
 * `publishEvents` for a caller already inside its own transaction (`tx`): the same lock, insert and
 * hint, without the savepoint (two statements fewer on a hot path such as sending a message). If
 * the caller's transaction rolls back, the events go with it, as they should.
 */
export async function publishEventsInTransaction(tx: Database, events: RealtimeEventInput[]): Promise<{ id: number }[]> {
	if (events.length === 0) return [];
	checkEvents(events);
	return insertEvents(tx, events);
}

function checkEvents(events: RealtimeEventInput[]): void {
	for (const event of events) {
		if (!STREAM.test(event.stream)) throw new Error(`invalid realtime stream: ${event.stream}`);
		if (!TYPE.test(event.type)) throw new Error(`invalid realtime event type: ${event.type}`);
	}
}

async function insertEvents(tx: Database, events: RealtimeEventInput[]): Promise<{ id: number }[]> {
	// realtime.routines.sql: the lock (PUBLISH_LOCK_KEY), the insert in order and the hint, in one
	// statement (one round trip instead of three on the send path).
	const json = JSON.stringify(events.map((event) => ({ stream: event.stream, type: event.type, payload: event.payload ?? {} })));
	const result = await tx.execute<{ id: string | number }>(sql`select realtime_publish(${json}::jsonb) as id`);
	const rows = (result as unknown as { rows: { id: string | number }[] }).rows;
	return rows.map((r) => Number(r.id)).sort((a, b) => a - b).map((id) => ({ id }));
}

/** How long events are kept: far longer than any reconnection. */
export const REALTIME_RETENTION_DAYS = 7;

/** Registered purge (index.ts): deletes events older than the retention. */
export async function purgeOldRealtimeEvents(db: Database, now: Date): Promise<void> {
	const limit = new Date(now.getTime() - REALTIME_RETENTION_DAYS * 24 * 3600_000);
	await db.delete(realtimeEvents).where(lt(realtimeEvents.createdAt, limit));
}

/**
 * The last event id committed so far, for a page that renders data then opens an event stream
 * with `?depuis=<id>`: read it **before** reading the data, so that nothing falls between the
 * two (an event may then come for something already shown: clients ignore what they have).
 */
export async function latestEventId(db: Database): Promise<number> {
	const [row] = await db.select({ id: realtimeEvents.id }).from(realtimeEvents).orderBy(desc(realtimeEvents.id)).limit(1);
	return row?.id ?? 0;
}
