import { describe, expect, it, vi } from 'vitest';
import { createOutbox, OUTBOX_KEY, startAutoFlush, type OutboxMessage, type SendOutcome, type StorageLike } from './outbox';

class FakeStorage implements StorageLike {
	map = new Map<string, string>();
	full = false;
	getItem(key: string) {
		return this.map.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		if (this.full) throw new Error('QuotaExceededError');
		this.map.set(key, value);
	}
	removeItem(key: string) {
		this.map.delete(key);
	}
}

/** A server that stores a message once per clientId (like sendMessage). */
function fakeServer() {
	const stored: OutboxMessage[] = [];
	let online = true;
	return {
		stored,
		setOnline(v: boolean) {
			online = v;
		},
		async send(m: OutboxMessage): Promise<SendOutcome> {
			if (!online) throw new TypeError('Failed to fetch');
			if (!stored.some((s) => s.clientId === m.clientId)) stored.push(m);
			return { status: 'accepted' };
		}
	};
}

const C = '/jeune/messages';

describe('outbox des messages', () => {
	it('garde les messages sur l’appareil et les envoie dans l’ordre d’écriture', async () => {
		const storage = new FakeStorage();
		const box = createOutbox({ storage });
		box.enqueue({ conversationId: C, body: 'un' });
		box.enqueue({ conversationId: C, body: 'deux' });
		box.enqueue({ conversationId: '/pro/messages/x', body: 'autre' });
		box.enqueue({ conversationId: C, body: 'trois' });
		expect(JSON.parse(storage.getItem(OUTBOX_KEY)!).v).toBe(1);
		// Another page (reload) reads the same messages.
		const again = createOutbox({ storage });
		expect(again.pending(C).map((m) => m.body)).toEqual(['un', 'deux', 'trois']);
		const server = fakeServer();
		const result = await again.flush((m) => server.send(m));
		expect(result).toEqual({ ok: true, accepted: 4, rejected: 0, remaining: 0 });
		expect(server.stored.map((m) => m.body)).toEqual(['un', 'deux', 'autre', 'trois']);
		expect(again.pending(C)).toEqual([]);
	});

	it('réessaie après un échec sans rien perdre ni changer l’ordre', async () => {
		const box = createOutbox({ storage: new FakeStorage() });
		const server = fakeServer();
		box.enqueue({ conversationId: C, body: 'un' });
		box.enqueue({ conversationId: C, body: 'deux' });
		server.setOnline(false);
		const failed = await box.flush((m) => server.send(m));
		expect(failed.ok).toBe(false);
		expect(failed.remaining).toBe(2);
		expect(box.pending(C).map((m) => m.body)).toEqual(['un', 'deux']);
		// The server is busy (429/5xx): "retry" holds back the later messages too.
		const busy = await box.flush(async () => ({ status: 'retry' }));
		expect(busy.remaining).toBe(2);
		server.setOnline(true);
		await box.flush((m) => server.send(m));
		expect(server.stored.map((m) => m.body)).toEqual(['un', 'deux']);
		expect(box.pending(C)).toEqual([]);
	});

	it('un envoi interrompu puis repris ne double pas le message (même clientId renvoyé)', async () => {
		const box = createOutbox({ storage: new FakeStorage() });
		const server = fakeServer();
		const m = box.enqueue({ conversationId: C, body: 'bonjour' });
		// The server stores it but the answer is lost (network cut): it stays in the outbox.
		const interrupted = await box.flush(async (x) => {
			await server.send(x);
			throw new TypeError('Failed to fetch');
		});
		expect(interrupted.ok).toBe(false);
		expect(box.pending(C).map((x) => x.clientId)).toEqual([m.clientId]);
		await box.flush((x) => server.send(x));
		expect(server.stored).toHaveLength(1);
		expect(server.stored[0]!.clientId).toBe(m.clientId);
		expect(box.pending(C)).toEqual([]);
	});

	it('garde un message refusé pour de bon, avec la raison, jusqu’à ce qu’on le supprime', async () => {
		const box = createOutbox({ storage: new FakeStorage() });
		const server = fakeServer();
		box.enqueue({ conversationId: C, body: '   ' });
		box.enqueue({ conversationId: C, body: 'suivant' });
		const result = await box.flush(async (m) => (m.body.trim() ? server.send(m) : { status: 'rejected', reason: 'Le message est vide.' }));
		expect(result).toEqual({ ok: true, accepted: 1, rejected: 1, remaining: 0 });
		expect(box.pending(C)).toEqual([expect.objectContaining({ body: '   ', failure: 'Le message est vide.' })]);
		expect(box.hasWaiting()).toBe(false);
		// Not sent again.
		const send = vi.fn(server.send);
		await box.flush(send);
		expect(send).not.toHaveBeenCalled();
		box.remove([box.pending(C)[0]!.clientId]);
		expect(box.pending(C)).toEqual([]);
	});

	it('fonctionne en mémoire quand le stockage est plein ou absent', async () => {
		const storage = new FakeStorage();
		storage.full = true;
		const box = createOutbox({ storage });
		box.enqueue({ conversationId: C, body: 'malgré tout' });
		expect(box.persistent).toBe(false);
		expect(box.pending(C).map((m) => m.body)).toEqual(['malgré tout']);
		const server = fakeServer();
		await box.flush((m) => server.send(m));
		expect(server.stored.map((m) => m.body)).toEqual(['malgré tout']);

		const none = createOutbox({ storage: null });
		none.enqueue({ conversationId: C, body: 'sans stockage' });
		expect(none.pending(C)).toHaveLength(1);
	});

	it('ignore des données abîmées ou d’une autre version', () => {
		const storage = new FakeStorage();
		storage.setItem(OUTBOX_KEY, '{pas du json');
		expect(createOutbox({ storage }).pending(C)).toEqual([]);
		storage.setItem(OUTBOX_KEY, JSON.stringify({ v: 2, messages: [{ conversationId: C, clientId: 'a', body: 'b', createdAt: 'c' }] }));
		expect(createOutbox({ storage }).pending(C)).toEqual([]);
	});

	it('deux envois en même temps n’envoient chaque message qu’une fois', async () => {
		const box = createOutbox({ storage: new FakeStorage() });
		const calls: string[] = [];
		box.enqueue({ conversationId: C, body: 'un' });
		const send = async (m: OutboxMessage): Promise<SendOutcome> => {
			calls.push(m.body);
			await new Promise((r) => setTimeout(r, 5));
			return { status: 'accepted' };
		};
		await Promise.all([box.flush(send), box.flush(send)]);
		expect(calls).toEqual(['un']);
	});

	it('renvoie au retour du réseau et toutes les 20 s tant que des messages attendent', async () => {
		vi.useFakeTimers();
		try {
			const box = createOutbox({ storage: new FakeStorage() });
			const server = fakeServer();
			server.setOnline(false);
			box.enqueue({ conversationId: C, body: 'un' });
			const target = new EventTarget();
			const auto = startAutoFlush(box, (m) => server.send(m), { target: target as unknown as Window });
			await vi.advanceTimersByTimeAsync(0);
			expect(box.hasWaiting()).toBe(true);
			server.setOnline(true);
			await vi.advanceTimersByTimeAsync(20_000);
			expect(server.stored).toHaveLength(1);
			server.setOnline(false);
			box.enqueue({ conversationId: C, body: 'deux' });
			await auto.run();
			server.setOnline(true);
			target.dispatchEvent(new Event('online'));
			await vi.advanceTimersByTimeAsync(0);
			expect(server.stored.map((m) => m.body)).toEqual(['un', 'deux']);
			auto.stop();
		} finally {
			vi.useRealTimers();
		}
	});
});
