import { describe, expect, it } from 'vitest';
import { dayKey, dueQuestions, streakOf } from './learning.progress';

const at = (iso: string) => new Date(iso);

describe('the série of active days (Paris time)', () => {
	it('counts consecutive days ending today or yesterday', () => {
		const days = new Set(['2026-03-08', '2026-03-09', '2026-03-10']);
		expect(streakOf(days, at('2026-03-10T20:00:00Z'))).toEqual({ streakDays: 3, activeToday: true });
		expect(streakOf(days, at('2026-03-11T08:00:00Z'))).toEqual({ streakDays: 3, activeToday: false });
		expect(streakOf(days, at('2026-03-12T08:00:00Z'))).toEqual({ streakDays: 0, activeToday: false });
	});

	it('uses the Paris day: 23:30 UTC in winter is already tomorrow in Paris', () => {
		expect(dayKey(at('2026-01-15T23:30:00Z'))).toBe('2026-01-16');
		expect(dayKey(at('2026-07-15T21:59:00Z'))).toBe('2026-07-15');
	});
});

describe('questions to review', () => {
	const answer = (stepId: string, correct: boolean, iso: string) => ({ moduleId: 'm', stepId, correct, answeredAt: at(iso) });

	it('only missed questions come back, 1 then 3, 7, 21 days after; then learnt', () => {
		const history = [answer('q1', true, '2026-03-01T10:00:00Z'), answer('q2', false, '2026-03-01T10:00:00Z')];
		expect(dueQuestions(history, at('2026-03-02T09:00:00Z')).get('m')).toBeUndefined();
		expect(dueQuestions(history, at('2026-03-02T10:00:00Z')).get('m')).toEqual(['q2']);
		history.push(answer('q2', true, '2026-03-02T10:00:00Z'));
		expect(dueQuestions(history, at('2026-03-05T09:00:00Z')).get('m')).toBeUndefined();
		expect(dueQuestions(history, at('2026-03-05T10:00:00Z')).get('m')).toEqual(['q2']);
		history.push(answer('q2', true, '2026-03-05T10:00:00Z'), answer('q2', true, '2026-03-12T10:00:00Z'), answer('q2', true, '2026-04-02T10:00:00Z'));
		expect(dueQuestions(history, at('2027-01-01T00:00:00Z')).get('m')).toBeUndefined();
		history.push(answer('q2', false, '2027-01-01T00:00:00Z'));
		expect(dueQuestions(history, at('2027-01-02T00:00:00Z')).get('m')).toEqual(['q2']);
	});
});
