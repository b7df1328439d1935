import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '../app';
import type { DatabaseHandle } from '../db/client';
import { createTestDatabase } from '../db/test-database';
import { findAccountByEmail } from '../modules/accounts';
import { getCaseload, getMyNextSteps, listJournal } from '../modules/follow-up';
import type { Actor } from '../platform/access';
import { readConfig } from '../platform/config/config';
import { demoNetworkId, demoStructureId, seedDemo } from './seed';

describe('demo follow-up', () => {
	let handle: DatabaseHandle;
	let deps: Deps;
	const lyon = demoStructureId('ml-lyon');
	const rhone = demoNetworkId('missions-locales-du-rhone');
	let counselor: Actor;
	let karim: Actor;

	beforeAll(async () => {
		handle = await createTestDatabase();
		deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '1', LOG_LEVEL: 'warn' }) });
		await seedDemo(deps);
		counselor = { userId: (await findAccountByEmail(deps.db, 'conseiller@tremplin.test'))!.id, role: 'counselor', structureId: lyon, networkId: rhone, companyId: null };
		karim = { userId: (await findAccountByEmail(deps.db, 'jeune@tremplin.test'))!.id, role: 'youth', structureId: lyon, networkId: rhone, companyId: null };
	}, 180_000);
	afterAll(() => handle.close());

	it('gives the Lyon caseload varied last contacts, some youth "à recontacter"', async () => {
		const caseload = (await getCaseload(deps, counselor, { filter: 'all', sort: 'contact', search: '' }))!;
		expect(caseload.counts.recontact).toBeGreaterThan(0);
		expect(caseload.counts.recontact).toBeLessThan(caseload.counts.total);
		const channels = new Set(caseload.items.map((y) => y.lastNewsChannel));
		for (const c of ['activity', 'phone', 'message']) expect(channels, c).toContain(c);
		const mehdi = caseload.items.find((y) => y.firstName === 'Mehdi')!;
		expect(mehdi).toMatchObject({ lastNewsChannel: 'phone', toRecontact: false });
	});

	it('gives Karim a journal and a plan, and shows him the plan only', async () => {
		expect((await listJournal(deps, counselor, karim.userId)).length).toBe(3);
		const steps = await getMyNextSteps(deps.db, karim);
		expect(steps.map((s) => s.status)).toEqual(['done', 'todo', 'todo']);
	});

	it('changes nothing when run again', async () => {
		await seedDemo(deps);
		expect((await listJournal(deps, counselor, karim.userId)).length).toBe(3);
	});
});
