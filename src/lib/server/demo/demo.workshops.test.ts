import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '../app';
import type { DatabaseHandle } from '../db/client';
import { createTestDatabase } from '../db/test-database';
import { findAccountByEmail } from '../modules/accounts';
import { loadCatalogue } from '../modules/learning';
import { getWorkshopForStaff, getWorkshopResults, getYouthWorkshops, listWorkshopsForStaff, listWorkshopsForYouth, workshopResultsCsv } from '../modules/workshops';
import { workshopAnswers, workshopPlayers } from '../modules/workshops/workshops.schema';
import type { Actor } from '../platform/access';
import { readConfig } from '../platform/config/config';
import { seedWorkshops } from './demo.workshops';
import { demoId, demoNetworkId, demoStructureId, seedDemo } from './seed';

describe('demo workshops', () => {
	let handle: DatabaseHandle;
	let deps: Deps;
	const lyon = demoStructureId('ml-lyon');
	const rhone = demoNetworkId('missions-locales-du-rhone');
	let counselor: Actor;
	let karim: Actor;

	beforeAll(async () => {
		handle = await createTestDatabase();
		deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '1', LOG_LEVEL: 'warn' }) });
		await loadCatalogue(deps);
		await seedDemo(deps);
		counselor = { userId: (await findAccountByEmail(deps.db, 'conseiller@tremplin.test'))!.id, role: 'counselor', structureId: lyon, networkId: rhone, companyId: null };
		karim = { userId: (await findAccountByEmail(deps.db, 'jeune@tremplin.test'))!.id, role: 'youth', structureId: lyon, networkId: rhone, companyId: null };
	}, 180_000);
	afterAll(() => handle.close());

	it('plans « Les codes de l’entretien » with a Tremplin module’s questions, Karim invited', async () => {
		const list = await listWorkshopsForStaff(deps, counselor);
		const planned = list.find((w) => w.title === 'Les codes de l’entretien')!;
		expect(planned).toMatchObject({ phase: 'scheduled', invitedCount: 1 });
		expect(planned.startsAt.getTime()).toBeGreaterThan(Date.now());
		const details = await getWorkshopForStaff(deps, counselor, planned.id);
		expect(details.questions.length).toBeGreaterThanOrEqual(10);
		expect(details.questions[0]!.source?.slug).toBe('entretien-d-embauche');
		expect(details.invited.map((i) => i.name)).toEqual(['Karim Mansour']);
		expect((await listWorkshopsForYouth(deps, karim)).map((w) => w.title)).toContain('Les codes de l’entretien');
	});

	it('has an ended session with results, a CSV and Karim’s attendance', async () => {
		const ended = (await listWorkshopsForStaff(deps, counselor)).find((w) => w.phase === 'ended')!;
		const results = await getWorkshopResults(deps, counselor, ended.id);
		expect(results.participants).toHaveLength(4);
		expect(results.participants.find((p) => p.nickname === 'Karim')).toMatchObject({ youthName: 'Karim Mansour', right: 5, rank: 1 });
		expect(results.attendance.filter((a) => a.present).map((a) => a.name)).toEqual(['Karim Mansour']);
		expect(results.attendance).toHaveLength(2);
		const { csv } = await workshopResultsCsv(deps, counselor, ended.id);
		expect(csv.split('\r\n').length).toBe(1 + 4 * 5 + 1);
		const file = await getYouthWorkshops(deps, counselor, karim.userId);
		expect(file).toEqual([expect.objectContaining({ title: 'Bien lire une offre d’emploi', rank: 1, right: 5, total: 5 })]);
	});

	it('changes nothing when run again', async () => {
		const counts = async () => [
			(await deps.db.select({ n: count() }).from(workshopPlayers))[0]!.n,
			(await deps.db.select({ n: count() }).from(workshopAnswers))[0]!.n
		];
		const before = await counts();
		const list = await listWorkshopsForStaff(deps, counselor);
		await seedWorkshops(deps, { lyon, counselor, karim: karim.userId, otherYouth: demoId('youth:lyon-1'), siteId: demoId('site:ml-lyon:lyon-7'), demoId });
		expect(await counts()).toEqual(before);
		const after = await listWorkshopsForStaff(deps, counselor);
		expect(after.map((w) => [w.id, w.questionCount, w.invitedCount])).toEqual(list.map((w) => [w.id, w.questionCount, w.invitedCount]));
	});
});
