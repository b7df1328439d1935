import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyCvOperation, CvOperationError, cvOperation, type CvOperation, type CvState } from './cv.operations';
import { cvDraft } from './cv.validation';

const empty = (): CvState => ({ draft: cvDraft.parse({}), removed: [] });
const apply = (state: CvState, ...operations: CvOperation[]) => operations.reduce(applyCvOperation, state);
const experience = (id: string, title: string) => ({ op: 'upsert' as const, list: 'experiences' as const, item: { id, kind: 'job' as const, title, current: false, bullets: [] } });

describe('editing a CV by operations', () => {
	it('starts from an empty draft that may lack a name and a title', () => {
		const state = apply(empty(), { op: 'set', field: 'title', value: 'Je cherche un emploi de vendeur' });
		expect(state.draft.title).toBe('Je cherche un emploi de vendeur');
		expect(state.draft.contact.firstName).toBe('');
	});

	it('keeps the experiences added offline on two devices, once each, whatever the order', () => {
		const [a, b] = [randomUUID(), randomUUID()];
		const phone = experience(a, 'Garde d’enfants');
		const computer = experience(b, 'Vendeur');
		const one = apply(empty(), phone, computer, phone);
		const other = apply(empty(), computer, phone, computer);
		expect(one.draft.experiences.map((e) => e.title)).toEqual(['Garde d’enfants', 'Vendeur']);
		expect(other.draft.experiences.map((e) => e.title).sort()).toEqual(['Garde d’enfants', 'Vendeur']);
	});

	it('lets the later change of the same experience win', () => {
		const id = randomUUID();
		const state = apply(empty(), experience(id, 'Serveur'), experience(id, 'Serveur en brasserie'));
		expect(state.draft.experiences).toHaveLength(1);
		expect(state.draft.experiences[0]!.title).toBe('Serveur en brasserie');
	});

	it('never brings back a removed item, even when an older change arrives later', () => {
		const id = randomUUID();
		const state = apply(empty(), experience(id, 'Serveur'), { op: 'remove', list: 'experiences', id }, experience(id, 'Serveur (modifié hors ligne)'));
		expect(state.draft.experiences).toEqual([]);
		expect(state.removed).toEqual([id]);
	});

	it('moves an item, and moving it again to the same place changes nothing', () => {
		const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
		const start = apply(empty(), experience(a, 'A'), experience(b, 'B'), experience(c, 'C'));
		const moved = apply(start, { op: 'move', list: 'experiences', id: c, toIndex: 0 });
		expect(moved.draft.experiences.map((e) => e.title)).toEqual(['C', 'A', 'B']);
		expect(apply(moved, { op: 'move', list: 'experiences', id: c, toIndex: 0 })).toEqual(moved);
		expect(apply(moved, { op: 'move', list: 'experiences', id: randomUUID(), toIndex: 0 })).toBe(moved);
	});

	it('refuses what would break the CV, with a French message and the field, and changes nothing', () => {
		const state = empty();
		const attempts: CvOperation[] = [
			{ op: 'set', field: 'title', value: 'x'.repeat(121) },
			{ op: 'set', field: 'skills', value: 'pas une liste' },
			{ op: 'set', field: 'contact', value: { firstName: 'Inès', email: 'pas-une-adresse' } },
			{ op: 'set', field: 'summary', value: 'Bonjour\u0000' }
		];
		for (const attempt of attempts) {
			expect(() => applyCvOperation(state, attempt)).toThrow(CvOperationError);
		}
		expect(state).toEqual(empty());
		try {
			applyCvOperation(state, attempts[0]!);
		} catch (error) {
			expect((error as CvOperationError).field).toBe('title');
			expect((error as CvOperationError).message).toBe('120 caractères au plus.');
		}
	});

	it('stops at the limit of items with a clear message', () => {
		let state = empty();
		for (let i = 0; i < 20; i++) state = applyCvOperation(state, experience(randomUUID(), `Expérience ${i}`));
		expect(() => applyCvOperation(state, experience(randomUUID(), 'Une de trop'))).toThrow('20 expériences au plus');
	});

	it('accepts only well-formed operations from a device', () => {
		expect(cvOperation.safeParse({ op: 'set', field: 'title', value: 'Vendeur' }).success).toBe(true);
		expect(cvOperation.safeParse({ op: 'set', field: '__proto__', value: {} }).success).toBe(false);
		expect(cvOperation.safeParse({ op: 'upsert', list: 'experiences', item: { kind: 'job', title: 'Sans id' } }).success).toBe(false);
		expect(cvOperation.safeParse({ op: 'remove', list: 'experiences', id: 'pas-un-uuid' }).success).toBe(false);
		expect(cvOperation.safeParse({ op: 'drop' }).success).toBe(false);
	});
});
