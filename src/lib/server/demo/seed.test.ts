import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '../app';
import { createTestDatabase } from '../db/test-database';
import type { DatabaseHandle } from '../db/client';
import { readConfig } from '../platform/config/config';
import { findAccountByEmail } from '../modules/accounts';
import { verifyPassword } from '../modules/authentication';
import { findCommuneByName, findMissionLocaleFor } from '../modules/structures';
import * as schema from '../db/schema';
import { DEMO_NETWORKS } from './demo.data';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoId, demoNetworkId, demoStructureId, seedDemo } from './seed';

const TABLES = {
	networks: schema.networks,
	structures: schema.structures,
	sites: schema.sites,
	structureCommunes: schema.structureCommunes,
	companies: schema.companies,
	users: schema.users,
	youthProfiles: schema.youthProfiles,
	referentAssignments: schema.referentAssignments,
	staffInvitations: schema.staffInvitations,
	outboxMessages: schema.outboxMessages,
	auditEvents: schema.auditEvents,
	passwordCredentials: schema.passwordCredentials,
	youthSoftSkills: schema.youthSoftSkills,
	softSkillConfirmations: schema.softSkillConfirmations
};

async function counts(deps: Deps) {
	const out: Record<string, number> = {};
	for (const [name, table] of Object.entries(TABLES)) {
		const [row] = await deps.db.select({ n: count() }).from(table);
		out[name] = Number(row!.n);
	}
	return out;
}

describe('demo seed', () => {
	let handle: DatabaseHandle;
	let deps: Deps;

	beforeAll(async () => {
		handle = await createTestDatabase();
		deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '1', LOG_LEVEL: 'warn' }) });
		await seedDemo(deps);
	}, 180_000);
	afterAll(() => handle.close());

	it('names every commune of the demo data as it exists in the official data', () => {
		for (const network of DEMO_NETWORKS) {
			for (const s of network.structures) {
				for (const name of [...s.communes, ...s.sites.map((site) => site.commune)]) {
					expect(findCommuneByName(name, s.department), `${name} (${s.department})`).not.toBeNull();
				}
			}
		}
	});

	it('loads the 12 Missions Locales of the Rhône, Sarthe Nord and one in Nouvelle-Aquitaine, each under its network', async () => {
		const rows = await deps.db.select().from(schema.structures);
		const rhone = rows.filter((s) => s.networkId === demoNetworkId('missions-locales-du-rhone'));
		expect(rhone).toHaveLength(12);
		expect(rhone.map((s) => s.name)).toContain('Mission Locale de Vaulx-en-Velin');
		expect(rows.find((s) => s.name === 'Mission Locale Sarthe Nord')?.networkId).toBe(demoNetworkId('union-regionale-pays-de-la-loire'));
		expect(rows.find((s) => s.name === 'Mission Locale de Bordeaux')?.networkId).toBe(demoNetworkId('arml-nouvelle-aquitaine'));
		const sitesPerStructure = await deps.db.select({ id: schema.sites.structureId, n: count() }).from(schema.sites).groupBy(schema.sites.structureId);
		expect(sitesPerStructure).toHaveLength(14);
		for (const s of sitesPerStructure) expect(Number(s.n)).toBeGreaterThanOrEqual(1);
	});

	it('covers the big communes: Lyon by arrondissement postal code, Villeurbanne, Bron, Givors, Tarare', async () => {
		const answer = async (postalCode: string) => (await findMissionLocaleFor(deps.db, { postalCode })).map((m) => m.name);
		expect(await answer('69003')).toEqual(['Mission Locale de Lyon']);
		expect(await answer('69009')).toEqual(['Mission Locale de Lyon']);
		expect(await answer('69100')).toEqual(['Mission Locale de Villeurbanne']);
		expect(await answer('69500')).toEqual(['Mission Locale de Bron-Décines-Meyzieu']);
		expect(await answer('69700')).toContain('Mission Locale Rhône Sud');
		expect(await answer('69170')).toContain('Mission Locale Nord-Ouest Rhône');
		expect(await answer('72600')).toContain('Mission Locale Sarthe Nord');
		expect(await answer('33000')).toEqual(['Mission Locale de Bordeaux']);
	});

	it('creates every demo account with its role and place, and the password tremplin-demo', async () => {
		const [credentials] = await Promise.all([deps.db.select().from(schema.passwordCredentials)]);
		for (const expected of DEMO_ACCOUNTS) {
			const account = await findAccountByEmail(deps.db, expected.email);
			expect(account, expected.email).not.toBeNull();
			expect(account!.role).toBe(expected.role);
			if ('structure' in expected) expect(account!.structureId).toBe(demoStructureId(expected.structure));
			if ('network' in expected) expect(account!.networkId).toBe(demoNetworkId(expected.network));
			if ('company' in expected) expect(account!.companyId).toBe(demoId(`company:${expected.company}`));
			const credential = credentials!.find((c) => c.userId === account!.id);
			expect(credential, `password of ${expected.email}`).toBeTruthy();
		}
		// One hash for everyone: checking one is checking all.
		expect(new Set(credentials!.map((c) => c.hash)).size).toBe(1);
		expect(await verifyPassword(DEMO_PASSWORD, credentials![0]!.hash)).toBe(true);
	});

	it('gives jeune@ the referent conseiller@, and jeune2@ the referent conseiller2@', async () => {
		const jeune = await findAccountByEmail(deps.db, 'jeune@tremplin.test');
		const jeune2 = await findAccountByEmail(deps.db, 'jeune2@tremplin.test');
		const [p1] = await deps.db.select().from(schema.youthProfiles).where(eq(schema.youthProfiles.userId, jeune!.id));
		const [p2] = await deps.db.select().from(schema.youthProfiles).where(eq(schema.youthProfiles.userId, jeune2!.id));
		expect(p1!.referentId).toBe((await findAccountByEmail(deps.db, 'conseiller@tremplin.test'))!.id);
		expect(p2!.referentId).toBe((await findAccountByEmail(deps.db, 'conseiller2@tremplin.test'))!.id);
	});

	it('has content for every screen: youth, a referent change, pending invitations, outbox and journal', async () => {
		const c = await counts(deps);
		expect(c.youthProfiles).toBeGreaterThanOrEqual(19);
		expect(c.referentAssignments).toBe(c.youthProfiles! + 1);
		expect(c.staffInvitations).toBeGreaterThanOrEqual(2);
		expect(c.outboxMessages).toBeGreaterThanOrEqual(2);
		expect(c.auditEvents).toBeGreaterThanOrEqual(4);
		expect(c.companies).toBe(2);
	});

	it('plans one exceptional closure of Lyon, on a working day ten to twelve days ahead', async () => {
		const rows = await deps.db.select().from(schema.structureClosures);
		expect(rows).toHaveLength(1);
		const closure = rows[0]!;
		expect(closure.structureId).toBe(demoStructureId('ml-lyon'));
		expect(closure.startsOn).toBe(closure.endsOn);
		const day = new Date(`${closure.startsOn}T12:00:00Z`);
		expect([1, 2, 3, 4, 5]).toContain(day.getUTCDay());
		const ahead = Math.round((day.getTime() - Date.now()) / 86_400_000);
		expect(ahead).toBeGreaterThanOrEqual(10);
		expect(ahead).toBeLessThanOrEqual(13);
	});

	it('gives Karim three qualities from his market-stall experience, one confirmed by his counselor', async () => {
		const karim = (await findAccountByEmail(deps.db, 'jeune@tremplin.test'))!;
		const skills = await deps.db.select().from(schema.youthSoftSkills).where(eq(schema.youthSoftSkills.youthId, karim.id));
		expect(skills.map((s) => s.skillId).sort()).toEqual(['ponctualite', 'rigueur', 'service']);
		expect(skills.every((s) => s.source === 'experience' && s.experienceId)).toBe(true);
		const confirmations = await deps.db.select().from(schema.softSkillConfirmations).where(eq(schema.softSkillConfirmations.youthId, karim.id));
		const confirmed = confirmations.filter((c) => c.status === 'confirmed').map((c) => skills.find((s) => s.id === c.youthSkillId)?.skillId);
		expect(confirmed).toEqual(['ponctualite']);
	});

	it('is idempotent: a second run changes nothing and is fast', async () => {
		const before = await counts(deps);
		const started = performance.now();
		const result = await seedDemo(deps);
		expect(result.skipped).toBe(true);
		expect(performance.now() - started).toBeLessThan(500);
		expect(await counts(deps)).toEqual(before);
	});

	it('completes a partly loaded database without duplicates', async () => {
		const before = await counts(deps);
		await deps.db.delete(schema.auditEvents).where(eq(schema.auditEvents.action, 'demo.seeded'));
		const result = await seedDemo(deps);
		expect(result.skipped).toBe(false);
		const after = await counts(deps);
		// Only journal entries are added again; no person, structure, invitation or mail is duplicated.
		for (const name of Object.keys(TABLES)) {
			if (name !== 'auditEvents') expect(after[name], name).toBe(before[name]);
		}
	});
});
