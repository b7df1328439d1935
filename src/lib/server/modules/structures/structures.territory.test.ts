import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../app';
import { createTestDatabase } from '../../db/test-database';
import type { DatabaseHandle } from '../../db/client';
import { readConfig } from '../../platform/config/config';
import { aNetwork, aSite, aStructure, coverCommunes } from './structures.fixtures';
import {
	findCommune,
	findCommuneByName,
	findCommunesByPostalCode,
	findDepartment,
	findMissionLocaleFor,
	findRegion,
	searchCommunes
} from './structures.territory';

describe('territory data', () => {
	it('finds Villeurbanne from its postal code 69100', () => {
		const communes = findCommunesByPostalCode('69100');
		expect(communes.map((c) => c.name)).toEqual(['Villeurbanne']);
		expect(communes[0]!.code).toBe('69266');
	});

	it('finds Lyon from the postal code of its 3rd arrondissement', () => {
		expect(findCommunesByPostalCode('69003').map((c) => c.code)).toEqual(['69123']);
	});

	it('finds nothing for an unknown postal code', () => {
		expect(findCommunesByPostalCode('99999')).toEqual([]);
	});

	it('finds a commune by INSEE code, and maps an arrondissement to its commune', () => {
		expect(findCommune('69266')).toMatchObject({ name: 'Villeurbanne', departmentCode: '69', regionCode: '84' });
		expect(findCommune('69383')?.name).toBe('Lyon');
		expect(findCommune('75056')?.name).toBe('Paris');
		expect(findCommune('99999')).toBeNull();
	});

	it('keeps only current communes (a merged commune is not found by its old code)', () => {
		// Pontcharra-sur-Turdine (69157 is now Vindry-sur-Turdine): the delegated commune is not kept.
		expect(findCommune('69157')?.name).toBe('Vindry-sur-Turdine');
		expect(findCommuneByName('Pontcharra-sur-Turdine', '69')).toBeNull();
	});

	it('searches communes by name without accents, biggest first', () => {
		expect(searchCommunes('venissieux')[0]?.code).toBe('69259');
		expect(searchCommunes('Saint-Priest')[0]?.departmentCode).toBe('69');
		expect(searchCommunes('x')).toEqual([]);
	});

	it('knows departments and regions', () => {
		expect(findDepartment('69')?.name).toBe('Rhône');
		expect(findRegion('84')?.name).toBe('Auvergne-Rhône-Alpes');
	});
});

describe('which Mission Locale covers a place', () => {
	let handle: DatabaseHandle;
	let lyonId: string;
	let villeurbanneId: string;

	beforeAll(async () => {
		handle = await createTestDatabase();
		buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }) });
		const network = await aNetwork(handle.db);
		const lyon = await aStructure(handle.db, { networkId: network.id, name: 'Mission Locale de Lyon' });
		const villeurbanne = await aStructure(handle.db, { networkId: network.id, name: 'Mission Locale de Villeurbanne' });
		lyonId = lyon.id;
		villeurbanneId = villeurbanne.id;
		await aSite(handle.db, { structureId: lyon.id, name: 'Site de Lyon 7e' });
		await aSite(handle.db, { structureId: villeurbanne.id, name: 'Site de Villeurbanne', postalCode: '69100', communeCode: '69266', city: 'Villeurbanne' });
		await coverCommunes(handle.db, lyon.id, ['69123']);
		await coverCommunes(handle.db, villeurbanne.id, ['69266']);
	}, 120_000);
	afterAll(() => handle.close());

	it('answers the Mission Locale de Villeurbanne for 69100, with its sites', async () => {
		const found = await findMissionLocaleFor(handle.db, { postalCode: '69100' });
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ id: villeurbanneId, communes: [{ code: '69266', name: 'Villeurbanne' }] });
		expect(found[0]!.sites.map((s) => s.name)).toEqual(['Site de Villeurbanne']);
	});

	it('answers the Mission Locale de Lyon for 69003 and for an arrondissement code', async () => {
		expect((await findMissionLocaleFor(handle.db, { postalCode: '69003' })).map((m) => m.id)).toEqual([lyonId]);
		expect((await findMissionLocaleFor(handle.db, { communeCode: '69387' })).map((m) => m.id)).toEqual([lyonId]);
	});

	it('answers nothing for an unknown or uncovered place', async () => {
		expect(await findMissionLocaleFor(handle.db, { postalCode: '99999' })).toEqual([]);
		expect(await findMissionLocaleFor(handle.db, { postalCode: '72600' })).toEqual([]);
	});

	it('answers each structure once when a postal code spans several communes', async () => {
		// 69380 serves several small communes (Chazay-d'Azergues, Lozanne, Civrieux-d'Azergues…).
		const communes = findCommunesByPostalCode('69380');
		expect(communes.length).toBeGreaterThan(1);
		const network = await aNetwork(handle.db);
		const a = await aStructure(handle.db, { networkId: network.id, name: 'A' });
		const b = await aStructure(handle.db, { networkId: network.id, name: 'B' });
		await coverCommunes(handle.db, a.id, [communes[0]!.code, communes[1]!.code]);
		if (communes[2]) await coverCommunes(handle.db, b.id, [communes[2].code]);
		const found = await findMissionLocaleFor(handle.db, { postalCode: '69380' });
		expect(found.map((m) => m.name)).toEqual(communes[2] ? ['A', 'B'] : ['A']);
		expect(found[0]!.communes).toHaveLength(2);
	});

	it('leaves archived structures out of the public answer', async () => {
		const network = await aNetwork(handle.db);
		const closed = await aStructure(handle.db, { networkId: network.id, archivedAt: new Date() });
		await coverCommunes(handle.db, closed.id, ['72180']);
		expect(await findMissionLocaleFor(handle.db, { communeCode: '72180' })).toEqual([]);
	});
});
