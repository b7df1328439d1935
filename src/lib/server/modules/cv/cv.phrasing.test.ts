import { describe, expect, it } from 'vitest';
import { MAX_PHRASING_INPUT, proposePhrasing } from './cv.phrasing';

const first = (kind: Parameters<typeof proposePhrasing>[0], input: string) => proposePhrasing(kind, input).proposals[0];

describe('the phrasing helper', () => {
	it('rewords what a youth typed into a CV line, without "je" nor "mes"', () => {
		expect(first('babysitting', "j'ai gardé mes petits frères")).toEqual({ text: 'Garde de jeunes enfants de la famille', source: 'reworded' });
		expect(first('family_help', "j’aidais mon oncle au marché")!.text).toBe('Aide à un proche au marché');
		expect(first('sport', "j'entraîne les petits du club")!.text).toBe('Entraînement des petits du club');
		expect(first('job', 'je vends des vêtements')!.text).toBe('Vente de vêtements');
		expect(first('odd_jobs', 'Je répare des vélos')!.text).toBe('Réparation de vélos');
		expect(first('family_help', "j'ai accueilli les invités")!.text).toBe('Accueil des invités');
		expect(first('volunteering', "j'ai organisé un tournoi")!.text).toBe('Organisation d’un tournoi');
		expect(first('family_help', 'je fais à manger pour toute la famille')!.text).toBe('Préparation des repas : pour toute la famille');
	});

	it('adds model lines for the kind of experience, chosen by the words used', () => {
		const market = proposePhrasing('family_help', "j'aidais mon oncle au marché").proposals.map((p) => p.text);
		expect(market).toContain('Aide dans le commerce familial : accueil, vente et mise en rayon');
		const elderly = proposePhrasing('family_help', 'je m’occupe de ma grand-mère').proposals;
		expect(elderly[0]).toEqual({ text: 'Prise en charge d’une personne âgée de la famille', source: 'reworded' });
		expect(elderly.map((p) => p.text)).toContain('Accompagnement d’une personne âgée ou dépendante au quotidien');
		const referee = proposePhrasing('sport', "j'arbitre des matchs le dimanche").proposals.map((p) => p.text);
		expect(referee).toContain('Arbitrage de rencontres officielles ou amicales');
	});

	it('suggests the soft skills the experience shows', () => {
		const { softSkills } = proposePhrasing('babysitting', "j'ai gardé mes petits frères");
		expect(softSkills).toEqual(expect.arrayContaining(['Sens des responsabilités', 'Patience']));
		expect(softSkills.length).toBeLessThanOrEqual(5);
	});

	it('still helps with an empty or unknown sentence, and never returns more than six lines', () => {
		const empty = proposePhrasing('volunteering', '');
		expect(empty.proposals.length).toBeGreaterThan(0);
		expect(empty.proposals.every((p) => p.source === 'model')).toBe(true);
		expect(proposePhrasing('job', 'bof').proposals.every((p) => p.source === 'model')).toBe(true);
		expect(proposePhrasing('job', "je vends et j'encaisse au magasin").proposals.length).toBeLessThanOrEqual(6);
	});

	it('treats huge or strange input as plain text, cut to its limit', () => {
		const result = proposePhrasing('job', `je vends ${'<script>alert(1)</script> '.repeat(100)}`);
		expect(result.proposals[0]!.text.length).toBeLessThanOrEqual(MAX_PHRASING_INPUT);
		expect(result.proposals[0]!.text.startsWith('Vente de <script>')).toBe(true);
		expect(proposePhrasing('other', '\u0000\u0001').proposals).toEqual([]);
	});

	it('gives the same proposals for the same input', () => {
		expect(proposePhrasing('sport', "j'entraîne les petits")).toEqual(proposePhrasing('sport', "j'entraîne les petits"));
	});
});
