import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { aSite } from '../../testing/world';
import { DomainError } from '../../platform/errors/errors';
import { structureClosures } from '../structures/structures.schema';
import { users, youthProfiles } from './accounts.schema';
import { aWorld, aYouth, actorOf, type World } from './accounts.fixtures';
import { getYouthHome, nextOpening } from './accounts.queries';

let handle: DatabaseHandle;
let world: World;

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
});
afterAll(() => handle.close());

// Wednesday 14 May 2025, 10:30 in Paris (UTC+2 in summer).
const wednesdayMorning = new Date('2025-05-14T08:30:00Z');
const WEEKDAYS = [1, 2, 3, 4, 5].flatMap((day) => [
	{ day, opens: '09:00', closes: '12:30' },
	{ day, opens: '13:30', closes: '17:00' }
]);

describe('the next opening of a site', () => {
	it('says the site is open now, until it closes', () => {
		expect(nextOpening(WEEKDAYS, wednesdayMorning)).toEqual({ openNow: true, inDays: 0, date: '2025-05-14', day: 3, opens: '09:00', closes: '12:30' });
	});

	it('gives the afternoon slot during the lunch break', () => {
		const lunch = new Date('2025-05-14T11:00:00Z'); // 13:00 in Paris
		expect(nextOpening(WEEKDAYS, lunch)).toMatchObject({ openNow: false, inDays: 0, opens: '13:30' });
	});

	it('goes to Monday after closing time on Friday, in French local time', () => {
		const fridayEvening = new Date('2025-05-16T16:00:00Z'); // 18:00 in Paris
		expect(nextOpening(WEEKDAYS, fridayEvening)).toMatchObject({ openNow: false, inDays: 3, day: 1, opens: '09:00' });
	});

	it('finds a site open one day a week, a week later when that day is over', () => {
		const wednesdayOnly = [{ day: 3, opens: '09:00', closes: '10:00' }];
		expect(nextOpening(wednesdayOnly, wednesdayMorning)).toMatchObject({ inDays: 7, day: 3 });
	});

	it('has nothing to say about a site without opening hours', () => {
		expect(nextOpening([], wednesdayMorning)).toBeNull();
	});
});

describe('the youth home', () => {
	it('shows the youth their first name, their counselor and their Mission Locale with its site', async () => {
		await aSite(handle.db, world.structures.lyon.id, { name: 'Lyon 8e', communeCode: '69388', openingHours: WEEKDAYS });
		const home = await getYouthHome(handle.db, world.actors.youth, wednesdayMorning);
		expect(home).not.toBeNull();
		expect(home!.firstName).toBe('Karim');
		expect(home!.referent).toEqual({ firstName: 'Camille', lastName: 'Martin' });
		expect(home!.structure.name).toBe('Mission Locale de Lyon');
		expect(home!.site?.name).toBe('Lyon 8e');
		expect(home!.site?.nextOpening).toMatchObject({ openNow: true, closes: '12:30' });
	});

	it('never shows the data of another youth: the query follows the signed-in youth only', async () => {
		const other = await getYouthHome(handle.db, actorOf({ id: world.youths.otherYouth.id, role: 'youth', structureId: world.structures.villeurbanne.id, networkId: null, companyId: null }));
		expect(other!.firstName).toBe('Léa');
		expect(other!.structure.name).toBe('Mission Locale de Villeurbanne');
		// Villeurbanne has no site in this world: nothing is borrowed from Lyon.
		expect(other!.site).toBeNull();
	});

	it('prefers the site of the youth’s own commune', async () => {
		const { id } = await aYouth(handle.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Nina' });
		await aSite(handle.db, world.structures.lyon.id, { name: 'Vénissieux', communeCode: '69259', openingHours: [] });
		await handle.db.update(youthProfiles).set({ communeCode: '69259' }).where(eq(youthProfiles.userId, id));
		const home = await getYouthHome(handle.db, actorOf({ id, role: 'youth', structureId: world.structures.lyon.id, networkId: null, companyId: null }));
		expect(home!.site?.name).toBe('Vénissieux');
		expect(home!.site?.nextOpening).toBeNull();
	});

	it('does not name a counselor whose account is disabled', async () => {
		const { id } = await aYouth(handle.db, world.structures.lyon.id, world.people.counselor2.id, { firstName: 'Yanis' });
		await handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, world.people.counselor2.id));
		const home = await getYouthHome(handle.db, actorOf({ id, role: 'youth', structureId: world.structures.lyon.id, networkId: null, companyId: null }));
		expect(home!.referent).toBeNull();
		await handle.db.update(users).set({ disabledAt: null }).where(eq(users.id, world.people.counselor2.id));
	});

	it('announces an exceptional closure two weeks ahead and opens after it; another structure’s closure is not shown', async () => {
		const { id } = await aYouth(handle.db, world.structures.villeurbanne.id, world.people.otherCounselor.id, { firstName: 'Maëlle' });
		const youth = actorOf({ id, role: 'youth', structureId: world.structures.villeurbanne.id, networkId: null, companyId: null });
		await aSite(handle.db, world.structures.villeurbanne.id, { name: 'Villeurbanne centre', communeCode: '69266', openingHours: WEEKDAYS });
		const [closure] = await handle.db
			.insert(structureClosures)
			.values({ structureId: world.structures.villeurbanne.id, startsOn: '2025-05-26', endsOn: '2025-06-06', reason: 'Déménagement' })
			.returning();
		try {
			// Three weeks before: not yet announced; the next opening is the usual one.
			expect((await getYouthHome(handle.db, youth, new Date('2025-05-05T08:30:00Z')))!.closure).toBeNull();
			// Wednesday 14 May: announced; Friday 23 May after closing time: it opens on Monday 9 June (Whit Monday is a holiday).
			const before = await getYouthHome(handle.db, youth, wednesdayMorning);
			expect(before!.closure).toEqual({ startsOn: '2025-05-26', endsOn: '2025-06-06', reason: 'Déménagement' });
			const friday = await getYouthHome(handle.db, youth, new Date('2025-05-23T16:00:00Z'));
			expect(friday!.site?.nextOpening).toMatchObject({ openNow: false, inDays: 18, date: '2025-06-10', day: 2, opens: '09:00' });
			expect((await getYouthHome(handle.db, youth, new Date('2025-06-07T08:00:00Z')))!.closure).toBeNull();
			// Lyon's youth see nothing of it.
			expect((await getYouthHome(handle.db, world.actors.youth, wednesdayMorning))!.closure).toBeNull();
		} finally {
			await handle.db.delete(structureClosures).where(eq(structureClosures.id, closure!.id));
		}
	});

	it.each(['counselor', 'manager', 'referent', 'admin'] as const)('refuses a %s: it is the youth’s own page', async (who) => {
		await expect(getYouthHome(handle.db, world.actors[who])).rejects.toSatisfy(
			(e) => e instanceof DomainError && e.code === 'access.forbidden'
		);
	});

	it('refuses someone who is not signed in', async () => {
		await expect(getYouthHome(handle.db, null)).rejects.toSatisfy(
			(e) => e instanceof DomainError && e.code === 'access.unauthenticated'
		);
	});
});
