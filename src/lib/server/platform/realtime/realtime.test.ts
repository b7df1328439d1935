import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { openPostgres, type DatabaseHandle } from '../../db/client';
import { createTestDatabase, testDatabaseUrl } from '../../db/test-database';
import {
	createRealtimeHub,
	formatEvent,
	lastEventIdFrom,
	latestEventId,
	publishEvent,
	publishEvents,
	purgeOldRealtimeEvents,
	realtimeEvents,
	sseResponse,
	type RealtimeEvent,
	type RealtimeHub
} from './index';

let handle: DatabaseHandle;
const hubs: RealtimeHub[] = [];

beforeAll(async () => {
	handle = await createTestDatabase();
}, 60_000);
afterAll(async () => {
	for (const hub of hubs) await hub.close();
	await handle.close();
});

function hubOn(h: DatabaseHandle, options: Parameters<typeof createRealtimeHub>[1] = {}) {
	const hub = createRealtimeHub(h, { onError: (e) => console.error(e), ...options });
	hubs.push(hub);
	return hub;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition') {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('publishing several events at once', () => {
	test('gives them consecutive ids in the given order, delivered in that order, and nothing for an empty list', async () => {
		const hub = hubOn(handle, { pollMs: 60_000 });
		const received: RealtimeEvent[] = [];
		const unsubscribe = await hub.subscribe(['batch:a', 'batch:b'], await latestEventId(handle.db), (event) => received.push(event));
		const published = await publishEvents(handle.db, [
			{ stream: 'batch:a', type: 'message', payload: { n: 1 } },
			{ stream: 'batch:b', type: 'unread', payload: { n: 2 } },
			{ stream: 'batch:a', type: 'inbox', payload: { n: 3 } }
		]);
		expect(published.map((p) => p.id - published[0]!.id)).toEqual([0, 1, 2]);
		await waitFor(() => received.length === 3, 5000, 'the three events');
		expect(received.map((e) => [e.stream, e.type, (e.payload as { n: number }).n])).toEqual([
			['batch:a', 'message', 1],
			['batch:b', 'unread', 2],
			['batch:a', 'inbox', 3]
		]);
		expect(await publishEvents(handle.db, [])).toEqual([]);
		await expect(publishEvents(handle.db, [{ stream: 'ok', type: 'x', payload: {} }, { stream: 'bad stream', type: 'x', payload: {} }])).rejects.toThrow('invalid realtime stream');
		unsubscribe();
	});
});

describe('hub', () => {
	test('replays after the last id, then delivers live events in order, without gap or duplicate', async () => {
		const stream = 'conversation:replay';
		const before: number[] = [];
		for (let i = 0; i < 7; i++) before.push((await publishEvent(handle.db, { stream, type: 'message', payload: { n: i } })).id);
		await publishEvent(handle.db, { stream: 'conversation:other', type: 'message', payload: {} });
		// A small page size makes the replay several queries long, with publishes in between.
		const hub = hubOn(handle, { pageSize: 2, pollMs: 60_000 });
		const received: RealtimeEvent[] = [];
		const duringReplay: Promise<{ id: number }>[] = [];
		const unsubscribe = await hub.subscribe([stream], before[2]!, (event) => {
			received.push(event);
			if (duringReplay.length < 3) {
				duringReplay.push(publishEvent(handle.db, { stream, type: 'message', payload: { during: true } }));
			}
		});
		const concurrent = await Promise.all(duringReplay);
		const after = [];
		for (let i = 0; i < 3; i++) after.push((await publishEvent(handle.db, { stream, type: 'message', payload: { after: i } })).id);
		const expected = [...before.slice(3), ...concurrent.map((e) => e.id), ...after].sort((a, b) => a - b);
		await waitFor(() => received.length >= expected.length, 5000, 'all events');
		await sleep(100);
		expect(received.map((e) => e.id)).toEqual(expected);
		expect(received.every((e) => e.stream === stream && e.type === 'message')).toBe(true);
		expect(received[0]!.payload).toEqual({ n: 3 });
		expect(await latestEventId(handle.db)).toBe(expected.at(-1));
		unsubscribe();
		expect(hub.subscriberCount()).toBe(0);
	});

	test('a publish in a rolled back transaction delivers nothing; a committed one is delivered', async () => {
		const stream = 'conversation:transactions';
		const hub = hubOn(handle, { pollMs: 60_000 });
		const received: RealtimeEvent[] = [];
		await hub.subscribe([stream], 0, (e) => received.push(e));
		await expect(
			handle.db.transaction(async (tx) => {
				await publishEvent(tx, { stream, type: 'message', payload: { kept: false } });
				throw new Error('rollback');
			})
		).rejects.toThrow('rollback');
		const committed = await handle.db.transaction(async (tx) => {
			const event = await publishEvent(tx, { stream, type: 'message', payload: { kept: true } });
			await sleep(50);
			expect(received).toHaveLength(0); // not before the commit
			return event;
		});
		await waitFor(() => received.length > 0, 3000, 'the committed event');
		await hub.wakeUp();
		expect(received.map((e) => [e.id, e.payload])).toEqual([[committed.id, { kept: true }]]);
		const rows = await handle.db.select().from(realtimeEvents).where(eq(realtimeEvents.stream, stream));
		expect(rows).toHaveLength(1);
	});

	test('events offered by their publisher right after the commit are delivered from memory, once, before the hint', async () => {
		const stream = 'conversation:offered';
		const hub = hubOn(handle, { pollMs: 60_000 });
		const received: RealtimeEvent[] = [];
		await hub.subscribe([stream], await latestEventId(handle.db), (e) => received.push(e));
		const inputs = [1, 2, 3].map((n) => ({ stream, type: 'message', payload: { n, via: 'table' } }));
		const ids = await publishEvents(handle.db, inputs);
		// The same events as the publisher has them in memory (marked, to see which copy arrives).
		const offered = ids.map(({ id }, i) => ({ id, stream, type: 'message', payload: { n: i + 1, via: 'memory' }, createdAt: new Date() }));
		await hub.offer(offered);
		expect(received.map((e) => e.id)).toEqual(ids.map((i) => i.id));
		// In-process (PGlite) the hint always comes after the offer. On PostgreSQL it travels on the
		// LISTEN connection and may be read first: then the table's copy is delivered, once too.
		if (handle.kind === 'pglite') expect(received.map((e) => e.payload)).toEqual(offered.map((e) => e.payload));
		// The hint (one turn later) finds nothing new; offering again delivers nothing twice.
		await sleep(50);
		await hub.offer(offered);
		await hub.wakeUp();
		expect(received.map((e) => e.id)).toEqual(ids.map((i) => i.id));
	});

	test('offered events that do not follow what the hub delivered are read from the table instead', async () => {
		const stream = 'conversation:offered-gap';
		const hub = hubOn(handle, { pollMs: 60_000 });
		const received: RealtimeEvent[] = [];
		await hub.subscribe([stream], await latestEventId(handle.db), (e) => received.push(e));
		// Another publisher's event comes first; this process offers only its own, after it. Both are
		// committed together so that no hint can make the hub read the first alone (on PostgreSQL a
		// hint travels on its own connection and may be read before the offer).
		const [other, mine] = await publishEvents(handle.db, [
			{ stream, type: 'message', payload: { from: 'other', via: 'table' } },
			{ stream, type: 'message', payload: { from: 'me', via: 'table' } }
		]);
		await hub.offer([{ id: mine!.id, stream, type: 'message', payload: { from: 'me', via: 'memory' }, createdAt: new Date() }]);
		await waitFor(() => received.length === 2, 3000, 'both events');
		expect(received.map((e) => [e.id, e.payload])).toEqual([
			[other!.id, { from: 'other', via: 'table' }],
			[mine!.id, { from: 'me', via: 'table' }]
		]);
	});

	test('a missed hint is caught up by the safety poll', async () => {
		const stream = 'user:missed-hint';
		const hub = hubOn(handle, { pollMs: 100 });
		const received: RealtimeEvent[] = [];
		await hub.subscribe([stream, 'user:second'], 0, (e) => received.push(e));
		// Raw inserts: no NOTIFY at all.
		await handle.db.insert(realtimeEvents).values({ stream, type: 'note', payload: { n: 1 } });
		await handle.db.insert(realtimeEvents).values({ stream: 'user:second', type: 'note', payload: { n: 2 } });
		await waitFor(() => received.length === 2, 3000, 'the polled events');
		expect(received.map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }]);
	});

	test('subscribers only get their streams; a late subscriber starts from its own point', async () => {
		const hub = hubOn(handle, { pollMs: 60_000 });
		const a: number[] = [];
		const b: number[] = [];
		const stopA = await hub.subscribe(['user:a'], 0, (e) => a.push(e.id));
		const first = await publishEvent(handle.db, { stream: 'user:a', type: 'x', payload: 1 });
		const second = await publishEvent(handle.db, { stream: 'user:b', type: 'x', payload: 2 });
		await waitFor(() => a.length === 1, 3000, 'a');
		const stopB = await hub.subscribe(['user:b'], 0, (e) => b.push(e.id));
		expect(b).toEqual([second.id]); // replayed
		const third = await publishEvent(handle.db, { stream: 'user:b', type: 'x', payload: 3 });
		await waitFor(() => b.length === 2, 3000, 'b');
		expect(a).toEqual([first.id]);
		expect(b).toEqual([second.id, third.id]);
		stopA();
		stopB();
		stopB();
		expect(hub.subscriberCount()).toBe(0);
	});

	test('with 200 subscribers on 100 streams, each gets exactly the events of its own streams, in order', async () => {
		const hub = hubOn(handle, { pollMs: 60_000, pageSize: 50 });
		const streams = Array.from({ length: 100 }, (_, i) => `conversation:many-${i}`);
		const received: number[][] = [];
		const stops: (() => void)[] = [];
		const from = await latestEventId(handle.db);
		for (let i = 0; i < 200; i++) {
			const mine = [streams[i % 100]!, `user:many-${i}`];
			received.push([]);
			stops.push(await hub.subscribe(mine, from, (e) => received[i]!.push(e.id)));
		}
		const expected: number[][] = Array.from({ length: 200 }, () => []);
		for (let n = 0; n < 250; n++) {
			const s = n % 100;
			const event = await publishEvent(handle.db, { stream: streams[s]!, type: 'message', payload: { n } });
			expected[s]!.push(event.id);
			expected[s + 100]!.push(event.id);
			if (n % 25 === 0) {
				const u = (n * 7) % 200;
				expected[u]!.push((await publishEvent(handle.db, { stream: `user:many-${u}`, type: 'unread', payload: {} })).id);
			}
		}
		for (const list of expected) list.sort((a, b) => a - b);
		await hub.wakeUp();
		await waitFor(() => received.every((r, i) => r.length === expected[i]!.length), 5000, 'every subscriber');
		expect(received).toEqual(expected);
		for (const stop of stops) stop();
		expect(hub.subscriberCount()).toBe(0);
	}, 90_000);

	test.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL, an event published by one process reaches the hub of another', async () => {
		const url = testDatabaseUrl(handle)!;
		const other = await openPostgres(url, { max: 2 });
		try {
			const hub = hubOn(other, { pollMs: 60_000 }); // so only the NOTIFY can deliver in time
			const received: RealtimeEvent[] = [];
			await hub.subscribe(['conversation:cross'], 0, (e) => received.push(e));
			const sent = await handle.db.transaction((tx) =>
				publishEvent(tx, { stream: 'conversation:cross', type: 'message', payload: { hello: 'là-bas' } })
			);
			await waitFor(() => received.length === 1, 3000, 'the cross-process event');
			expect(received[0]).toMatchObject({ id: sent.id, payload: { hello: 'là-bas' } });
			await hub.close();
		} finally {
			await other.close();
		}
	});

	test.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL, ids follow commit order: a second publisher waits for the first to commit', async () => {
		const stream = 'conversation:order';
		const hub = hubOn(handle, { pollMs: 60_000 });
		const received: number[] = [];
		await hub.subscribe([stream], 0, (e) => received.push(e.id));
		let releaseFirst!: () => void;
		const firstHeld = new Promise<void>((r) => (releaseFirst = r));
		let firstPublished!: () => void;
		const firstIn = new Promise<void>((r) => (firstPublished = r));
		const first = handle.db.transaction(async (tx) => {
			const event = await publishEvent(tx, { stream, type: 'message', payload: { n: 1 } });
			firstPublished();
			await firstHeld;
			return event;
		});
		await firstIn;
		let secondDone = false;
		const second = publishEvent(handle.db, { stream, type: 'message', payload: { n: 2 } }).then((e) => {
			secondDone = true;
			return e;
		});
		await sleep(150);
		expect(secondDone).toBe(false); // waiting on the publish lock
		expect(received).toEqual([]);
		releaseFirst();
		const [a, b] = await Promise.all([first, second]);
		expect(b.id).toBeGreaterThan(a.id);
		await waitFor(() => received.length === 2, 3000, 'both events');
		expect(received).toEqual([a.id, b.id]);
	});

	test('publishEvent refuses malformed streams and types', async () => {
		await expect(publishEvent(handle.db, { stream: 'bad stream\n', type: 'x', payload: {} })).rejects.toThrow();
		await expect(publishEvent(handle.db, { stream: 'ok', type: 'bad\ntype', payload: {} })).rejects.toThrow();
	});

	test('events older than 7 days are purged', async () => {
		const now = new Date();
		await handle.db.insert(realtimeEvents).values([
			{ stream: 'purge:test', type: 'old', payload: {}, createdAt: new Date(now.getTime() - 8 * 24 * 3600_000) },
			{ stream: 'purge:test', type: 'recent', payload: {}, createdAt: new Date(now.getTime() - 6 * 24 * 3600_000) }
		]);
		await purgeOldRealtimeEvents(handle.db, now);
		const rows = await handle.db.select().from(realtimeEvents).where(eq(realtimeEvents.stream, 'purge:test'));
		expect(rows.map((r) => r.type)).toEqual(['recent']);
	});
});

describe('lastEventIdFrom', () => {
	const at = (url: string, header?: string) =>
		lastEventIdFrom(new Request(url, { headers: header === undefined ? {} : { 'last-event-id': header } }));
	test('reads the header, else ?depuis=, digits only', () => {
		expect(at('http://x/e', '42')).toBe(42);
		expect(at('http://x/e?depuis=7', '42')).toBe(42);
		expect(at('http://x/e?depuis=7')).toBe(7);
		expect(at('http://x/e')).toBe(0);
		for (const bad of ['-1', '1e3', 'abc', '1.5', '9999999999999999999', ' ', '0x10']) expect(at('http://x/e', bad)).toBe(0);
		expect(at('http://x/e?depuis=%27or%201')).toBe(0);
	});
	test('formats one event per frame, data on one line', () => {
		expect(formatEvent({ id: 3, type: 'message', payload: { text: 'a\nb' } })).toBe(
			'id: 3\nevent: message\ndata: {"text":"a\\nb"}\n\n'
		);
	});
});

describe('sseResponse over HTTP', () => {
	let server: Server;
	let base: string;
	let hub: RealtimeHub;

	beforeAll(async () => {
		hub = hubOn(handle, { pollMs: 60_000 });
		server = createServer(async (req, res) => {
			const abort = new AbortController();
			res.on('close', () => abort.abort());
			const url = new URL(req.url ?? '/', 'http://localhost');
			const headers = new Headers();
			for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
			const request = new Request(url, { headers, signal: abort.signal });
			const response = sseResponse({
				hub,
				streams: [url.searchParams.get('stream') ?? 'none'],
				lastEventId: lastEventIdFrom(request, url),
				signal: request.signal,
				heartbeatMs: 50,
				retryMs: 1500
			});
			res.writeHead(response.status, Object.fromEntries(response.headers));
			res.flushHeaders();
			const reader = response.body!.getReader();
			res.on('close', () => void reader.cancel().catch(() => {}));
			for (;;) {
				const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
				if (done) break;
				res.write(value);
			}
			res.end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((r) => server.close(r));
	});

	async function open(path: string, headers: Record<string, string> = {}) {
		const controller = new AbortController();
		const response = await fetch(base + path, { headers, signal: controller.signal });
		const reader = response.body!.getReader();
		const decoder = new TextDecoder();
		let text = '';
		const pump = (async () => {
			try {
				for (;;) {
					const { done, value } = await reader.read();
					if (done) return;
					text += decoder.decode(value, { stream: true });
				}
			} catch {
				// aborted
			}
		})();
		return { response, text: () => text, abort: () => controller.abort(), pump };
	}

	test('frames events, resumes after Last-Event-ID, sends heartbeats and cleans up on abort', async () => {
		const stream = 'conversation:sse';
		const e1 = await publishEvent(handle.db, { stream, type: 'message', payload: { n: 1 } });
		const e2 = await publishEvent(handle.db, { stream, type: 'message', payload: { n: 2 } });
		const client = await open(`/events?stream=${stream}`, { 'Last-Event-ID': String(e1.id) });
		expect(client.response.status).toBe(200);
		expect(client.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(client.response.headers.get('cache-control')).toBe('no-store');
		expect(client.response.headers.get('x-accel-buffering')).toBe('no');
		await waitFor(() => client.text().includes(`id: ${e2.id}\n`), 3000, 'the replayed event');
		const e3 = await publishEvent(handle.db, { stream, type: 'message', payload: { n: 3 } });
		await waitFor(() => client.text().includes(`id: ${e3.id}\n`), 3000, 'the live event');
		await waitFor(() => (client.text().match(/^: ping$/gm) ?? []).length >= 2, 3000, 'heartbeats');
		const text = client.text();
		expect(text.startsWith('retry: 1500\n')).toBe(true);
		expect(text).not.toContain(`id: ${e1.id}\n`);
		const frames = text.split('\n\n').filter((f) => f.startsWith('id: '));
		expect(frames).toEqual([
			`id: ${e2.id}\nevent: message\ndata: {"n":2}`,
			`id: ${e3.id}\nevent: message\ndata: {"n":3}`
		]);
		expect(hub.subscriberCount()).toBe(1);
		client.abort();
		await client.pump;
		await waitFor(() => hub.subscriberCount() === 0, 3000, 'the unsubscription');
	});

	test('resumes with ?depuis= and ignores a malformed one', async () => {
		const stream = 'conversation:depuis';
		const e1 = await publishEvent(handle.db, { stream, type: 'message', payload: { n: 1 } });
		const e2 = await publishEvent(handle.db, { stream, type: 'message', payload: { n: 2 } });
		const resumed = await open(`/events?stream=${stream}&depuis=${e1.id}`);
		const fromStart = await open(`/events?stream=${stream}&depuis=abc`);
		await waitFor(() => resumed.text().includes(`id: ${e2.id}\n`), 3000, 'resumed');
		await waitFor(() => fromStart.text().includes(`id: ${e2.id}\n`), 3000, 'from start');
		expect(resumed.text()).not.toContain(`id: ${e1.id}\n`);
		expect(fromStart.text()).toContain(`id: ${e1.id}\n`);
		resumed.abort();
		fromStart.abort();
		await Promise.all([resumed.pump, fromStart.pump]);
		await waitFor(() => hub.subscriberCount() === 0, 3000, 'the unsubscriptions');
	});
});
