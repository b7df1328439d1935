/**
 * Scoring and what a question looks like on each side of the reveal. Pure functions.
 *
 * Points (see README, "Scoring"): a wrong answer is worth 0. A right one is worth 1,000 without
 * timer; with a timer, 1,000 × (1 − elapsed / (2 × duration)), rounded and kept between 500 and
 * 1,000 — answering at once gives 1,000, at the last moment 500. In a situation, the `best`
 * answer earns that, an `acceptable` one half of it (`avoid` is wrong).
 */
import { shuffled, type Question, type Verdict } from '$lib/learning/content';
import { MAX_POINTS, type LeaderboardRow, type PlayerQuestion, type RevealView } from '$lib/workshops/live';

export const MIN_POINTS_WHEN_RIGHT = 500;

export function pointsFor(input: {
	correct: boolean;
	verdict?: Verdict | null;
	elapsedMs: number;
	durationMs: number | null;
}): number {
	if (!input.correct || input.verdict === 'avoid') return 0;
	let points = MAX_POINTS;
	if (input.durationMs !== null && input.durationMs > 0) {
		const elapsed = Math.max(0, input.elapsedMs);
		const raw = Math.round(MAX_POINTS * (1 - elapsed / (2 * input.durationMs)));
		points = Math.min(MAX_POINTS, Math.max(MIN_POINTS_WHEN_RIGHT, raw));
	}
	return input.verdict === 'acceptable' ? Math.round(points / 2) : points;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * Ranks players: score descending; equal scores share a rank and the next rank skips
 * (1, 1, 3); among equals, nicknames in French alphabetical order.
 */
export function rankRows(rows: readonly { nickname: string; score: number; playerId?: string }[]): LeaderboardRow[] {
	const sorted = [...rows].sort((a, b) => b.score - a.score || collator.compare(a.nickname, b.nickname));
	const out: LeaderboardRow[] = [];
	sorted.forEach((row, i) => {
		const previous = out[i - 1];
		const rank = previous && sorted[i - 1]!.score === row.score ? previous.rank : i + 1;
		const entry: LeaderboardRow = { rank, nickname: row.nickname, score: row.score };
		if (row.playerId !== undefined) entry.playerId = row.playerId;
		out.push(entry);
	});
	return out;
}

/**
 * How many picked each answer: choice ids (single, multiple, situation — a multiple answer counts
 * for each choice picked), `true`/`false` (true_false), `correct`/`wrong` (order). Every key is
 * present, with 0 when nobody picked it; malformed responses are ignored.
 */
export function distributionOf(question: Question, responses: readonly unknown[]): Record<string, number> {
	return distributionOfGroups(question, responses.map((response) => ({ response, count: 1 })));
}

/** `distributionOf` for responses already grouped (`select response, count(*) … group by response`). */
export function distributionOfGroups(
	question: Question,
	groups: readonly { response: unknown; count: number }[]
): Record<string, number> {
	const counts: Record<string, number> = {};
	switch (question.kind) {
		case 'single':
		case 'multiple':
		case 'situation':
			for (const c of question.choices) counts[c.id] = 0;
			break;
		case 'true_false':
			counts.true = 0;
			counts.false = 0;
			break;
		case 'order':
			counts.correct = 0;
			counts.wrong = 0;
			break;
	}
	for (const { response, count: n } of groups) {
		const r = (response ?? {}) as Record<string, unknown>;
		switch (question.kind) {
			case 'single':
			case 'situation':
				if (typeof r.choice === 'string' && Object.hasOwn(counts, r.choice)) counts[r.choice]! += n;
				break;
			case 'multiple':
				if (Array.isArray(r.choices)) {
					for (const id of new Set(r.choices)) if (typeof id === 'string' && Object.hasOwn(counts, id)) counts[id]! += n;
				}
				break;
			case 'true_false':
				if (typeof r.value === 'boolean') counts[String(r.value)]! += n;
				break;
			case 'order': {
				const order = Array.isArray(r.order) ? r.order : null;
				if (!order) break;
				const right = order.length === question.items.length && question.items.every((item, i) => order[i] === item.id);
				counts[right ? 'correct' : 'wrong']! += n;
				break;
			}
		}
	}
	return counts;
}

/**
 * The reveal of a question. `correctChoiceIds`: right choices (single, multiple), `best` then
 * `acceptable` choices (situation), `['true']`/`['false']` (true_false), `['correct']` (order) —
 * always keys of `distribution`, so a chart can highlight them.
 */
export function revealOf(
	question: Question,
	index: number,
	distribution: Record<string, number>,
	answered: number
): RevealView {
	const base = { index, explanation: question.explanation, distribution, answered };
	switch (question.kind) {
		case 'single':
		case 'multiple':
			return { ...base, correctChoiceIds: question.choices.filter((c) => c.correct).map((c) => c.id) };
		case 'situation': {
			const ids = [
				...question.choices.filter((c) => c.verdict === 'best'),
				...question.choices.filter((c) => c.verdict === 'acceptable')
			].map((c) => c.id);
			const verdicts = Object.fromEntries(question.choices.map((c) => [c.id, c.verdict])) as Record<string, Verdict>;
			return { ...base, correctChoiceIds: ids, verdicts };
		}
		case 'true_false':
			return { ...base, correctChoiceIds: [String(question.answer)], answer: question.answer };
		case 'order':
			return { ...base, correctChoiceIds: ['correct'], order: question.items.map((i) => i.id) };
	}
}

/**
 * A question as players get it before the reveal: no correctness, feedback or explanation. Items
 * to put in order are shuffled from the question's id (the same order for everyone, on every
 * reload, and never the right one when there are two items or more).
 */
export function playerQuestionOf(question: Question): PlayerQuestion {
	const choices = (list: readonly { id: string; label: string }[]) => list.map((c) => ({ id: c.id, label: c.label }));
	switch (question.kind) {
		case 'single':
		case 'multiple':
			return { kind: question.kind, id: question.id, prompt: question.prompt, choices: choices(question.choices) };
		case 'situation':
			return {
				kind: 'situation',
				id: question.id,
				situation: question.situation,
				prompt: question.prompt,
				choices: choices(question.choices)
			};
		case 'true_false':
			return { kind: 'true_false', id: question.id, prompt: question.prompt };
		case 'order':
			return { kind: 'order', id: question.id, prompt: question.prompt, items: choices(shuffled(question.items, question.id)) };
	}
}
