import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { DomainError } from '$lib/server/platform/errors/errors';
import { aWorld, type World } from '$lib/server/testing/world';
import { purgeExpired } from '$lib/server/platform/maintenance/maintenance';
import { applyCvOperations, createCv, deleteCv, getCv, listCvs, MAX_CVS_PER_YOUTH, updateCvDetails } from './index';

let handle: DatabaseHandle;
let world: World;
let otherYouth: Actor;
let clock = new Date('2026-11-22T10:00:00Z');
const deps = () => ({ db: handle.db, now: () => clock });

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
	otherYouth = { userId: world.youths.otherYouth.id, role: 'youth', structureId: world.youths.otherYouth.structureId, networkId: null, companyId: null };
});
afterAll(() => handle.close());

const codeOf = async (promise: Promise<unknown>) => {
	try {
		await promise;
		return 'ok';
	} catch (error) {
		return error instanceof DomainError ? error.code : String(error);
	}
};

describe('a youth’s CVs', () => {
	it('creates a CV filled with what the account knows, once even when the device sends it twice', async () => {
		const id = randomUUID();
		const first = await createCv(deps(), world.actors.youth, { id, name: 'CV vente' });
		const again = await createCv(deps(), world.actors.youth, { id, name: 'CV vente' });
		expect(again.id).toBe(first.id);
		expect(first.draft.contact.firstName).toBe('Karim');
		expect((await listCvs(deps(), world.actors.youth)).filter((c) => c.id === id)).toHaveLength(1);
	});

	it('is reachable by its youth only: another youth, staff and partners find nothing', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV privé' });
		expect(await codeOf(getCv(deps(), otherYouth, cv.id))).toBe('cv.not_found');
		expect(await codeOf(applyCvOperations(deps(), otherYouth, cv.id, [{ id: randomUUID(), op: 'set', field: 'title', value: 'Pirate' }]))).toBe('cv.not_found');
		expect(await codeOf(deleteCv(deps(), otherYouth, cv.id))).toBe('cv.not_found');
		for (const actor of [world.actors.counselor, world.actors.manager, world.actors.mentor, world.actors.companyContact, world.actors.admin, world.actors.referent]) {
			expect(await codeOf(getCv(deps(), actor, cv.id))).toBe('access.forbidden');
		}
		expect(await codeOf(getCv(deps(), world.actors.youth, 'pas-un-id'))).toBe('cv.not_found');
		expect(await codeOf(getCv(deps(), world.actors.youth, randomUUID()))).toBe('cv.not_found');
		expect((await getCv(deps(), world.actors.youth, cv.id)).draft.title).toBe('');
	});

	it('refuses a device id already taken by another youth’s CV', async () => {
		const id = randomUUID();
		await createCv(deps(), otherYouth, { id, name: 'Le sien' });
		expect(await codeOf(createCv(deps(), world.actors.youth, { id, name: 'Le mien' }))).toBe('cv.id_reused');
	});

	it('copies a CV for another target job, and renames it', async () => {
		const source = await createCv(deps(), world.actors.youth, { name: 'CV cuisine' });
		await applyCvOperations(deps(), world.actors.youth, source.id, [{ id: randomUUID(), op: 'set', field: 'title', value: 'Commis de cuisine' }]);
		const copy = await createCv(deps(), world.actors.youth, { name: 'CV plonge', copyOf: source.id });
		expect(copy.id).not.toBe(source.id);
		expect(copy.draft.title).toBe('Commis de cuisine');
		const renamed = await updateCvDetails(deps(), world.actors.youth, copy.id, { name: 'CV plongeur', template: 'colonnes' });
		expect([renamed.name, renamed.template]).toEqual(['CV plongeur', 'colonnes']);
		expect(await codeOf(updateCvDetails(deps(), world.actors.youth, copy.id, { name: '   ' }))).toBe('cv.invalid_name');
		expect(await codeOf(createCv(deps(), world.actors.youth, { name: 'x'.repeat(61) }))).toBe('cv.invalid_name');
	});

	it('applies each operation once, reports retries, and keeps refusals without stopping the batch', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV livraison' });
		const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
		const batch = [
			{ id: a, op: 'set', field: 'title', value: 'Livreur' },
			{ id: b, op: 'set', field: 'summary', value: 'x'.repeat(701) },
			{ id: c, op: 'upsert', list: 'experiences', item: { id: randomUUID(), kind: 'odd_jobs', title: 'Livraisons à vélo' } }
		];
		const first = await applyCvOperations(deps(), world.actors.youth, cv.id, batch);
		expect(first.outcomes.map((o) => o.status)).toEqual(['applied', 'refused', 'applied']);
		expect(first.outcomes[1]).toMatchObject({ field: 'summary', message: '700 caractères au plus.' });
		expect(first.revision).toBe(2);
		const retry = await applyCvOperations(deps(), world.actors.youth, cv.id, batch);
		expect(retry.outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
		expect(retry.outcomes[1]).toMatchObject({ message: '700 caractères au plus.' });
		expect(retry.revision).toBe(2);
		expect(retry.draft.experiences).toHaveLength(1);
	});

	it('loses nothing when two devices send their changes at the same time', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV deux appareils' });
		const batches = Array.from({ length: 8 }, (_, i) => [
			{ id: randomUUID(), op: 'upsert', list: 'experiences', item: { id: randomUUID(), kind: 'job', title: `Expérience ${i}` } }
		]);
		await Promise.all(batches.map((batch) => applyCvOperations(deps(), world.actors.youth, cv.id, batch)));
		const stored = await getCv(deps(), world.actors.youth, cv.id);
		expect(stored.draft.experiences.map((e) => e.title).sort()).toEqual(batches.map((_, i) => `Expérience ${i}`).sort());
		expect(stored.revision).toBe(8);
	});

	it('ignores malformed operations one by one and refuses oversized batches', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV bizarre' });
		const result = await applyCvOperations(deps(), world.actors.youth, cv.id, [
			{ id: randomUUID(), op: 'drop' },
			{ id: randomUUID(), op: 'set', field: '__proto__', value: { polluted: true } },
			{ id: randomUUID(), op: 'set', field: 'title', value: 'Vendeur' }
		]);
		expect(result.outcomes.map((o) => o.status)).toEqual(['refused', 'refused', 'applied']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(await codeOf(applyCvOperations(deps(), world.actors.youth, cv.id, 'nope'))).toBe('cv.too_many_operations');
		const huge = Array.from({ length: 101 }, () => ({ id: randomUUID(), op: 'set', field: 'title', value: 'x' }));
		expect(await codeOf(applyCvOperations(deps(), world.actors.youth, cv.id, huge))).toBe('cv.too_many_operations');
		expect((await getCv(deps(), world.actors.youth, cv.id)).revision).toBe(1);
	});

	it('keeps at most ten CVs per youth, even when created at the same time', async () => {
		const youth: Actor = { ...otherYouth };
		const existing = (await listCvs(deps(), youth)).length;
		const attempts = await Promise.all(
			Array.from({ length: MAX_CVS_PER_YOUTH + 3 - existing }, (_, i) => codeOf(createCv(deps(), youth, { name: `CV ${i}` })))
		);
		expect(attempts.filter((a) => a === 'ok')).toHaveLength(MAX_CVS_PER_YOUTH - existing);
		expect(attempts.filter((a) => a === 'cv.too_many')).toHaveLength(3);
		expect(await listCvs(deps(), youth)).toHaveLength(MAX_CVS_PER_YOUTH);
	});

	it('forgets operation ids after 90 days, and deletes a CV with its history', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV ancien' });
		const op = { id: randomUUID(), op: 'set', field: 'title', value: 'Ancien' };
		await applyCvOperations(deps(), world.actors.youth, cv.id, [op]);
		clock = new Date(clock.getTime() + 91 * 86_400_000);
		await purgeExpired(handle.db, clock);
		const replay = await applyCvOperations(deps(), world.actors.youth, cv.id, [op]);
		expect(replay.outcomes[0]!.status).toBe('applied');
		await deleteCv(deps(), world.actors.youth, cv.id);
		expect(await codeOf(getCv(deps(), world.actors.youth, cv.id))).toBe('cv.not_found');
	});
});
