import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { DomainError } from '../../platform/errors/errors';
import { aWorld, aYouth, type World } from './accounts.fixtures';
import { youthProfiles } from './accounts.schema';
import { changeReferent, createAccountsRepository, normalizePhone, recordContact, touchYouthActivity } from './index';

let handle: DatabaseHandle;
let world: World;
const now = () => new Date();

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
});
afterAll(() => handle.close());

const repo = (actor: World['actors'][keyof World['actors']]) => createAccountsRepository({ db: handle.db, actor });

describe('the youth list of a counselor', () => {
	it('shows by default all the youth of their Mission Locale and none of another', async () => {
		const all = await repo(world.actors.counselor).listYouth({ filter: 'all' });
		const ids = all.map((y) => y.id);
		expect(ids).toContain(world.youths.youth.id);
		expect(ids).toContain(world.youths.youthOfColleague.id);
		expect(ids).not.toContain(world.youths.otherYouth.id);
		expect(ids).not.toContain(world.youths.farYouth.id);
	});

	it('narrows to the youth they follow with the "mine" filter', async () => {
		const mine = await repo(world.actors.counselor).listYouth({ filter: 'mine' });
		expect(mine.map((y) => y.id)).toEqual([world.youths.youth.id]);
		expect(mine[0]!.referentName).toBe('Camille Martin');
	});

	it('lists the youth without news for longer than the delay ("à recontacter")', async () => {
		const fresh = await aYouth(handle.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Zoé' });
		await touchYouthActivity({ db: handle.db, now }, fresh.id);
		// Never contacted: counted from the start of the follow-up, pushed back 40 days here.
		await handle.db
			.update(youthProfiles)
			.set({ followedSince: new Date(Date.now() - 40 * 86_400_000) })
			.where(eq(youthProfiles.userId, world.youths.youth.id));
		const quiet = await repo(world.actors.counselor).listYouth({ filter: 'recontact' });
		expect(quiet.map((y) => y.id)).not.toContain(fresh.id);
		expect(quiet.map((y) => y.id)).toContain(world.youths.youth.id);
	});

	it('searches by name, treating % and _ as plain characters', async () => {
		expect((await repo(world.actors.counselor).listYouth({ filter: 'all', search: 'karim' })).length).toBe(1);
		expect((await repo(world.actors.counselor).listYouth({ filter: 'all', search: '%' })).length).toBe(0);
	});

	it('is empty for every role that is not staff of a structure', async () => {
		for (const actor of [world.actors.youth, world.actors.referent, world.actors.mentor, world.actors.companyContact, world.actors.admin]) {
			expect(await repo(actor).listYouth({ filter: 'all' })).toEqual([]);
		}
	});
});

describe('a youth file', () => {
	it('is readable by the staff of the youth’s Mission Locale and by the youth', async () => {
		for (const actor of [world.actors.counselor, world.actors.counselor2, world.actors.manager, world.actors.youth]) {
			const file = await repo(actor).getYouthFile(world.youths.youth.id);
			expect(file?.firstName).toBe('Karim');
		}
	});

	it('is invisible to other structures, other networks and roles without a need to know', async () => {
		for (const actor of [
			world.actors.otherCounselor,
			world.actors.otherManager,
			world.actors.farCounselor,
			world.actors.referent,
			world.actors.farReferent,
			world.actors.mentor,
			world.actors.companyContact,
			world.actors.admin
		]) {
			expect(await repo(actor).getYouthFile(world.youths.youth.id)).toBeNull();
		}
	});

	it('is invisible to another youth, even of the same Mission Locale', async () => {
		expect(await repo(world.actors.youth).getYouthFile(world.youths.youthOfColleague.id)).toBeNull();
	});

	it('answers null to a malformed or unknown id', async () => {
		expect(await repo(world.actors.counselor).getYouthFile("1' or '1'='1")).toBeNull();
		expect(await repo(world.actors.counselor).getYouthFile('00000000-0000-0000-0000-000000000000')).toBeNull();
	});
});

describe('changing the referent counselor', () => {
	it('keeps the history and updates the current referent', async () => {
		const y = await aYouth(handle.db, world.structures.lyon.id, world.people.counselor.id);
		await changeReferent({ db: handle.db, now }, world.actors.manager, {
			youthId: y.id,
			counselorId: world.people.counselor2.id,
			reason: 'Changement de secteur'
		});
		const file = await repo(world.actors.counselor2).getYouthFile(y.id);
		expect(file?.referent?.id).toBe(world.people.counselor2.id);
		expect(file?.history.map((h) => [h.counselorId, h.endedAt === null])).toEqual([
			[world.people.counselor2.id, true],
			[world.people.counselor.id, false]
		]);
		expect(file?.history[0]?.reason).toBe('Changement de secteur');
	});

	it('refuses a counselor of another Mission Locale and changes nothing', async () => {
		const y = await aYouth(handle.db, world.structures.lyon.id, world.people.counselor.id);
		await expect(
			changeReferent({ db: handle.db, now }, world.actors.manager, { youthId: y.id, counselorId: world.people.otherCounselor.id })
		).rejects.toMatchObject({ code: 'accounts.counselor_not_in_structure' });
		const [profile] = await handle.db.select().from(youthProfiles).where(eq(youthProfiles.userId, y.id));
		expect(profile!.referentId).toBe(world.people.counselor.id);
	});

	it('is forbidden to staff of another structure, to the network, to the youth and to partners', async () => {
		for (const actor of [
			world.actors.otherManager,
			world.actors.farManager,
			world.actors.referent,
			world.actors.youth,
			world.actors.mentor,
			world.actors.admin
		]) {
			const attempt = changeReferent({ db: handle.db, now }, actor, {
				youthId: world.youths.youth.id,
				counselorId: world.people.counselor2.id
			});
			await expect(attempt).rejects.toBeInstanceOf(DomainError);
			await expect(attempt).rejects.toMatchObject({ kind: 'forbidden' });
		}
	});

	it('refuses an unsigned request and malformed input with French messages', async () => {
		await expect(
			changeReferent({ db: handle.db, now }, null, { youthId: world.youths.youth.id, counselorId: world.people.counselor2.id })
		).rejects.toMatchObject({ kind: 'unauthenticated' });
		await expect(
			changeReferent({ db: handle.db, now }, world.actors.manager, { youthId: 'x', counselorId: 'y' })
		).rejects.toMatchObject({ kind: 'invalid', fields: { youthId: 'Jeune inconnu.' } });
	});

	it('keeps exactly one current referent when two changes race', async () => {
		const y = await aYouth(handle.db, world.structures.lyon.id, world.people.counselor.id);
		const results = await Promise.allSettled([
			changeReferent({ db: handle.db, now }, world.actors.manager, { youthId: y.id, counselorId: world.people.counselor2.id }),
			changeReferent({ db: handle.db, now }, world.actors.manager, { youthId: y.id, counselorId: world.people.manager.id })
		]);
		expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
		const file = await repo(world.actors.manager).getYouthFile(y.id);
		expect(file!.history.filter((h) => h.endedAt === null)).toHaveLength(1);
		expect(file!.referent?.id).toBe(file!.history.find((h) => h.endedAt === null)!.counselorId);
	});
});

describe('phone numbers', () => {
	it('are normalised to the international form', () => {
		expect(normalizePhone('06 12 34 56 78')).toBe('+33612345678');
		expect(normalizePhone('+33 7 12 34 56 78')).toBe('+33712345678');
		expect(normalizePhone('0033612345678')).toBe('+33612345678');
		expect(normalizePhone('01 23 45 67 89')).toBeNull();
		expect(normalizePhone('bonjour')).toBeNull();
	});
});

describe('choosing the same referent again', () => {
	it('is refused with a clear message', async () => {
		const y = await aYouth(handle.db, world.structures.lyon.id, world.people.counselor.id);
		await expect(
			changeReferent({ db: handle.db, now }, world.actors.counselor, { youthId: y.id, counselorId: world.people.counselor.id })
		).rejects.toMatchObject({ code: 'accounts.same_referent' });
	});
});

describe('recording a contact with a youth', () => {
	it('keeps the latest contact and its channel, never going backwards', async () => {
		const youth = await aYouth(handle.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Inès' });
		const read = async () =>
			(await handle.db.select().from(youthProfiles).where(eq(youthProfiles.userId, youth.id)))[0]!;
		expect((await read()).lastContactAt).toBeNull();

		await recordContact(handle.db, { youthId: youth.id, channel: 'message', at: new Date('2026-03-10T09:00:00Z') });
		await recordContact(handle.db, { youthId: youth.id, channel: 'appointment', at: new Date('2026-03-01T09:00:00Z') });
		let profile = await read();
		expect(profile.lastContactAt?.toISOString()).toBe('2026-03-10T09:00:00.000Z');
		expect(profile.lastContactChannel).toBe('message');

		await recordContact(handle.db, { youthId: youth.id, channel: 'phone', at: new Date('2026-03-12T15:30:00Z') });
		profile = await read();
		expect(profile.lastContactChannel).toBe('phone');
	});
});
