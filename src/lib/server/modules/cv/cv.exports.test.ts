import { describe, expect, it } from 'vitest';
import { aCv, aTwoPageCv } from './cv.fixtures';
import { fromJsonResume, JsonResumeError, toJsonResume, toPlainText } from './cv.exports';

describe('the plain-text CV', () => {
	it('reads top to bottom like the PDF, with every section that has content', () => {
		const text = toPlainText(aCv());
		const lines = text.split('\n');
		expect(lines[0]).toBe('Inès Haddad');
		expect(lines[1]).toBe('Je cherche un poste d’employée polyvalente en restauration');
		expect(lines[2]).toBe('Villeurbanne · 06 12 34 56 78 · ines.haddad@example.fr · https://example.fr/ines');
		for (const expected of ['EXPÉRIENCES', 'Garde de mes petits frères', "Garde d’enfants · sept. 2021 – aujourd’hui", '- Encaissement', 'FORMATIONS', 'Bac pro Commerce — Lycée Frédéric Faÿs, Villeurbanne · 2024 · obtenu', 'Permis B']) {
			expect(lines).toContain(expected);
		}
		expect(text).not.toContain('QUALITÉS\n\n');
	});

	it('leaves out empty sections', () => {
		const text = toPlainText(aCv({ skills: [], softSkills: [], interests: [], summary: undefined }));
		expect(text).not.toContain('COMPÉTENCES');
		expect(text).not.toContain('PROFIL');
	});
});

describe('JSON Resume', () => {
	it('exports the open schema and comes back the same when imported again', () => {
		for (const cv of [aCv(), aTwoPageCv()]) {
			const exported = toJsonResume(cv);
			expect(exported).toMatchObject({ basics: { name: 'Inès Haddad', label: cv.title, email: 'ines.haddad@example.fr' } });
			// Through text, as a file would travel.
			expect(fromJsonResume(JSON.parse(JSON.stringify(exported)))).toEqual(cv);
		}
	});

	it('files volunteering and civic service under "volunteer" and jobs under "work"', () => {
		const exported = toJsonResume(aTwoPageCv()) as { work: { position: string }[]; volunteer: { position: string }[] };
		expect(exported.volunteer.map((v) => v.position)).toEqual(['Volontaire en service civique']);
		expect(exported.work.map((w) => w.position)).toContain('Livreur à vélo');
	});

	it('reads a JSON Resume written by another tool', () => {
		const cv = fromJsonResume({
			basics: {
				name: 'Lucas Martin',
				label: 'Aide-soignant',
				email: 'lucas.martin@example.org',
				summary: 'Attentif et patient.',
				location: { city: 'Grenoble', countryCode: 'FR' },
				profiles: [{ network: 'LinkedIn', url: 'https://www.linkedin.com/in/lucas' }]
			},
			work: [{ name: 'EHPAD Les Tilleuls', position: 'Agent de service', startDate: '2023-03-01', endDate: '2024-02-15', highlights: ['Aide aux repas'] }],
			volunteer: [{ organization: 'Croix-Rouge', position: 'Bénévole', startDate: '2022', summary: 'Maraudes le soir.' }],
			education: [{ institution: 'IFAS de Grenoble', studyType: 'DEAS', area: 'Aide-soignant', endDate: '2025' }],
			skills: [{ name: 'Soins d’hygiène' }, { name: 'Bureautique', keywords: ['Word'] }],
			languages: [{ language: 'Français', fluency: 'Langue maternelle' }],
			interests: [{ name: 'Randonnée', keywords: ['montagne'] }],
			awards: [{ title: 'ignoré' }]
		});
		expect(cv.contact).toMatchObject({ firstName: 'Lucas', lastName: 'Martin', commune: 'Grenoble' });
		expect(cv.experiences[0]).toMatchObject({ kind: 'job', title: 'Agent de service', organisation: 'EHPAD Les Tilleuls', start: '2023-03', end: '2024-02', bullets: ['Aide aux repas'] });
		expect(cv.experiences[1]).toMatchObject({ kind: 'volunteering', title: 'Bénévole', start: '2022-01', bullets: ['Maraudes le soir.'] });
		expect(cv.trainings[0]).toMatchObject({ title: 'DEAS Aide-soignant', school: 'IFAS de Grenoble', year: '2025' });
		expect(cv.skills).toEqual(['Soins d’hygiène', 'Bureautique']);
		expect(cv.contact.links).toEqual([{ label: 'LinkedIn', url: 'https://www.linkedin.com/in/lucas' }]);
	});

	it('says what does not fit instead of importing half a CV', () => {
		const tooLong = () => fromJsonResume({ basics: { name: 'Lucas', label: 'Vendeur', summary: 'x'.repeat(701) } });
		expect(tooLong).toThrow(JsonResumeError);
		try {
			tooLong();
		} catch (error) {
			expect((error as JsonResumeError).path).toBe('summary');
			expect((error as JsonResumeError).message).toBe('700 caractères au plus.');
		}
		expect(() => fromJsonResume({ basics: { name: '', label: 'Vendeur' } })).toThrow('Ton prénom est nécessaire.');
		expect(() => fromJsonResume([1, 2, 3])).toThrow(JsonResumeError);
		expect(() => fromJsonResume(null)).toThrow(JsonResumeError);
	});

	it('ignores values of the wrong type rather than failing on them', () => {
		const cv = fromJsonResume({ basics: { name: 'Lucas Martin', label: 'Vendeur', email: 42, profiles: 'nope' }, work: 'nope', skills: [{ name: 7 }] });
		expect(cv.contact.email).toBeUndefined();
		expect(cv.experiences).toEqual([]);
		expect(cv.skills).toEqual([]);
	});
});
