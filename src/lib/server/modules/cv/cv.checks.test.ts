import { describe, expect, it } from 'vitest';
import { checkCv } from './cv.checks';
import { aCv } from './cv.fixtures';
import { wordsToCheck } from './cv.spelling';

const now = new Date('2026-11-22T10:00:00Z');
const codes = async (cv: ReturnType<typeof aCv>, options: Partial<Parameters<typeof checkCv>[1]> = {}) =>
	(await checkCv(cv, { now, ...options })).map((f) => f.code);

describe('the checks a counselor would make', () => {
	it('finds nothing to say about a complete, well-written CV', async () => {
		expect(await checkCv(aCv(), { now })).toEqual([]);
	});

	it('flags an e-mail address that looks like a nickname, not a plain one', async () => {
		for (const email of ['bg-du-69@example.fr', 'princesse.du93@example.fr', 'karim_lol@example.fr', 'xx.dark.xx@example.fr', 'kevin777@example.fr']) {
			const cv = aCv({ contact: { ...aCv().contact, email } });
			expect(await codes(cv), email).toContain('email_not_professional');
		}
		for (const email of ['karim.benali@example.fr', 'ines.haddad2@example.fr', 'l.martin@example.org', 'mbappe.kylian@example.fr']) {
			const cv = aCv({ contact: { ...aCv().contact, email } });
			expect(await codes(cv), email).not.toContain('email_not_professional');
		}
	});

	it('asks for a phone and a commune, and notes a missing e-mail', async () => {
		const cv = aCv({ contact: { firstName: 'Inès', lastName: 'Haddad', links: [] } });
		expect(await codes(cv)).toEqual(expect.arrayContaining(['phone_missing', 'commune_missing', 'email_missing']));
	});

	it('finds dates in the future or in the wrong order', async () => {
		const findings = await checkCv(
			aCv({
				experiences: [
					{ kind: 'job', title: 'Vendeur', start: '2027-01', bullets: ['Accueil des clients'] },
					{ kind: 'job', title: 'Serveur', start: '2024-06', end: '2024-02', bullets: ['Service en salle'] },
					{ kind: 'job', title: 'Plongeur', start: '2025-06', end: '2026-12', bullets: ['Plonge'] }
				],
				trainings: [{ title: 'CAP Cuisine', year: '2027', status: 'obtained' }]
			}),
			{ now }
		);
		expect(findings.filter((f) => f.code === 'date_in_future').map((f) => [f.section, f.index])).toEqual([
			['experiences', 0],
			['experiences', 2],
			['trainings', 0]
		]);
		expect(findings.find((f) => f.code === 'dates_reversed')).toMatchObject({ section: 'experiences', index: 1 });
	});

	it('suggests filling empty sections, kindly, and describing bare experiences', async () => {
		const cv = aCv({ experiences: [], trainings: [], skills: [], softSkills: [], languages: [] });
		expect(await codes(cv)).toEqual(expect.arrayContaining(['experiences_empty', 'trainings_empty', 'skills_empty', 'soft_skills_empty', 'languages_empty']));
		const bare = aCv({ experiences: [{ kind: 'sport', title: 'Club de basket' }] });
		expect(await checkCv(bare, { now })).toContainEqual(expect.objectContaining({ code: 'experience_not_described', index: 0, severity: 'advice' }));
	});

	it('says when the CV is longer than two pages', async () => {
		expect(await codes(aCv(), { pageCount: 3 })).toContain('too_long');
		expect(await codes(aCv(), { pageCount: 2 })).not.toContain('too_long');
	});

	it('names the characters the PDF cannot print', async () => {
		const findings = await checkCv(aCv({ title: 'Je cherche un job 😀' }), { now });
		expect(findings).toContainEqual(expect.objectContaining({ code: 'unsupported_characters', section: 'title', message: expect.stringContaining('😀') }));
	});

	it('finds spelling mistakes with a real French dictionary, and proposes corrections', async () => {
		const cv = aCv({ summary: 'Je suis sérieux et ponctuel, j’aime le contacte avec les clients. Disponible le weekend.', title: 'Je cherche un poste de vendeur en boulangeri' });
		const spelling = (await checkCv(cv, { now })).filter((f) => f.code === 'spelling');
		expect(spelling.map((f) => f.message)).toContainEqual(expect.stringContaining('« boulangeri » : voulais-tu écrire'));
		expect(spelling.find((f) => f.message.includes('boulangeri'))!.message).toContain('« boulangerie »');
		// Proper nouns, acronyms, e-mails and correct words are left alone.
		expect(spelling.map((f) => f.message).join(' ')).not.toMatch(/Haddad|Villeurbanne|sérieux|ponctuel|HACCP/);
	});

	it('picks the words worth checking', () => {
		expect(wordsToCheck('Stage chez Décathlon à Villeurbanne (HACCP, CAP) : ecrire a karim@example.fr')).toEqual(['Stage', 'chez', 'ecrire']);
	});
});
