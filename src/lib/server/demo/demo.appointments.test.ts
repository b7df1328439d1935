import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '../app';
import type { DatabaseHandle } from '../db/client';
import { createTestDatabase } from '../db/test-database';
import { findAccountByEmail } from '../modules/accounts';
import { freeSlotsByDay, getAgenda, listYouthAppointments } from '../modules/appointments';
import type { Actor } from '../platform/access';
import { readConfig } from '../platform/config/config';
import { demoId, demoNetworkId, demoStructureId } from './seed';
import { seedAppointments } from './demo.appointments';
import { seedDemo } from './seed';

describe('demo appointments', () => {
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

	it('gives Karim a next appointment and a past one, and free slots to book in every mode', async () => {
		const { upcoming, past } = await listYouthAppointments(deps.db, karim, deps.now());
		expect(upcoming).toHaveLength(1);
		expect(upcoming[0]).toMatchObject({ mode: 'in_person', counselorFirstName: 'Julien' });
		expect(past[0]).toMatchObject({ attendance: 'present' });
		const free = (await freeSlotsByDay(deps.db, karim, { now: deps.now() })).flatMap((d) => d.slots);
		expect(new Set(free.map((s) => s.mode))).toEqual(new Set(['in_person', 'phone', 'video']));
	});

	it('shows the booking in the counselor’s agenda, and running the seed again changes nothing', async () => {
		const range = { from: new Date(Date.now() - 14 * 86_400_000), to: new Date(Date.now() + 14 * 86_400_000), now: deps.now() };
		const before = (await getAgenda(deps.db, counselor, { staffId: counselor.userId, ...range }))!.slots;
		expect(before.filter((s) => s.appointment?.youthId === karim.userId)).toHaveLength(2);
		await seedAppointments(deps, { lyon, counselor: counselor.userId, karim: karim.userId, siteId: demoId('site:ml-lyon:lyon-7'), demoId });
		const after = (await getAgenda(deps.db, counselor, { staffId: counselor.userId, ...range }))!.slots;
		expect(after.length).toBe(before.length);
	});
});
