import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors/errors';
import { ITEMS, itemById, TASK_KINDS, type Item } from './diagnostic.content';
import { computeResults, levelOf, scoreAnswer, type AnswerFields } from './diagnostic.scoring';

const item = (id: string): Item => itemById(id)!;
const code = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		return (e as DomainError).code;
	}
	return null;
};

describe('practical tasks are scored on the server', () => {
	it('has the six simulated tasks, each in a DigComp area', () => {
		expect(new Set(ITEMS.filter((i) => TASK_KINDS.includes(i.kind)).map((i) => i.kind))).toEqual(
			new Set(['search', 'phishing', 'email', 'form', 'password', 'post'])
		);
	});

	const cases: [string, string, AnswerFields, 'right' | 'partial' | 'wrong'][] = [
		['search', 'recherche', { result: 'service-public', info: '25' }, 'right'],
		['search', 'recherche', { result: 'annonce-papiers', info: '25' }, 'partial'],
		['search', 'recherche', { result: 'annonce-papiers', info: '49,90' }, 'wrong'],
		['search (nothing chosen)', 'recherche', {}, 'wrong'],
		['phishing', 'hameconnage', { selected: ['ameli', 'colis'] }, 'right'],
		['phishing', 'hameconnage', { selected: ['ameli'] }, 'partial'],
		['phishing', 'hameconnage', { selected: ['ameli', 'colis', 'mission-locale'] }, 'partial'],
		['phishing', 'hameconnage', { selected: ['mission-locale', 'collegue'] }, 'wrong'],
		['phishing (nothing ticked)', 'hameconnage', {}, 'wrong'],
		['email', 'mail-pro', { subject: 'Candidature au poste d’employé de rayon', greeting: 'madame', file: 'cv', body: 'Bonjour…' }, 'right'],
		['email', 'mail-pro', { subject: 'CANDIDATURE', greeting: 'salut', file: 'cv' }, 'partial'],
		['email', 'mail-pro', { subject: 'coucou', greeting: 'yo', file: 'photo' }, 'wrong'],
		['form', 'formulaire', { lastName: 'Diallo', firstName: 'Sam', birthDate: '07/03/2006', city: 'villeurbanne', accept: 'on' }, 'right'],
		['form', 'formulaire', { lastName: 'Diallo', firstName: 'Sam', birthDate: '7/3/2006', city: 'Villeurbanne' }, 'partial'],
		['form', 'formulaire', { lastName: '', firstName: 'Sam', birthDate: '2006-03-07', city: 'Villeurbanne' }, 'wrong'],
		['password', 'mot-de-passe', { password: 'phrase', reuse: 'unique' }, 'right'],
		['password', 'mot-de-passe', { password: 'azerty', reuse: 'unique' }, 'partial'],
		['password', 'mot-de-passe', { password: 'prenom', reuse: 'partout' }, 'wrong'],
		['post', 'publier', { selected: ['carte', 'pote', 'vacances'] }, 'right'],
		['post', 'publier', { selected: ['carte', 'gateau', 'vacances'] }, 'partial'],
		['post', 'publier', { selected: ['gateau', 'forum-emploi'] }, 'wrong'],
		['choice', 'droits-image', { choice: 'libre' }, 'right'],
		['choice', 'droits-image', { choice: 'google' }, 'wrong']
	];
	it.each(cases)('%s (%s) %j → %s', (_kind, id, fields, outcome) => {
		const scored = scoreAnswer(item(id), fields);
		expect(scored.outcome).toBe(outcome);
		expect(scored.feedback.length).toBeGreaterThan(0);
		if (outcome === 'right') expect(scored.score).toBe(1);
		if (outcome === 'wrong') expect(scored.score).toBe(0);
		if (outcome === 'partial') expect(scored.score).toBeGreaterThan(0);
	});

	it('scores the e-mail on each of subject, greeting and attachment', () => {
		const s = scoreAnswer(item('mail-pro'), { subject: 'Candidature', greeting: 'salut', file: 'none' });
		expect(s.feedback.map((f) => f.ok)).toEqual([true, false, false]);
		expect(s.score).toBeCloseTo(1 / 3);
	});

	it('self-assessment gives 1, ½ or 0 and no right/wrong', () => {
		expect(scoreAnswer(item('visio'), { level: 'yes' })).toMatchObject({ score: 1, outcome: null });
		expect(scoreAnswer(item('visio'), { level: 'help' }).score).toBe(0.5);
		expect(scoreAnswer(item('visio'), { level: 'no' }).score).toBe(0);
	});

	it('refuses forged or huge answers with a French message', () => {
		expect(code(() => scoreAnswer(item('visio'), {}))).toBe('diagnostic.must_choose');
		expect(code(() => scoreAnswer(item('visio'), { level: 'expert' }))).toBe('diagnostic.invalid_answer');
		expect(code(() => scoreAnswer(item('droits-image'), { choice: ['libre', 'google'] }))).toBe('diagnostic.invalid_answer');
		expect(code(() => scoreAnswer(item('hameconnage'), { selected: ['ameli', 'virus'] }))).toBe('diagnostic.invalid_answer');
		expect(code(() => scoreAnswer(item('hameconnage'), { selected: Array(50).fill('ameli') }))).toBe('diagnostic.invalid_answer');
		expect(code(() => scoreAnswer(item('mail-pro'), { subject: 'x'.repeat(121) }))).toBe('diagnostic.too_long');
		expect(code(() => scoreAnswer(item('mail-pro'), { body: 'x'.repeat(100_000) }))).toBe('diagnostic.too_long');
		expect(code(() => scoreAnswer(item('formulaire'), { accept: 'peut-être' }))).toBe('diagnostic.invalid_answer');
		try {
			scoreAnswer(item('visio'), { level: 'expert' });
		} catch (e) {
			expect((e as DomainError).message).toMatch(/réponse/);
		}
	});
});

describe('levels per area', () => {
	it('cuts at 40 and 70', () => {
		expect([0, 39, 40, 69, 70, 100].map(levelOf)).toEqual(['none', 'none', 'basic', 'basic', 'above_basic', 'above_basic']);
	});

	it('weights items and counts unanswered ones as 0', () => {
		const all = Object.fromEntries(ITEMS.map((i) => [i.id, { score: 1 }]));
		expect(computeResults(all).every((r) => r.score === 100 && r.level === 'above_basic')).toBe(true);
		expect(computeResults({}).every((r) => r.score === 0 && r.level === 'none')).toBe(true);
		// Safety: mises-a-jour (1) + hameconnage (3) + mot-de-passe (3) = 7; the two tasks right = 6/7.
		const safety = computeResults({ hameconnage: { score: 1 }, 'mot-de-passe': { score: 1 } }).find((r) => r.area === 'safety')!;
		expect(safety).toEqual({ area: 'safety', score: 86, level: 'above_basic' });
		const half = computeResults({ 'mises-a-jour': { score: 0.5 }, hameconnage: { score: 0.5 }, 'mot-de-passe': { score: 0.5 } }).find((r) => r.area === 'safety')!;
		expect(half).toEqual({ area: 'safety', score: 50, level: 'basic' });
	});
});
