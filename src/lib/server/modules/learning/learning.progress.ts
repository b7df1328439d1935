import { levelFor, REVIEW_INTERVAL_DAYS, XP_PER_MODULE, XP_PER_QUESTION } from '$lib/learning/content';

/**
 * Gamification computed from the answers themselves (never stored): XP, level, série of active
 * days, badges and the questions to review. Computing it means that merging a guest's progress into
 * an account, or syncing the same answers twice, can never count anything twice.
 */

export interface AttemptFacts {
	id: string;
	moduleId: string;
	kind: 'module' | 'review';
	questionCount: number;
	answeredCount: number;
	correctCount: number;
	startedAt: Date;
	lastActivityAt: Date;
	completedAt: Date | null;
}

export interface AnswerFacts {
	moduleId: string;
	stepId: string;
	correct: boolean;
	answeredAt: Date;
}

export interface ModuleProgress {
	status: 'new' | 'in_progress' | 'done';
	/** The attempt to continue, if one is open. */
	openAttemptId: string | null;
	/** Answered questions of the open attempt (or of the last one). */
	answered: number;
	total: number;
	/** First completion: the badge. */
	badgeEarnedAt: Date | null;
	/** Best share of right answers in a completed play-through, 0–100. */
	bestScore: number | null;
	lastActivityAt: Date | null;
	/** Question ids of this module due for review now. */
	due: string[];
}

export interface LearnerSummary {
	xp: number;
	level: number;
	levelFloor: number;
	nextLevelAt: number;
	/** Consecutive days with at least one answer, ending today or yesterday (Paris time). */
	streakDays: number;
	activeToday: boolean;
	badges: number;
	dueCount: number;
	lastActivityAt: Date | null;
	modules: Map<string, ModuleProgress>;
}

const DAY_MS = 24 * 3600 * 1000;
const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
export const dayKey = (d: Date) => parisDay.format(d);

export function streakOf(days: Set<string>, now: Date): { streakDays: number; activeToday: boolean } {
	const activeToday = days.has(dayKey(now));
	let cursor = activeToday ? now : new Date(now.getTime() - DAY_MS);
	let streakDays = 0;
	while (days.has(dayKey(cursor))) {
		streakDays++;
		cursor = new Date(cursor.getTime() - DAY_MS);
	}
	return { streakDays, activeToday };
}

/**
 * Questions to review, Leitner-like: a question missed at least once comes back 1 day after the
 * miss, then 3, 7 and 21 days after each right answer in a row; after 4 right answers in a row it
 * is learnt. A new miss starts again at 1 day.
 */
export function dueQuestions(answers: readonly AnswerFacts[], now: Date): Map<string, string[]> {
	const history = new Map<string, AnswerFacts[]>();
	for (const a of answers) {
		const key = `${a.moduleId}\u0000${a.stepId}`;
		const list = history.get(key) ?? [];
		list.push(a);
		history.set(key, list);
	}
	const due = new Map<string, string[]>();
	for (const list of history.values()) {
		list.sort((x, y) => x.answeredAt.getTime() - y.answeredAt.getTime());
		const lastMiss = list.findLastIndex((a) => !a.correct);
		if (lastMiss === -1) continue;
		const box = list.length - 1 - lastMiss;
		if (box >= REVIEW_INTERVAL_DAYS.length) continue;
		const last = list[list.length - 1]!;
		if (now.getTime() >= last.answeredAt.getTime() + REVIEW_INTERVAL_DAYS[box]! * DAY_MS) {
			const ids = due.get(last.moduleId) ?? [];
			ids.push(last.stepId);
			due.set(last.moduleId, ids);
		}
	}
	return due;
}

export function summarize(
	attempts: readonly AttemptFacts[],
	answers: readonly AnswerFacts[],
	moduleTotals: ReadonlyMap<string, number>,
	now: Date
): LearnerSummary {
	const mastered = new Set(answers.filter((a) => a.correct).map((a) => `${a.moduleId}\u0000${a.stepId}`));
	const due = dueQuestions(answers, now);
	const modules = new Map<string, ModuleProgress>();
	const byModule = new Map<string, AttemptFacts[]>();
	for (const a of attempts) {
		if (a.kind !== 'module') continue;
		const list = byModule.get(a.moduleId) ?? [];
		list.push(a);
		byModule.set(a.moduleId, list);
	}
	for (const [moduleId, list] of byModule) {
		const completed = list.filter((a) => a.completedAt);
		const open = list
			.filter((a) => !a.completedAt)
			.sort((x, y) => y.lastActivityAt.getTime() - x.lastActivityAt.getTime())[0];
		const latest = [...list].sort((x, y) => y.lastActivityAt.getTime() - x.lastActivityAt.getTime())[0]!;
		const shown = open ?? latest;
		const badgeEarnedAt = completed.length
			? new Date(Math.min(...completed.map((a) => a.completedAt!.getTime())))
			: null;
		modules.set(moduleId, {
			status: completed.length ? 'done' : 'in_progress',
			openAttemptId: open?.id ?? null,
			answered: shown.answeredCount,
			total: shown.questionCount || moduleTotals.get(moduleId) || 0,
			badgeEarnedAt,
			bestScore: completed.length
				? Math.max(...completed.map((a) => Math.round((100 * a.correctCount) / Math.max(1, a.questionCount))))
				: null,
			lastActivityAt: latest.lastActivityAt,
			due: due.get(moduleId) ?? []
		});
	}
	for (const [moduleId, ids] of due) {
		if (!modules.has(moduleId)) {
			modules.set(moduleId, {
				status: 'in_progress',
				openAttemptId: null,
				answered: 0,
				total: moduleTotals.get(moduleId) ?? 0,
				badgeEarnedAt: null,
				bestScore: null,
				lastActivityAt: null,
				due: ids
			});
		}
	}
	const badges = [...modules.values()].filter((m) => m.badgeEarnedAt).length;
	const xp = mastered.size * XP_PER_QUESTION + badges * XP_PER_MODULE;
	const { level, floor, next } = levelFor(xp);
	const days = new Set(answers.map((a) => dayKey(a.answeredAt)));
	const lastActivity = attempts.reduce<Date | null>(
		(max, a) => (!max || a.lastActivityAt > max ? a.lastActivityAt : max),
		null
	);
	return {
		xp,
		level,
		levelFloor: floor,
		nextLevelAt: next,
		...streakOf(days, now),
		badges,
		dueCount: [...due.values()].reduce((n, ids) => n + ids.length, 0),
		lastActivityAt: lastActivity,
		modules
	};
}
