import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../db/test-database';
import type { DatabaseHandle } from '../../db/client';
import { importCoverage } from './structures.coverage';
import { aNetwork, anActor, aStructure, coverCommunes } from './structures.fixtures';
import { structureCommunes } from './structures.schema';
import { failure } from '../../testing/errors';

describe('importing the communes covered by Missions Locales from CSV', () => {
	let handle: DatabaseHandle;
	let rhone: { id: string };
	let lyon: { id: string };
	let villeurbanne: { id: string };
	let sartheNord: { id: string };
	const referent = () => anActor({ role: 'network_referent', networkId: rhone.id });
	const coverage = async () =>
		new Map((await handle.db.select().from(structureCommunes)).map((r) => [r.communeCode, r.structureId]));

	beforeAll(async () => {
		handle = await createTestDatabase();
		rhone = await aNetwork(handle.db);
		const pdl = await aNetwork(handle.db, { kind: 'regional', regionCode: '52', departmentCode: null });
		lyon = await aStructure(handle.db, { networkId: rhone.id, name: 'Mission Locale de Lyon' });
		villeurbanne = await aStructure(handle.db, { networkId: rhone.id, name: 'Mission Locale de Villeurbanne' });
		sartheNord = await aStructure(handle.db, { networkId: pdl.id, name: 'Mission Locale Sarthe Nord' });
		await coverCommunes(handle.db, sartheNord.id, ['72180']);
	}, 120_000);
	afterAll(() => handle.close());

	it('imports good lines and reports each bad line with its number and a French reason', async () => {
		const csv = [
			'code_insee;mission_locale_id',
			`69123;${lyon.id}`,
			`69266;${villeurbanne.id}`,
			`99999;${lyon.id}`,
			`69259;00000000-0000-4000-8000-000000000000`,
			`72001;${sartheNord.id}`,
			`69123;${lyon.id}`,
			`69290;${villeurbanne.id};`,
			'69029'
		].join('\n');
		const report = await importCoverage({ db: handle.db }, referent(), { csv });
		expect(report.imported.map((l) => [l.line, l.communeName, l.status])).toEqual([
			[2, 'Lyon', 'added'],
			[3, 'Villeurbanne', 'added'],
			[8, 'Saint-Priest', 'added']
		]);
		expect(report.rejected.map((l) => [l.line, l.reason])).toEqual([
			[4, 'Code INSEE inconnu : « 99999 ».'],
			[5, expect.stringMatching(/Mission Locale inconnue ou hors de votre périmètre/)],
			[6, expect.stringMatching(/Mission Locale inconnue ou hors de votre périmètre/)],
			[7, 'Ligne en double : Lyon (69123) est déjà à la ligne 2.'],
			[9, expect.stringMatching(/Il manque une colonne/)]
		]);
		const now = await coverage();
		expect(now.get('69123')).toBe(lyon.id);
		expect(now.get('69266')).toBe(villeurbanne.id);
		expect(now.has('72001')).toBe(false);
	});

	it('reads a file with a BOM, CRLF line ends, commas and quotes, and maps an arrondissement to its commune', async () => {
		const csv = `\uFEFF"69383","${lyon.id}"\r\n69256,${villeurbanne.id}\r\n\r\n`;
		const report = await importCoverage({ db: handle.db }, referent(), { csv });
		expect(report.rejected).toEqual([]);
		expect(report.imported.map((l) => [l.line, l.communeCode, l.status])).toEqual([
			[1, '69123', 'unchanged'],
			[2, '69256', 'added']
		]);
	});

	it('refuses a commune already covered by another structure unless "replace" is ticked', async () => {
		const csv = `69256;${lyon.id}`;
		const refused = await importCoverage({ db: handle.db }, referent(), { csv });
		expect(refused.rejected[0]!.reason).toMatch(/déjà couverte par Mission Locale de Villeurbanne.*Remplacer/);
		expect((await coverage()).get('69256')).toBe(villeurbanne.id);

		const replaced = await importCoverage({ db: handle.db }, referent(), { csv, replace: true });
		expect(replaced.imported[0]).toMatchObject({ status: 'moved', previousStructureName: 'Mission Locale de Villeurbanne' });
		expect((await coverage()).get('69256')).toBe(lyon.id);
	});

	it('never takes a commune from a structure outside the actor scope, even with "replace"', async () => {
		const manager = anActor({ role: 'structure_manager', structureId: lyon.id, networkId: rhone.id });
		const report = await importCoverage({ db: handle.db }, manager, { csv: `69266;${lyon.id}`, replace: true });
		expect(report.rejected[0]!.reason).toMatch(/hors de votre périmètre/);
		expect((await coverage()).get('69266')).toBe(villeurbanne.id);
		const other = await importCoverage({ db: handle.db }, manager, { csv: `69100;${villeurbanne.id}` });
		expect(other.rejected).toHaveLength(1);
	});

	it('refuses an empty file, a file too large, and people who administer no coverage', async () => {
		expect((await failure(importCoverage({ db: handle.db }, referent(), { csv: '\r\n  \n' }))).code).toBe('structures.import_empty');
		const big = `69123;${lyon.id}\n`.repeat(60_000);
		expect((await failure(importCoverage({ db: handle.db }, referent(), { csv: big }))).code).toBe('structures.import_too_large');
		const counselor = anActor({ role: 'counselor', structureId: lyon.id, networkId: rhone.id });
		expect((await failure(importCoverage({ db: handle.db }, counselor, { csv: `69123;${lyon.id}` }))).kind).toBe('forbidden');
	});
});
