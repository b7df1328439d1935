import { describe, expect, it } from 'vitest';
import { aModuleContent } from '$lib/server/modules/learning/learning.fixtures';
import { isCompleteResponse, judge, levelFor, questionsOf, shuffled, type Question } from './content';

const questions = Object.fromEntries(questionsOf(aModuleContent()).map((q) => [q.id, q])) as Record<string, Question>;

describe('judging an answer', () => {
	it('single: the right choice, with the feedback of the picked one', () => {
		expect(judge(questions.q1!, { choice: 'a' })).toMatchObject({ correct: true, feedback: ['Oui.'] });
		expect(judge(questions.q1!, { choice: 'b' })).toMatchObject({ correct: false, feedback: ['Non.'], explanation: 'Arriver un peu en avance rassure.' });
	});

	it('multiple: exactly the right set', () => {
		expect(judge(questions.q2!, { choices: ['b', 'a'] }).correct).toBe(true);
		expect(judge(questions.q2!, { choices: ['a'] }).correct).toBe(false);
		expect(judge(questions.q2!, { choices: ['a', 'b', 'c'] }).correct).toBe(false);
		expect(judge(questions.q2!, { choices: ['a', 'b', 'zzz'] }).correct).toBe(false);
	});

	it('true/false and order', () => {
		expect(judge(questions.q3!, { value: true }).correct).toBe(true);
		expect(judge(questions.q3!, { value: 'true' }).correct).toBe(false);
		expect(judge(questions.q4!, { order: ['a', 'b', 'c'] }).correct).toBe(true);
		expect(judge(questions.q4!, { order: ['a', 'c', 'b'] }).correct).toBe(false);
	});

	it('situation: best and acceptable count, avoid does not; each with its own feedback', () => {
		expect(judge(questions.q5!, { choice: 'a' })).toMatchObject({ correct: true, verdict: 'best', feedback: ['Parfait.'] });
		expect(judge(questions.q5!, { choice: 'b' })).toMatchObject({ correct: true, verdict: 'acceptable' });
		expect(judge(questions.q5!, { choice: 'c' })).toMatchObject({ correct: false, verdict: 'avoid' });
	});

	it('forged or empty responses are wrong, never an exception', () => {
		for (const q of Object.values(questions)) {
			for (const r of [null, undefined, 'x', 42, {}, { choice: {} }, { choices: 'a' }, { order: null }]) {
				expect(judge(q, r).correct).toBe(false);
				expect(isCompleteResponse(q, r)).toBe(false);
			}
		}
	});
});

describe('shuffling the items to order', () => {
	it('is stable for a seed and never shows the right order', () => {
		const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
		for (const seed of ['x', 'y', 'attempt-1', 'attempt-2', '']) {
			const once = shuffled(items, seed).map((i) => i.id);
			expect(shuffled(items, seed).map((i) => i.id)).toEqual(once);
			expect(once).not.toEqual(['a', 'b', 'c']);
			expect([...once].sort()).toEqual(['a', 'b', 'c']);
		}
	});
});

describe('levels', () => {
	it('grow with XP: 0, 100, 300, 600…', () => {
		expect(levelFor(0)).toEqual({ level: 1, floor: 0, next: 100 });
		expect(levelFor(99).level).toBe(1);
		expect(levelFor(100)).toEqual({ level: 2, floor: 100, next: 300 });
		expect(levelFor(650)).toEqual({ level: 4, floor: 600, next: 1000 });
	});
});
