import { describe, expect, it } from 'vitest';
import type { Question } from '$lib/learning/content';
import { defaultWorkshopQuestions } from './workshops.fixtures';
import { distributionOf, playerQuestionOf, pointsFor, rankRows, revealOf } from './workshops.scoring';

const [single, trueFalse, situation] = defaultWorkshopQuestions().map((q) => q.question) as [Question, Question, Question];
const order: Question = {
	kind: 'order',
	id: 'q-ordre',
	prompt: 'Remets les étapes dans l’ordre.',
	items: [
		{ id: 'a', label: 'Lire l’offre' },
		{ id: 'b', label: 'Adapter le CV' },
		{ id: 'c', label: 'Envoyer la candidature' }
	],
	explanation: 'On lit, on adapte, on envoie.'
};
const multiple: Question = {
	kind: 'multiple',
	id: 'q-multi',
	prompt: 'Que mettre dans un CV ?',
	choices: [
		{ id: 'exp', label: 'Tes expériences', correct: true },
		{ id: 'tel', label: 'Ton téléphone', correct: true },
		{ id: 'religion', label: 'Ta religion', correct: false }
	],
	explanation: 'Le CV parle de ce que tu sais faire et de comment te joindre.'
};

describe('points', () => {
	it('give nothing for a wrong answer and 1,000 without timer', () => {
		expect(pointsFor({ correct: false, elapsedMs: 0, durationMs: 30_000 })).toBe(0);
		expect(pointsFor({ correct: true, elapsedMs: 999_999, durationMs: null })).toBe(1000);
	});

	it('decrease with time from 1,000 to 500 with a timer', () => {
		expect(pointsFor({ correct: true, elapsedMs: 0, durationMs: 30_000 })).toBe(1000);
		expect(pointsFor({ correct: true, elapsedMs: 15_000, durationMs: 30_000 })).toBe(750);
		expect(pointsFor({ correct: true, elapsedMs: 29_999, durationMs: 30_000 })).toBe(500);
		expect(pointsFor({ correct: true, elapsedMs: 30_000, durationMs: 30_000 })).toBe(500);
		expect(pointsFor({ correct: true, elapsedMs: 90_000, durationMs: 30_000 })).toBe(500);
		expect(pointsFor({ correct: true, elapsedMs: -5, durationMs: 30_000 })).toBe(1000);
	});

	it('give half for an acceptable answer of a situation, all for the best, nothing to avoid', () => {
		expect(pointsFor({ correct: true, verdict: 'best', elapsedMs: 15_000, durationMs: 30_000 })).toBe(750);
		expect(pointsFor({ correct: true, verdict: 'acceptable', elapsedMs: 15_000, durationMs: 30_000 })).toBe(375);
		expect(pointsFor({ correct: true, verdict: 'acceptable', elapsedMs: 0, durationMs: null })).toBe(500);
		expect(pointsFor({ correct: false, verdict: 'avoid', elapsedMs: 0, durationMs: null })).toBe(0);
	});
});

describe('ranking', () => {
	it('sorts by score, ties share a rank, then nicknames in French order', () => {
		const rows = rankRows([
			{ nickname: 'Zoé', score: 800 },
			{ nickname: 'émile', score: 1500 },
			{ nickname: 'Éva', score: 800 },
			{ nickname: 'Adam', score: 1500 },
			{ nickname: 'Bob', score: 0, playerId: 'p' }
		]);
		expect(rows).toEqual([
			{ rank: 1, nickname: 'Adam', score: 1500 },
			{ rank: 1, nickname: 'émile', score: 1500 },
			{ rank: 3, nickname: 'Éva', score: 800 },
			{ rank: 3, nickname: 'Zoé', score: 800 },
			{ rank: 5, nickname: 'Bob', score: 0, playerId: 'p' }
		]);
		expect(rankRows([])).toEqual([]);
	});
});

describe('distribution and reveal', () => {
	it('counts each choice, with zeros, ignoring malformed responses', () => {
		expect(distributionOf(single, [{ choice: 'une' }, { choice: 'une' }, { choice: 'cinq' }, { choice: 'toString' }, null])).toEqual({
			une: 2,
			trois: 0,
			cinq: 1
		});
		expect(distributionOf(multiple, [{ choices: ['exp', 'tel'] }, { choices: ['exp'] }])).toEqual({ exp: 2, tel: 1, religion: 0 });
		expect(distributionOf(trueFalse, [{ value: false }, { value: true }, { value: false }])).toEqual({ true: 1, false: 2 });
		expect(distributionOf(order, [{ order: ['a', 'b', 'c'] }, { order: ['b', 'a', 'c'] }])).toEqual({ correct: 1, wrong: 1 });
	});

	it('tells what was right and why', () => {
		const d = distributionOf(situation, [{ choice: 'mail' }]);
		expect(revealOf(situation, 2, d, 1)).toMatchObject({
			index: 2,
			correctChoiceIds: ['appeler', 'mail'],
			verdicts: { appeler: 'best', mail: 'acceptable', rien: 'avoid' },
			answered: 1
		});
		expect(revealOf(single, 0, {}, 0).correctChoiceIds).toEqual(['une']);
		expect(revealOf(trueFalse, 1, {}, 0)).toMatchObject({ answer: false, correctChoiceIds: ['false'] });
		expect(revealOf(order, 3, {}, 0)).toMatchObject({ order: ['a', 'b', 'c'], correctChoiceIds: ['correct'] });
		expect(revealOf(single, 0, {}, 0).explanation).toMatch(/une page/);
	});
});

describe('questions as players see them', () => {
	it('never carry correctness, feedback or explanation', () => {
		for (const q of [single, trueFalse, situation, order, multiple]) {
			const json = JSON.stringify(playerQuestionOf(q));
			expect(json).not.toMatch(/correct|feedback|explanation|verdict|"answer"/);
		}
	});

	it('shuffle order items the same way every time, never in the right order', () => {
		const shown = playerQuestionOf(order);
		expect(shown.kind === 'order' && shown.items.map((i) => i.id)).not.toEqual(['a', 'b', 'c']);
		expect(playerQuestionOf(order)).toEqual(shown);
		const two: Question = { ...order, id: 'deux', items: order.kind === 'order' ? order.items.slice(0, 2) : [] };
		const shownTwo = playerQuestionOf(two);
		expect(shownTwo.kind === 'order' && shownTwo.items.map((i) => i.id)).toEqual(['b', 'a']);
	});
});
