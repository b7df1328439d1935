import { describe, expect, it, vi } from 'vitest';
import type { ModuleContent } from './content';
import { createOfflineStore, newId, startAutoSync, STORE_KEY, type StorageLike } from './offline';

/** A localStorage stand-in backed by a Map; `quota` (characters) makes it throw like a full storage. */
class FakeStorage implements StorageLike {
	map = new Map<string, string>();
	constructor(public quota = Infinity) {}
	getItem(key: string) {
		return this.map.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		if (value.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
		this.map.set(key, value);
	}
	removeItem(key: string) {
		this.map.delete(key);
	}
}

const MODULE = '11111111-1111-4111-8111-111111111111';
const VERSION = '22222222-2222-4222-8222-222222222222';
const ATTEMPT = '33333333-3333-4333-8333-333333333333';

const content: ModuleContent = {
	format: 'tremplin.module/1',
	slug: 'prevenir-un-retard',
	title: 'Prévenir d’un retard',
	summary: '…',
	theme: 'Au travail',
	emoji: '⏰',
	minutes: 5,
	steps: [
		{ kind: 'card', id: 'intro', title: 'Prévenir', body: 'Texte' },
		{ kind: 'true_false', id: 'q1', prompt: 'Inutile de prévenir.', answer: false, explanation: '…' },
		{ kind: 'true_false', id: 'q2', prompt: 'Un message suffit.', answer: true, explanation: '…' }
	]
};

interface Sent {
	attempts: { id: string; kind: string; plan?: string[]; answers: { id: string; stepId: string; response: unknown }[] }[];
}

/** A server that accepts everything once (like /parcours/synchroniser), or fails as told. */
function fakeServer(mode: { down?: boolean; status?: number; reject?: Set<string> } = {}) {
	const requests: Sent[] = [];
	const seen = new Set<string>();
	const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
		if (mode.down) throw new TypeError('Failed to fetch');
		const body = JSON.parse(String(init?.body)) as Sent;
		requests.push(body);
		if (mode.status) return new Response(JSON.stringify({ message: 'Non' }), { status: mode.status });
		return Response.json({
			attempts: body.attempts.map((a) => ({ id: a.id, status: 'accepted' })),
			answers: body.attempts.flatMap((a) =>
				a.answers.map((x) => {
					const duplicate = seen.has(x.id);
					seen.add(x.id);
					return { id: x.id, stepId: x.stepId, status: mode.reject?.has(x.id) ? 'rejected' : 'accepted', duplicate };
				})
			)
		});
	});
	return { fetch: fetch as unknown as typeof globalThis.fetch, requests, mode };
}

function storeWith(storage: StorageLike | null, server = fakeServer()) {
	const store = createOfflineStore({ storage, fetch: server.fetch, now: () => new Date('2025-03-10T20:00:00Z') });
	return { store, server };
}

function opened(store: ReturnType<typeof createOfflineStore>, synced = true) {
	store.saveContent({ moduleId: MODULE, versionId: VERSION, slug: content.slug, content });
	return store.saveAttempt({ id: ATTEMPT, slug: content.slug, moduleId: MODULE, versionId: VERSION, kind: 'module', plan: ['intro', 'q1', 'q2'], synced });
}

describe('the offline store', () => {
	it('keeps contents, attempts and answers on the device, under one versioned key', () => {
		const storage = new FakeStorage();
		const { store } = storeWith(storage);
		opened(store);
		expect(store.recordAnswer(ATTEMPT, 'q1', { value: false })).toMatchObject({ response: { value: false }, answeredAt: '2025-03-10T20:00:00.000Z' });

		const again = createOfflineStore({ storage }); // a reload
		expect(again.getContent(VERSION)?.content.title).toBe('Prévenir d’un retard');
		expect(again.getAttempt(ATTEMPT)?.answers.q1?.response).toEqual({ value: false });
		expect(again.pending()).toBe(1);
		expect(JSON.parse(storage.getItem(STORE_KEY)!).v).toBe(1);
	});

	it('keeps the first answer of a step, like the server', () => {
		const { store } = storeWith(new FakeStorage());
		opened(store);
		expect(store.recordAnswer(ATTEMPT, 'q1', { value: false })).not.toBeNull();
		expect(store.recordAnswer(ATTEMPT, 'q1', { value: true })).toBeNull();
		expect(store.getAttempt(ATTEMPT)?.answers.q1?.response).toEqual({ value: false });
		expect(store.pending()).toBe(1);
		expect(store.recordAnswer('44444444-4444-4444-8444-444444444444', 'q1', { value: true })).toBeNull();
	});

	it('sends queued answers grouped by attempt, then forgets them', async () => {
		const { store, server } = storeWith(new FakeStorage());
		opened(store);
		const a1 = store.recordAnswer(ATTEMPT, 'q1', { value: false })!;
		const a2 = store.recordAnswer(ATTEMPT, 'q2', { value: true })!;
		const result = await store.flush();
		expect(result).toEqual({ ok: true, accepted: 2, rejected: 0, remaining: 0 });
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0]!.attempts).toEqual([
			expect.objectContaining({
				id: ATTEMPT,
				kind: 'module',
				answers: [expect.objectContaining({ id: a1.id, stepId: 'q1', response: { value: false } }), expect.objectContaining({ id: a2.id, stepId: 'q2' })]
			})
		]);
		expect(server.requests[0]!.attempts[0]!.plan).toBeUndefined(); // only reviews send their plan
		// The answers stay on the device for display; nothing is sent again.
		expect(store.getAttempt(ATTEMPT)?.answers.q2).toBeDefined();
		await store.flush();
		expect(server.requests).toHaveLength(1);
	});

	it('keeps the queue when the network is down, and sends it when it is back', async () => {
		const server = fakeServer({ down: true });
		const { store } = storeWith(new FakeStorage(), server);
		opened(store);
		store.recordAnswer(ATTEMPT, 'q1', { value: false });
		expect(await store.flush()).toEqual({ ok: false, accepted: 0, rejected: 0, remaining: 1 });
		server.mode.down = false;
		expect(await store.flush()).toMatchObject({ ok: true, accepted: 1, remaining: 0 });
	});

	it('keeps the queue on a server error, drops a batch the server refuses as unreadable', async () => {
		const server = fakeServer({ status: 503 });
		const { store } = storeWith(new FakeStorage(), server);
		opened(store);
		store.recordAnswer(ATTEMPT, 'q1', { value: false });
		expect(await store.flush()).toMatchObject({ ok: false, remaining: 1 });
		server.mode.status = 400;
		expect(await store.flush()).toMatchObject({ ok: true, rejected: 1, remaining: 0 });
	});

	it('removes answers the server rejects (they would never be taken)', async () => {
		const server = fakeServer({ reject: new Set() });
		const { store } = storeWith(new FakeStorage(), server);
		opened(store);
		const a1 = store.recordAnswer(ATTEMPT, 'q1', { value: false })!;
		store.recordAnswer(ATTEMPT, 'q2', { value: true });
		server.mode.reject!.add(a1.id);
		expect(await store.flush()).toMatchObject({ ok: true, accepted: 1, rejected: 1, remaining: 0 });
	});

	it('runs one flush at a time', async () => {
		const { store, server } = storeWith(new FakeStorage());
		opened(store);
		store.recordAnswer(ATTEMPT, 'q1', { value: false });
		const [r1, r2, r3] = await Promise.all([store.flush(), store.flush(), store.flush()]);
		expect(r1).toMatchObject({ ok: true, accepted: 1 });
		expect(r2).toBe(r3); // one more run for both, with nothing left to send
		expect(r2).toMatchObject({ ok: true, accepted: 0, remaining: 0 });
		expect(server.requests).toHaveLength(1);
	});

	it('tells the server about an attempt started on the device, even before any answer', async () => {
		const { store, server } = storeWith(new FakeStorage());
		store.saveContent({ moduleId: MODULE, versionId: VERSION, slug: content.slug, content });
		const local = store.startLocalAttempt(store.getContent(VERSION)!);
		expect(local.plan).toEqual(['intro', 'q1', 'q2']);
		expect(store.needsSync()).toBe(true);
		await store.flush();
		expect(server.requests[0]!.attempts).toEqual([expect.objectContaining({ id: local.id, answers: [] })]);
		expect(store.getAttempt(local.id)?.synced).toBe(true);
		expect(store.needsSync()).toBe(false);
	});

	it('splits a large queue into batches the server accepts (20 attempts, 200 answers)', async () => {
		const { store, server } = storeWith(new FakeStorage());
		store.saveContent({ moduleId: MODULE, versionId: VERSION, slug: content.slug, content });
		for (let i = 0; i < 45; i++) {
			const a = store.startLocalAttempt(store.getContent(VERSION)!);
			store.recordAnswer(a.id, 'q1', { value: false });
		}
		const result = await store.flush();
		expect(result).toMatchObject({ ok: true, accepted: 45, remaining: 0 });
		expect(server.requests.map((r) => r.attempts.length)).toEqual([20, 20, 5]);
	});

	it('merges the answers the server has: they win for their step', () => {
		const { store } = storeWith(new FakeStorage());
		opened(store);
		store.recordAnswer(ATTEMPT, 'q1', { value: true });
		store.recordAnswer(ATTEMPT, 'q2', { value: true });
		const fromServer = { id: newId(), response: { value: false }, answeredAt: '2025-03-10T19:00:00Z' };
		store.saveAttempt({ id: ATTEMPT, slug: content.slug, moduleId: MODULE, versionId: VERSION, kind: 'module', plan: ['intro', 'q1', 'q2'], synced: true, answers: { q1: fromServer } });
		const attempt = store.getAttempt(ATTEMPT)!;
		expect(attempt.answers.q1).toEqual(fromServer);
		expect(attempt.answers.q2?.response).toEqual({ value: true });
		expect(store.pending()).toBe(1); // q2 still to send, q1's local answer dropped
	});

	it('works from memory when there is no storage', async () => {
		const { store, server } = storeWith(null);
		opened(store);
		store.recordAnswer(ATTEMPT, 'q1', { value: false });
		expect(store.persistent).toBe(false);
		expect(store.pending()).toBe(1);
		await store.flush();
		expect(server.requests).toHaveLength(1);
	});

	it('makes room when the storage is full, by dropping a module no attempt needs', () => {
		const storage = new FakeStorage();
		const { store } = storeWith(storage);
		const other = '55555555-5555-4555-8555-555555555555';
		store.saveContent({ moduleId: MODULE, versionId: other, slug: 'autre', content: { ...content, slug: 'autre', summary: 'x'.repeat(3000) } });
		opened(store);
		storage.quota = storage.getItem(STORE_KEY)!.length + 200; // nearly full
		expect(store.recordAnswer(ATTEMPT, 'q1', { value: false })).not.toBeNull();
		expect(store.persistent).toBe(true);
		const reloaded = createOfflineStore({ storage });
		expect(reloaded.getContent(other)).toBeNull();
		expect(reloaded.getContent(VERSION)).not.toBeNull();
		expect(reloaded.pending()).toBe(1);
	});

	it('keeps working in memory when nothing can be freed', () => {
		const storage = new FakeStorage(10);
		const { store } = storeWith(storage);
		opened(store);
		expect(store.recordAnswer(ATTEMPT, 'q1', { value: false })).not.toBeNull();
		expect(store.persistent).toBe(false);
		expect(store.getAttempt(ATTEMPT)?.answers.q1).toBeDefined();
	});

	it('starts afresh from unreadable data', () => {
		const storage = new FakeStorage();
		storage.setItem(STORE_KEY, '{not json');
		expect(createOfflineStore({ storage }).listAttempts()).toEqual([]);
		storage.setItem(STORE_KEY, JSON.stringify({ v: 99, attempts: [] }));
		expect(createOfflineStore({ storage }).pending()).toBe(0);
	});

	it('forgets a module and its play-throughs', () => {
		const { store } = storeWith(new FakeStorage());
		opened(store);
		store.recordAnswer(ATTEMPT, 'q1', { value: false });
		store.forget(VERSION);
		expect(store.getContent(VERSION)).toBeNull();
		expect(store.getAttempt(ATTEMPT)).toBeNull();
		expect(store.pending()).toBe(0);
	});

	it('syncs at start and when the network comes back', async () => {
		const server = fakeServer({ down: true });
		const { store } = storeWith(new FakeStorage(), server);
		opened(store);
		store.recordAnswer(ATTEMPT, 'q1', { value: false });
		const target = new EventTarget();
		const sent: number[] = [];
		const stop = startAutoSync(store, target as unknown as Window, 60_000, (r) => sent.push(r.accepted));
		await vi.waitFor(() => expect(server.fetch).toHaveBeenCalledTimes(1));
		expect(store.pending()).toBe(1);
		server.mode.down = false;
		target.dispatchEvent(new Event('online'));
		await vi.waitFor(() => expect(store.pending()).toBe(0));
		expect(sent).toEqual([1]); // told once, when something was sent
		stop();
	});
});

describe('newId', () => {
	it('makes RFC 4122 version 4 ids', () => {
		expect(newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});
});
