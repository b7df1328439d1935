import { describe, expect, it } from 'vitest';
import { isQuestion } from '$lib/learning/content';
import { catalogueFiles } from './learning.catalogue';

/** The content written for Tremplin (content/parcours/*.json) is valid and complete. */
describe('the catalogue files', () => {
	const { files, problems } = catalogueFiles();

	it('are all valid modules', () => {
		expect(problems).toEqual([]);
	});

	it('give at least 10 modules', () => {
		expect(files.length).toBeGreaterThanOrEqual(10);
	});

	it.each(files.map((f) => [f.file, f] as const))('%s has at least 10 questions, explicit ids and a slug matching its file name', (_, f) => {
		expect(f.content.steps.filter(isQuestion).length).toBeGreaterThanOrEqual(10);
		expect(f.file).toBe(`${f.content.slug}.json`);
		// Ids written in the file, never generated: versions and reviews rely on them.
		const raw = JSON.stringify(f.content);
		expect(raw).not.toMatch(/"id":"s\d+"/);
	});

	it('have unique slugs', () => {
		const slugs = files.map((f) => f.content.slug);
		expect(new Set(slugs).size).toBe(slugs.length);
	});
});

describe('module addresses', () => {
	it('cannot take the address of a page of /parcours, and wrong types get French messages', async () => {
		const { aModuleContent } = await import('./learning.fixtures');
		const { checkModuleContent } = await import('./learning.validation');
		const reserved = checkModuleContent({ ...aModuleContent(), slug: 'hors-ligne' });
		expect(reserved.ok ? [] : reserved.issues.map((i) => i.message)).toEqual(['Adresse : ce mot est réservé par Tremplin, choisissez-en un autre.']);
		const wrongType = checkModuleContent({ ...aModuleContent(), minutes: { x: 1 } });
		expect(wrongType.ok).toBe(false);
		expect(wrongType.ok ? '' : wrongType.issues[0]!.message).toMatch(/^Durée/);
		const wrongShape = checkModuleContent({ ...aModuleContent(), steps: [{ kind: 'single', prompt: 'Q ?', explanation: 'E', choices: 'abc' }] });
		expect(wrongShape.ok ? '' : wrongShape.issues.map((i) => i.message).join(' ')).not.toMatch(/expected|Invalid/);
	});
});

describe('text PostgreSQL cannot store', () => {
	it('is refused with a French message instead of failing at the insert', async () => {
		const { aModuleContent } = await import('./learning.fixtures');
		const { checkModuleContent } = await import('./learning.validation');
		const result = checkModuleContent({ ...aModuleContent(), title: 'Titre\u0000' });
		expect(result.ok ? [] : result.issues.map((i) => i.message)).toEqual(['Titre : un caractère invalide (NUL) est présent.']);
	});
});
