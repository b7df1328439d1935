import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../db/test-database';
import type { DatabaseHandle } from '../../db/client';
import { DomainError } from '../../platform/errors/errors';
import { auditEvents } from '../../platform/audit/audit.schema';
import { nextOpening } from '../accounts/accounts.queries';
import { addClosure, closureToAnnounce, listMyClosures, parseCalendarDate, removeClosure, type Closure } from './structures.closures';
import { aNetwork, anActor, aSite, aStructure, coverCommunes } from './structures.fixtures';
import { openingCalendarOfStructure, publicHoursOf } from './structures.queries';
import { findMissionLocaleFor } from './structures.territory';
import { structureClosures } from './structures.schema';
import { failure } from '../../testing/errors';

describe('calendar dates typed in a form', () => {
	it('reads the date picker’s value and a date written by hand', () => {
		expect(parseCalendarDate('2026-08-03')).toBe('2026-08-03');
		expect(parseCalendarDate(' 3/8/2026 ')).toBe('2026-08-03');
		expect(parseCalendarDate('03.08.2026')).toBe('2026-08-03');
	});

	it('refuses days that do not exist and anything else', () => {
		for (const bad of ['', '2026-02-30', '31/04/2026', '2026-13-01', 'demain', '1999-12-31', '2026-8-3', "2026-08-03'--"]) {
			expect(parseCalendarDate(bad), bad).toBeNull();
		}
	});
});

describe('exceptional closures', () => {
	let handle: DatabaseHandle;
	// Wednesday 15 July 2026, 10:00 in Paris.
	let clock = new Date('2026-07-15T08:00:00Z');
	const deps = () => ({ db: handle.db, now: () => clock });
	let lyon: { id: string };
	let villeurbanne: { id: string };
	let manager: ReturnType<typeof anActor>;
	let otherManager: ReturnType<typeof anActor>;

	beforeAll(async () => {
		handle = await createTestDatabase();
		const rhone = await aNetwork(handle.db);
		lyon = await aStructure(handle.db, { networkId: rhone.id, name: 'Mission Locale de Lyon' });
		villeurbanne = await aStructure(handle.db, { networkId: rhone.id, name: 'Mission Locale de Villeurbanne' });
		await aSite(handle.db, { structureId: lyon.id });
		manager = anActor({ role: 'structure_manager', structureId: lyon.id, networkId: rhone.id });
		otherManager = anActor({ role: 'structure_manager', structureId: villeurbanne.id, networkId: rhone.id });
	});
	afterAll(() => handle.close());

	it('adds a closure, lists it, and audits who did it', async () => {
		const added = await addClosure(deps(), manager, { startsOn: '2026-08-03', endsOn: '21/08/2026', reason: '  Congés\td’été  ' });
		expect(added).toMatchObject({ startsOn: '2026-08-03', endsOn: '2026-08-21', reason: 'Congés d’été' });
		expect(await listMyClosures(deps(), manager)).toEqual([added]);
		const [audit] = await handle.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'structure.closure_added'), eq(auditEvents.actorId, manager.userId)));
		expect(audit?.details).toMatchObject({ closureId: added.id, startsOn: '2026-08-03', endsOn: '2026-08-21' });
	});

	it('makes its days closed days: the next opening is the Monday after it', async () => {
		const friday = new Date('2026-07-31T15:30:00Z'); // 17:30 in Paris, after closing time
		const calendar = await openingCalendarOfStructure(handle.db, lyon.id, friday);
		expect(calendar.closedOn('2026-08-10')).toBe(true);
		expect(calendar.closedOn('2026-08-24')).toBe(false);
		expect(calendar.closedOn('2026-07-14')).toBe(true); // a public holiday stays closed
		expect(nextOpening(calendar.hours[0]!, friday, calendar.closedOn)).toMatchObject({ inDays: 24, date: '2026-08-24', day: 1, opens: '09:00' });
	});

	it('one day: the last day may be left empty', async () => {
		const day = await addClosure(deps(), manager, { startsOn: '2026-11-02', endsOn: '', reason: '' });
		expect(day).toMatchObject({ startsOn: '2026-11-02', endsOn: '2026-11-02', reason: null });
		await removeClosure(deps(), manager, day.id);
	});

	it('stores the same closure sent twice once, and refuses one that overlaps, naming the dates in the way', async () => {
		const again = await addClosure(deps(), manager, { startsOn: '2026-08-03', endsOn: '2026-08-21', reason: 'Congés d’été' });
		const rows = await handle.db.select().from(structureClosures).where(eq(structureClosures.structureId, lyon.id));
		expect(rows).toHaveLength(1);
		expect(again.id).toBe(rows[0]!.id);
		const error = await failure(addClosure(deps(), manager, { startsOn: '2026-08-21', endsOn: '2026-08-25' }));
		expect(error.code).toBe('structures.closure_overlaps');
		expect(error.fields.startsOn).toBe('Une fermeture est déjà prévue du 3 au 21 août 2026. Supprimez-la d’abord ou choisissez d’autres dates.');
		// Touching is not overlapping.
		const next = await addClosure(deps(), manager, { startsOn: '2026-08-22', endsOn: '2026-08-23' });
		await removeClosure(deps(), manager, next.id);
	});

	it('refuses bad dates with a French message on the field, and stores nothing', async () => {
		const cases: [Record<string, unknown>, string, RegExp][] = [
			[{ startsOn: '' }, 'startsOn', /premier jour/],
			[{}, 'startsOn', /premier jour/],
			[{ startsOn: '2026-02-30' }, 'startsOn', /premier jour/],
			[{ startsOn: '2026-09-10', endsOn: 'vendredi' }, 'endsOn', /dernier jour/],
			[{ startsOn: '2026-09-10', endsOn: '2026-09-09' }, 'endsOn', /après/],
			[{ startsOn: '2026-09-01', endsOn: '2026-11-30' }, 'endsOn', /90 jours au plus/],
			[{ startsOn: '2026-07-01', endsOn: '2026-07-14' }, 'endsOn', /déjà passées/],
			[{ startsOn: '2029-01-05' }, 'startsOn', /deux ans/],
			[{ startsOn: '2026-09-10', reason: 'x'.repeat(121) }, 'reason', /120 caractères/],
			[{ startsOn: ['2026-09-10'] }, 'startsOn', /premier jour/]
		];
		for (const [input, field, message] of cases) {
			const error = await failure(addClosure(deps(), manager, input));
			expect(error.kind, JSON.stringify(input)).toBe('invalid');
			expect(error.fields[field], JSON.stringify(input)).toMatch(message);
		}
		expect(await handle.db.select().from(structureClosures).where(eq(structureClosures.structureId, lyon.id))).toHaveLength(1);
	});

	it('still accepts a closure under way (it started yesterday)', async () => {
		const underWay = await addClosure(deps(), manager, { startsOn: '2026-07-14', endsOn: '2026-07-17', reason: 'Pont' });
		expect((await listMyClosures(deps(), manager)).map((c) => c.startsOn)).toEqual(['2026-07-14', '2026-08-03']);
		await removeClosure(deps(), manager, underWay.id);
	});

	it('only lets the structure’s management change its closures; another structure’s or a forged id is not found', async () => {
		const [closure] = await listMyClosures(deps(), manager);
		for (const role of ['counselor', 'network_referent', 'platform_admin', 'youth', 'mentor'] as const) {
			const someone = anActor({ role, structureId: lyon.id });
			expect((await failure(listMyClosures(deps(), someone))).kind).toBe('forbidden');
			expect((await failure(addClosure(deps(), someone, { startsOn: '2026-12-24' }))).kind).toBe('forbidden');
			expect((await failure(removeClosure(deps(), someone, closure!.id))).kind).toBe('forbidden');
		}
		expect((await failure(listMyClosures(deps(), null))).kind).toBe('unauthenticated');
		expect(await listMyClosures(deps(), otherManager)).toEqual([]);
		for (const forged of [closure!.id, randomUUID(), 'abc', '', `${closure!.id}'--`]) {
			expect((await failure(removeClosure(deps(), otherManager, forged))).code).toBe('structures.closure_not_found');
		}
		expect(await listMyClosures(deps(), manager)).toHaveLength(1);
	});

	it('removes a closure once; removing it again says it is gone', async () => {
		const closure = await addClosure(deps(), manager, { startsOn: '2026-12-24', endsOn: '2026-12-31', reason: 'Fêtes' });
		await removeClosure(deps(), manager, closure.id.toUpperCase());
		expect((await failure(removeClosure(deps(), manager, closure.id))).code).toBe('structures.closure_not_found');
		expect((await listMyClosures(deps(), manager)).map((c) => c.id)).not.toContain(closure.id);
	});

	it('stores one of two overlapping closures added at the same moment', async () => {
		const results = await Promise.allSettled([
			addClosure(deps(), manager, { startsOn: '2026-10-19', endsOn: '2026-10-23', reason: 'Formation de l’équipe' }),
			addClosure(deps(), manager, { startsOn: '2026-10-21', endsOn: '2026-10-30', reason: 'Déménagement' })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect((refused.reason as DomainError).code).toBe('structures.closure_overlaps');
		const october = (await listMyClosures(deps(), manager)).filter((c) => c.startsOn.startsWith('2026-10'));
		expect(october).toHaveLength(1);
		await removeClosure(deps(), manager, october[0]!.id);
	});

	it('refuses one closure too many', async () => {
		const added: Closure[] = [];
		try {
			for (let i = 0; added.length < 29; i++) {
				const day = new Date(Date.UTC(2027, 0, 4 + i * 2)).toISOString().slice(0, 10);
				added.push(await addClosure(deps(), manager, { startsOn: day }));
			}
			expect((await failure(addClosure(deps(), manager, { startsOn: '2027-06-01' }))).code).toBe('structures.too_many_closures');
			// Past closures do not count.
			clock = new Date('2027-03-01T08:00:00Z');
			await removeClosure(deps(), manager, (await addClosure(deps(), manager, { startsOn: '2027-06-01' })).id);
		} finally {
			clock = new Date('2026-07-15T08:00:00Z');
			for (const c of added) await removeClosure(deps(), manager, c.id);
		}
	});

	it('is public in the directory: the closure to announce, and closed hours during it', async () => {
		await coverCommunes(handle.db, lyon.id, ['69123']);
		// Wednesday 5 August 2026, 10:00 in Paris: during the summer closure.
		const during = new Date('2026-08-05T08:00:00Z');
		const [match] = await findMissionLocaleFor(handle.db, { communeCode: '69123' }, during);
		expect(match!.closures.map((c) => c.startsOn)).toEqual(['2026-08-03']);
		const hours = publicHoursOf(match!, match!.sites[0]!, during);
		expect(hours.openToday).toBe(false);
		expect(hours.today).toBe('Fermé aujourd’hui. Ouvre lundi 24 août à 9 h');
		expect(closureToAnnounce(match!.closures, '2026-08-05')).toMatchObject({ startsOn: '2026-08-03', endsOn: '2026-08-21', reason: 'Congés d’été' });
		// After it: open again.
		expect(publicHoursOf(match!, match!.sites[0]!, new Date('2026-08-24T08:00:00Z')).openToday).toBe(true);
	});

	it('announces a closure to youth from two weeks before it starts until its last day', () => {
		const summer = { id: 'x', startsOn: '2026-08-03', endsOn: '2026-08-21', reason: null };
		expect(closureToAnnounce([summer], '2026-07-19')).toBeNull();
		expect(closureToAnnounce([summer], '2026-07-20')).toBe(summer);
		expect(closureToAnnounce([summer], '2026-08-21')).toBe(summer);
		expect(closureToAnnounce([summer], '2026-08-22')).toBeNull();
	});
});
