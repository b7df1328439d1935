import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyCvOperation, CvOperationError, cvOperation, type CvState } from '$lib/server/modules/cv/cv.operations';
import { cvDraft } from '$lib/server/modules/cv/cv.validation';
import type { OperationOutcome } from '$lib/server/modules/cv/cv.usecases';
import { BATCH_SIZE, createCvOutbox, CV_OUTBOX_KEY, sendOperations, startAutoFlush, type SendAnswer, type StorageLike } from './outbox';
import { applyLocally, type DeviceOperation } from './steps';

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

/** A server that applies operations like applyCvOperations: once per id, refusals recorded. */
function fakeServer() {
	let state: CvState = { draft: cvDraft.parse({}), removed: [] };
	const seen = new Map<string, OperationOutcome>();
	let revision = 0;
	let mode: 'up' | 'down' | 'lose-answer' | 'signed-out' | 'gone' = 'up';
	const batches: number[] = [];
	return {
		get draft() {
			return state.draft;
		},
		batches,
		set(m: typeof mode) {
			mode = m;
		},
		async send(_cv: string, batch: DeviceOperation[]): Promise<SendAnswer> {
			if (mode === 'down') throw new TypeError('Failed to fetch');
			if (mode === 'signed-out') return { status: 'retry', reason: 'signed-out' };
			if (mode === 'gone') return { status: 'refused', message: 'Ce CV n’existe pas ou n’est pas à toi.' };
			batches.push(batch.length);
			const outcomes = batch.map((raw): OperationOutcome => {
				const known = seen.get(raw.id);
				if (known) return { ...known, status: 'duplicate' };
				let outcome: OperationOutcome = { id: raw.id, status: 'applied' };
				try {
					state = applyCvOperation(state, cvOperation.parse(raw));
					revision++;
				} catch (e) {
					if (!(e instanceof CvOperationError)) throw e;
					outcome = { id: raw.id, status: 'refused', field: e.field, message: e.message };
				}
				seen.set(raw.id, outcome);
				return outcome;
			});
			if (mode === 'lose-answer') {
				mode = 'up';
				throw new TypeError('network lost after the server applied');
			}
			return { status: 'ok', revision, draft: state.draft, outcomes };
		}
	};
}

const CV = randomUUID();
const experience = (title: string, id = randomUUID()): DeviceOperation => ({ id: randomUUID(), op: 'upsert', list: 'experiences', item: { id, kind: 'babysitting', title, current: false, bullets: [] } });
const setTitle = (title: string): DeviceOperation => ({ id: randomUUID(), op: 'set', field: 'title', value: title });

describe('outbox du CV', () => {
	it('garde les modifications sur l’appareil (aussi après un rechargement) et les envoie dans l’ordre', async () => {
		const storage = new FakeStorage();
		const server = fakeServer();
		const box = createCvOutbox({ storage });
		box.enqueue(CV, [setTitle('Vendeur'), setTitle('Un emploi de vendeur')], 'Ce que tu cherches');
		expect(storage.map.has(CV_OUTBOX_KEY)).toBe(true);
		// The page is reloaded: a new outbox reads the same storage.
		const reloaded = createCvOutbox({ storage });
		expect(reloaded.pending(CV).map((o) => (o as { value: string }).value)).toEqual(['Vendeur', 'Un emploi de vendeur']);
		const result = await reloaded.flush(CV, server.send);
		expect(result).toMatchObject({ ok: true, applied: 2, remaining: 0, refused: [] });
		expect(server.draft.title).toBe('Un emploi de vendeur');
		expect(result.draft?.title).toBe('Un emploi de vendeur');
		expect(reloaded.pending(CV)).toEqual([]);
	});

	it('hors connexion, garde tout ; une réponse perdue puis renvoyée ne crée pas de doublon', async () => {
		const server = fakeServer();
		const box = createCvOutbox({ storage: new FakeStorage() });
		const add = experience('Garde d’enfants');
		box.enqueue(CV, [add]);
		server.set('down');
		expect(await box.flush(CV, server.send)).toMatchObject({ ok: false, reason: 'offline', remaining: 1 });
		// The server applies it but the answer never arrives: the device sends the same id again.
		server.set('lose-answer');
		expect(await box.flush(CV, server.send)).toMatchObject({ ok: false, remaining: 1 });
		expect(server.draft.experiences).toHaveLength(1);
		const again = await box.flush(CV, server.send);
		expect(again).toMatchObject({ ok: true, applied: 1, remaining: 0 });
		expect(server.draft.experiences).toHaveLength(1);
	});

	it('met à part les modifications refusées avec la raison en français, jusqu’à ce que le jeune les ait lues', async () => {
		const server = fakeServer();
		const box = createCvOutbox({ storage: new FakeStorage() });
		const bad: DeviceOperation = { id: randomUUID(), op: 'set', field: 'contact', value: { firstName: 'Inès', email: 'pas-une-adresse' } };
		box.enqueue(CV, [bad, setTitle('Animatrice')], 'Tes coordonnées');
		const result = await box.flush(CV, server.send);
		expect(result.applied).toBe(1);
		expect(result.refused).toEqual([{ cvId: CV, id: bad.id, label: 'Tes coordonnées', field: 'contact.email', message: 'Adresse e-mail invalide.' }]);
		expect(box.refused(CV)).toHaveLength(1);
		expect(box.pending(CV)).toEqual([]);
		box.dismiss(CV);
		expect(box.refused(CV)).toEqual([]);
	});

	it('une session expirée garde tout ; un CV disparu refuse le lot avec sa raison', async () => {
		const server = fakeServer();
		const box = createCvOutbox({ storage: new FakeStorage() });
		box.enqueue(CV, [setTitle('Cuisinier')]);
		server.set('signed-out');
		expect(await box.flush(CV, server.send)).toMatchObject({ ok: false, reason: 'signed-out', remaining: 1 });
		server.set('gone');
		const gone = await box.flush(CV, server.send);
		expect(gone.refused[0]?.message).toBe('Ce CV n’existe pas ou n’est pas à toi.');
		expect(box.pending(CV)).toEqual([]);
	});

	it('envoie par lots de 100 au plus, et seulement les modifications de ce CV', async () => {
		const server = fakeServer();
		const box = createCvOutbox({ storage: new FakeStorage() });
		box.enqueue(CV, Array.from({ length: 230 }, (_, i) => setTitle(`Titre ${i}`)));
		const other = randomUUID();
		box.enqueue(other, [setTitle('Autre CV')]);
		const result = await box.flush(CV, server.send);
		expect(server.batches).toEqual([BATCH_SIZE, BATCH_SIZE, 30]);
		expect(result.applied).toBe(230);
		expect(server.draft.title).toBe('Titre 229');
		expect(box.pending(other)).toHaveLength(1);
	});

	it('ne met pas deux fois la même modification en attente ; vit en mémoire quand le stockage est plein', () => {
		const storage = new FakeStorage();
		storage.full = true;
		const box = createCvOutbox({ storage });
		const op = setTitle('Serveur');
		box.enqueue(CV, [op]);
		box.enqueue(CV, [op]);
		expect(box.pending(CV)).toHaveLength(1);
		expect(box.persistent).toBe(false);
	});

	it('ignore un stockage abîmé', () => {
		const storage = new FakeStorage();
		storage.map.set(CV_OUTBOX_KEY, '{"v":1,"queued":[{"cvId":1}],"refused":"x"}');
		expect(createCvOutbox({ storage }).pending(CV)).toEqual([]);
		storage.map.set(CV_OUTBOX_KEY, 'pas du json');
		expect(createCvOutbox({ storage }).pending(CV)).toEqual([]);
	});

	it('renvoie quand le réseau revient', async () => {
		const server = fakeServer();
		const box = createCvOutbox({ storage: new FakeStorage() });
		const target = new EventTarget();
		server.set('down');
		box.enqueue(CV, [setTitle('Magasinier')]);
		const flushed: boolean[] = [];
		const auto = startAutoFlush(box, CV, server.send, { target: target as unknown as Window, retryMs: 60_000, onFlushed: (r) => flushed.push(r.ok) });
		await new Promise((r) => setTimeout(r, 10));
		expect(flushed).toEqual([false]);
		server.set('up');
		target.dispatchEvent(new Event('online'));
		await new Promise((r) => setTimeout(r, 10));
		expect(flushed).toEqual([false, true]);
		expect(server.draft.title).toBe('Magasinier');
		auto.stop();
	});

	it('lit les réponses du serveur : redirection vers la connexion, refus, erreur, coupure', async () => {
		const respond = (status: number, body: unknown) =>
			(async () => Object.assign(new Response(body === null ? null : JSON.stringify(body), { status }), {}) as Response) as unknown as typeof fetch;
		const ops = [setTitle('x')];
		const redirected = (async () => ({ type: 'opaqueredirect', status: 0, ok: false, json: async () => null }) as unknown as Response) as unknown as typeof fetch;
		expect(await sendOperations(CV, ops, redirected)).toEqual({ status: 'retry', reason: 'signed-out' });
		expect(await sendOperations(CV, ops, respond(401, { message: 'Session expirée' }))).toEqual({ status: 'retry', reason: 'signed-out' });
		expect(await sendOperations(CV, ops, respond(404, { message: 'Ce CV n’existe pas ou n’est pas à toi.' }))).toEqual({ status: 'refused', message: 'Ce CV n’existe pas ou n’est pas à toi.' });
		expect(await sendOperations(CV, ops, respond(500, null))).toEqual({ status: 'retry', reason: 'server' });
		expect(await sendOperations(CV, ops, (async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch)).toEqual({ status: 'retry', reason: 'offline' });
		const draft = cvDraft.parse({ title: 'x' });
		expect(await sendOperations(CV, ops, respond(200, { revision: 1, draft, outcomes: [{ id: ops[0]!.id, status: 'applied' }] }))).toMatchObject({ status: 'ok', revision: 1 });
	});

	it('affiche localement ce qui attend : ajout, déplacement, retrait', () => {
		const a = randomUUID();
		const b = randomUUID();
		let draft = applyLocally(cvDraft.parse({}), [experience('A', a), experience('B', b)]);
		draft = applyLocally(draft, [{ id: randomUUID(), op: 'move', list: 'experiences', target: b, toIndex: 0 }]);
		expect(draft.experiences.map((e) => e.title)).toEqual(['B', 'A']);
		draft = applyLocally(draft, [{ id: randomUUID(), op: 'remove', list: 'experiences', target: b }]);
		expect(draft.experiences.map((e) => e.title)).toEqual(['A']);
	});
});
