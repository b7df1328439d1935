/**
 * Reliability of sending and delivery (issue 4): duplicated sends, out-of-order retries of a burst,
 * and a client that resumes from an old Last-Event-ID after missing events — nothing lost, nothing
 * twice. (The server restart during a burst is tests/e2e/messaging/restart.e2e.ts.)
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { createRealtimeHub, latestEventId, publishEvent, realtimeEvents, type RealtimeEvent, type RealtimeHub } from '$lib/server/platform/realtime';
import { actorOf, aSite, aWorld, aYouth, type World } from '$lib/server/testing/world';
import { realtimeStreamsFor } from './messaging.queries';
import { conversations, messages } from './messaging.schema';
import { openConversation, sendMessage } from './messaging.usecases';

let handle: DatabaseHandle;
let deps: Deps;
let w: World;
const hubs: RealtimeHub[] = [];
const clock = new Date('2025-03-10T10:00:00Z');

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	w = await aWorld(deps.db);
	// Always open: no automatic night reply in these counts.
	const allDay = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '24:00' }));
	for (const s of Object.values(w.structures)) await aSite(deps.db, s.id, { openingHours: allDay });
}, 60_000);
afterAll(async () => {
	for (const hub of hubs) await hub.close();
	await handle.close();
});

async function freshConversation() {
	const y = await aYouth(deps.db, w.structures.lyon.id, w.people.counselor.id, { firstName: 'Yanis', lastName: `N${randomUUID().slice(0, 6)}` });
	const youth = actorOf({ id: y.id, role: 'youth', structureId: y.structureId, networkId: null, companyId: null });
	const conversation = await openConversation(deps, youth, y.id);
	return { youth, conversationId: conversation.id };
}

async function storedOf(conversationId: string) {
	return deps.db
		.select({ id: messages.id, seq: messages.seq, body: messages.body })
		.from(messages)
		.where(eq(messages.conversationId, conversationId))
		.orderBy(asc(messages.seq));
}

async function messageEventsOf(conversationId: string) {
	const rows = await deps.db
		.select()
		.from(realtimeEvents)
		.where(eq(realtimeEvents.stream, `conversation:${conversationId}`))
		.orderBy(asc(realtimeEvents.id));
	return rows.map((r) => r.payload as { id: string; seq: number });
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function shuffled<T>(items: T[], seed: number): T[] {
	// A small deterministic shuffle (the same order on every run).
	const out = [...items];
	let s = seed;
	for (let i = out.length - 1; i > 0; i--) {
		s = (s * 1103515245 + 12345) % 2 ** 31;
		const j = s % (i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

/**
 * Runs the tasks with at most `width` at once, in the given order: concurrent like phones, but
 * within the test pool's connections (every send is a transaction waiting on the same row lock).
 */
async function concurrently<T>(tasks: (() => Promise<T>)[], width = 8): Promise<T[]> {
	const results: T[] = new Array(tasks.length);
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const i = next++;
			results[i] = await tasks[i]!();
		}
	};
	await Promise.all(Array.from({ length: width }, worker));
	return results;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000) {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

describe('duplicated and out-of-order sends', () => {
	it('a burst of 40 from both sides, then every message retried in a shuffled order, concurrently with new ones: each id once, seq without gap', async () => {
		const { youth, conversationId } = await freshConversation();
		const senders: Actor[] = [youth, w.actors.counselor, w.actors.counselor2];
		const burst = range(40).map((n) => ({ id: randomUUID(), body: `Rafale ${n}`, actor: senders[n % senders.length]! }));
		const first = await concurrently(burst.map((m) => () => sendMessage(deps, m.actor, { conversationId, clientId: m.id, body: m.body })));
		expect(first.every((o) => o.created)).toBe(true);
		const seqOf = new Map(first.map((o) => [o.message.id, o.message.seq]));

		// A phone that lost the answers resends everything, out of order, while 10 new messages go.
		const fresh = range(10).map((n) => ({ id: randomUUID(), body: `Nouveau ${n}`, actor: senders[n % senders.length]! }));
		const work = shuffled([...burst.map((m) => ({ ...m, retry: true })), ...fresh.map((m) => ({ ...m, retry: false }))], 42);
		const second = await concurrently(
			work.map((m) => () => sendMessage(deps, m.actor, { conversationId, clientId: m.id.toUpperCase(), body: m.body }).then((o) => ({ m, o })))
		);
		for (const { m, o } of second) {
			expect(o.created, m.body).toBe(!m.retry);
			if (m.retry) expect(o.message.seq, m.body).toBe(seqOf.get(m.id));
		}

		const stored = await storedOf(conversationId);
		expect(stored.map((r) => r.seq)).toEqual(range(50));
		expect(new Set(stored.map((r) => r.id)).size).toBe(50);
		expect(stored.map((r) => r.id).sort()).toEqual([...burst, ...fresh].map((m) => m.id).sort());
		const [row] = await deps.db.select().from(conversations).where(eq(conversations.id, conversationId));
		expect(row!.nextSeq).toBe(50);
		// One event per stored message, none for the retries, in sequence order.
		const events = await messageEventsOf(conversationId);
		expect(events.map((e) => e.seq)).toEqual(range(50));
		expect(new Set(events.map((e) => e.id)).size).toBe(50);
	});

	it('the same 15 ids sent 4 times each, 8 at a time and interleaved: 15 messages, 15 events', async () => {
		const { youth, conversationId } = await freshConversation();
		const ids = range(15).map(() => randomUUID());
		const attempts = shuffled(
			ids.flatMap((id, i) => range(4).map(() => ({ id, body: `Message ${i + 1}` }))),
			7
		);
		const outcomes = await concurrently(attempts.map((a) => () => sendMessage(deps, youth, { conversationId, clientId: a.id, body: a.body })));
		expect(outcomes.filter((o) => o.created)).toHaveLength(15);
		// Every attempt of one id got the same stored message.
		for (const id of ids) {
			const seqs = new Set(outcomes.filter((o) => o.message.id === id).map((o) => o.message.seq));
			expect(seqs.size).toBe(1);
		}
		const stored = await storedOf(conversationId);
		expect(stored.map((r) => r.seq)).toEqual(range(15));
		expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
		expect((await messageEventsOf(conversationId)).map((e) => e.seq)).toEqual(range(15));
	});

	it('a retry with the same id but another text keeps the first text (the device resent an edited copy)', async () => {
		const { youth, conversationId } = await freshConversation();
		const id = randomUUID();
		await sendMessage(deps, youth, { conversationId, clientId: id, body: 'Premier texte' });
		const retry = await sendMessage(deps, youth, { conversationId, clientId: id, body: 'Texte modifié' });
		expect(retry.created).toBe(false);
		expect(retry.message.body).toBe('Premier texte');
		expect((await storedOf(conversationId)).map((r) => r.body)).toEqual(['Premier texte']);
	});
});

describe('a client that resumes after missing events', () => {
	it('gets, from its old Last-Event-ID, exactly the messages it missed, in order, then the live ones, never twice', async () => {
		const { youth, conversationId } = await freshConversation();
		const streams = await realtimeStreamsFor(deps, youth);
		expect(streams).toContain(`conversation:${conversationId}`);
		// A small page: the replay takes several reads, with other streams' events in between.
		const hub = createRealtimeHub(handle, { pageSize: 4, pollMs: 60_000, onError: (e) => console.error(e) });
		hubs.push(hub);

		const received: RealtimeEvent[] = [];
		const onEvent = (e: RealtimeEvent) => received.push(e);
		const startAt = await latestEventId(deps.db);
		const stop = await hub.subscribe(streams, startAt, onEvent);
		const before = range(5).map(() => randomUUID());
		for (const id of before) await sendMessage(deps, w.actors.counselor, { conversationId, clientId: id, body: 'Avant la coupure' });
		await waitFor(() => received.filter((e) => e.type === 'message').length === 5, 'the first 5 messages');
		const lastSeen = received.at(-1)!.id;
		stop(); // the phone goes into a tunnel

		// While away: 12 messages from both sides, retries of old ones (no event), other youths' traffic.
		const missed: string[] = [];
		const other = await freshConversation();
		for (let n = 0; n < 12; n++) {
			const id = randomUUID();
			missed.push(id);
			const actor = n % 3 === 0 ? youth : w.actors.counselor;
			await sendMessage(deps, actor, { conversationId, clientId: id, body: `Pendant la coupure ${n}` });
			await sendMessage(deps, w.actors.counselor, { conversationId, clientId: before[n % 5]!, body: 'Avant la coupure' });
			await sendMessage(deps, other.youth, { conversationId: other.conversationId, clientId: randomUUID(), body: 'Ailleurs' });
			await publishEvent(deps.db, { stream: 'user:someone-else', type: 'unread', payload: {} });
		}

		// Back: resumes with the last id it saw, while new messages keep coming.
		const resumed: RealtimeEvent[] = [];
		const live: string[] = [];
		const sending = (async () => {
			for (let n = 0; n < 4; n++) {
				const id = randomUUID();
				live.push(id);
				await sendMessage(deps, w.actors.counselor, { conversationId, clientId: id, body: `Après ${n}` });
			}
		})();
		const stop2 = await hub.subscribe(streams, lastSeen, (e) => resumed.push(e));
		await sending;
		await hub.wakeUp();
		await waitFor(() => resumed.filter((e) => e.type === 'message').length >= 16, 'the missed and live messages');
		await new Promise((r) => setTimeout(r, 100));
		await hub.wakeUp();
		stop2();

		const resumedMessages = resumed.filter((e) => e.type === 'message').map((e) => e.payload as { id: string; seq: number; conversationId: string });
		expect(resumedMessages.every((m) => m.conversationId === conversationId)).toBe(true);
		expect(resumedMessages.map((m) => m.id)).toEqual([...missed, ...live]);
		expect(resumedMessages.map((m) => m.seq)).toEqual(range(16).map((n) => n + 5));
		// Ids strictly increase: no event twice, none before the resume point.
		const ids = resumed.map((e) => e.id);
		expect(ids.every((id, i) => id > lastSeen && (i === 0 || id > ids[i - 1]!))).toBe(true);
		// Only the youth's own streams.
		expect(resumed.every((e) => streams.includes(e.stream))).toBe(true);
		// The youth's `unread` hints for the staff messages came too (one per staff message missed or live).
		const staffMessages = 12 - 4 + 4;
		expect(resumed.filter((e) => e.type === 'unread')).toHaveLength(staffMessages);
	});

	it('from Last-Event-ID 0 (a new device) gets the whole conversation once, then nothing more on a second resume from its end', async () => {
		const { youth, conversationId } = await freshConversation();
		for (let n = 0; n < 9; n++) await sendMessage(deps, n % 2 ? youth : w.actors.manager, { conversationId, clientId: randomUUID(), body: `Message ${n}` });
		const streams = await realtimeStreamsFor(deps, youth);
		const hub = createRealtimeHub(handle, { pageSize: 3, pollMs: 60_000 });
		hubs.push(hub);
		const first: RealtimeEvent[] = [];
		const stop = await hub.subscribe(streams, 0, (e) => first.push(e));
		stop();
		expect(first.filter((e) => e.type === 'message').map((e) => (e.payload as { seq: number }).seq)).toEqual(range(9));
		const again: RealtimeEvent[] = [];
		const stop2 = await hub.subscribe(streams, first.at(-1)!.id, (e) => again.push(e));
		await hub.wakeUp();
		stop2();
		expect(again).toEqual([]);
	});
});
