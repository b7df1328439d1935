import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../db/test-database';
import type { DatabaseHandle } from '../../db/client';
import { aNetwork, anActor, aSite, aStructure, weekdayHours } from './structures.fixtures';
import { getAdminOverview, getStructureAdmin } from './structures.queries';
import { sites, structures } from './structures.schema';
import { archiveSite, createSite, updateSite, updateStructure } from './structures.usecases';
import { checkOpeningHours, openingHoursFromForm } from './structures.validation';
import { failure } from '../../testing/errors';

const aValidSite = (overrides: Record<string, unknown> = {}) => ({
	name: 'Antenne de Vaise',
	addressLine: '15 rue du Chapeau Rouge',
	postalCode: '69009',
	communeCode: '69123',
	phone: '04 65 71 12 03',
	openingHours: weekdayHours(),
	...overrides
});

describe('opening hours', () => {
	it('accepts two ranges a day that follow each other', () => {
		expect(checkOpeningHours(weekdayHours())).toEqual({});
	});

	it('refuses a range that closes before it opens, naming the day', () => {
		expect(checkOpeningHours([{ day: 2, opens: '14:00', closes: '09:00' }])['hours-2']).toMatch(/mardi.*après/);
	});

	it('refuses a third range, overlapping ranges, and badly written hours', () => {
		const three = [
			{ day: 1, opens: '08:00', closes: '09:00' },
			{ day: 1, opens: '10:00', closes: '11:00' },
			{ day: 1, opens: '12:00', closes: '13:00' }
		];
		expect(checkOpeningHours(three)['hours-1']).toMatch(/Deux plages/);
		expect(
			checkOpeningHours([
				{ day: 3, opens: '09:00', closes: '13:00' },
				{ day: 3, opens: '12:00', closes: '17:00' }
			])['hours-3']
		).toMatch(/chevauchent/);
		expect(checkOpeningHours([{ day: 4, opens: '9h', closes: '12:00' }])['hours-4']).toMatch(/09:00/);
	});

	it('reads the form fields and keeps a half-filled range so that it is explained', () => {
		const hours = openingHoursFromForm({ 'hours-1-1-opens': '09:00', 'hours-1-1-closes': '12:00', 'hours-2-1-opens': '09:00' });
		expect(hours).toEqual([
			{ day: 1, opens: '09:00', closes: '12:00' },
			{ day: 2, opens: '09:00', closes: '' }
		]);
		expect(checkOpeningHours(hours)['hours-2']).toMatch(/heure de fermeture/);
	});
});

describe('administration of structures and sites', () => {
	let handle: DatabaseHandle;
	const deps = () => ({ db: handle.db, now: () => new Date() });
	let rhone: { id: string };
	let sarthe: { id: string };
	let lyon: { id: string };
	let villeurbanne: { id: string };
	let sartheNord: { id: string };

	beforeAll(async () => {
		handle = await createTestDatabase();
		rhone = await aNetwork(handle.db, { name: 'Missions Locales du Rhône' });
		sarthe = await aNetwork(handle.db, { name: 'Pays de la Loire', kind: 'regional', departmentCode: null, regionCode: '52' });
		lyon = await aStructure(handle.db, { networkId: rhone.id, name: 'Mission Locale de Lyon' });
		villeurbanne = await aStructure(handle.db, { networkId: rhone.id, name: 'Mission Locale de Villeurbanne' });
		sartheNord = await aStructure(handle.db, { networkId: sarthe.id, name: 'Mission Locale Sarthe Nord', departmentCode: '72' });
	}, 120_000);
	afterAll(() => handle.close());

	const managerOfLyon = () => anActor({ role: 'structure_manager', structureId: lyon.id, networkId: rhone.id });
	const rhoneReferent = () => anActor({ role: 'network_referent', networkId: rhone.id });

	it('lets the manager of Lyon create a site with a checked address; the city comes from the INSEE code', async () => {
		const { id } = await createSite(deps(), managerOfLyon(), lyon.id, aValidSite());
		const [site] = await handle.db.select().from(sites).where(eq(sites.id, id));
		expect(site).toMatchObject({ city: 'Lyon', communeCode: '69123', postalCode: '69009', structureId: lyon.id });
		expect(site!.openingHours).toHaveLength(10);
	});

	it('refuses a postal code of 4 digits, an unknown INSEE code, and a postal code of another commune', async () => {
		const short = await failure(createSite(deps(), managerOfLyon(), lyon.id, aValidSite({ postalCode: '6909' })));
		expect(short.fields.postalCode).toMatch(/5 chiffres/);
		const unknown = await failure(createSite(deps(), managerOfLyon(), lyon.id, aValidSite({ communeCode: '69999' })));
		expect(unknown.fields.communeCode).toMatch(/aucune commune/);
		const mismatch = await failure(createSite(deps(), managerOfLyon(), lyon.id, aValidSite({ postalCode: '69100' })));
		expect(mismatch.fields.postalCode).toMatch(/ne correspond pas à Lyon/);
	});

	it('refuses opening hours that close before they open, and writes nothing', async () => {
		const before = await handle.db.select().from(sites);
		const error = await failure(
			createSite(deps(), managerOfLyon(), lyon.id, aValidSite({ openingHours: [{ day: 5, opens: '17:00', closes: '09:00' }] }))
		);
		expect(error.fields['hours-5']).toMatch(/vendredi/);
		expect(await handle.db.select().from(sites)).toHaveLength(before.length);
	});

	it('does not let the manager of Lyon edit Villeurbanne, its sites, or see it', async () => {
		const villeurbanneSite = await aSite(handle.db, { structureId: villeurbanne.id, postalCode: '69100', communeCode: '69266', city: 'Villeurbanne' });
		expect((await failure(updateStructure(deps(), managerOfLyon(), villeurbanne.id, { name: 'Piratée' }))).kind).toBe('forbidden');
		expect((await failure(createSite(deps(), managerOfLyon(), villeurbanne.id, aValidSite()))).kind).toBe('forbidden');
		expect((await failure(archiveSite(deps(), managerOfLyon(), villeurbanneSite.id))).kind).toBe('forbidden');
		expect((await failure(updateSite(deps(), managerOfLyon(), villeurbanneSite.id, aValidSite()))).kind).toBe('forbidden');
		expect(await getStructureAdmin(handle.db, managerOfLyon(), villeurbanne.id)).toBeNull();
		const [row] = await handle.db.select().from(structures).where(eq(structures.id, villeurbanne.id));
		expect(row!.name).toBe('Mission Locale de Villeurbanne');
	});

	it('does not let a counselor change the details of their own structure', async () => {
		const counselor = anActor({ role: 'counselor', structureId: lyon.id, networkId: rhone.id });
		expect((await failure(updateStructure(deps(), counselor, lyon.id, { name: 'Autre nom' }))).kind).toBe('forbidden');
	});

	it('lets the Rhône referent edit Villeurbanne but not Sarthe Nord', async () => {
		await updateStructure(deps(), rhoneReferent(), villeurbanne.id, { name: 'Mission Locale de Villeurbanne', phone: '04 65 71 21 00' });
		const [row] = await handle.db.select().from(structures).where(eq(structures.id, villeurbanne.id));
		expect(row!.phone).toBe('04 65 71 21 00');
		expect((await failure(updateStructure(deps(), rhoneReferent(), sartheNord.id, { name: 'Non' }))).kind).toBe('forbidden');
		expect(await getStructureAdmin(handle.db, rhoneReferent(), sartheNord.id)).toBeNull();
	});

	it('answers "not found" for an unknown structure id, and refuses a bad website', async () => {
		const missing = await failure(updateStructure(deps(), anActor({ role: 'platform_admin' }), '00000000-0000-4000-8000-000000000000', { name: 'X' }));
		expect(missing.kind).toBe('not_found');
		const bad = await failure(updateStructure(deps(), managerOfLyon(), lyon.id, { name: 'Mission Locale de Lyon', website: 'http://exemple' }));
		expect(bad.fields.website).toMatch(/https/);
	});

	it('archives a site: it leaves the lists, and archiving twice is refused', async () => {
		const site = await aSite(handle.db, { structureId: lyon.id, name: 'Permanence fermée' });
		await archiveSite(deps(), managerOfLyon(), site.id);
		const admin = await getStructureAdmin(handle.db, managerOfLyon(), lyon.id);
		expect(admin!.sites.map((s) => s.name)).not.toContain('Permanence fermée');
		expect((await failure(archiveSite(deps(), managerOfLyon(), site.id))).kind).toBe('conflict');
	});

	it('shows each actor only the structures of their scope in the overview', async () => {
		const names = async (actor: ReturnType<typeof anActor>) => (await getAdminOverview(handle.db, actor)).map((s) => s.name);
		expect(await names(managerOfLyon())).toEqual(['Mission Locale de Lyon']);
		expect(await names(rhoneReferent())).toEqual(['Mission Locale de Lyon', 'Mission Locale de Villeurbanne']);
		expect(await names(anActor({ role: 'platform_admin' }))).toHaveLength(3);
		expect(await names(anActor({ role: 'mentor' }))).toEqual([]);
	});
});
