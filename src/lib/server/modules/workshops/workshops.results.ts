import { eq } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import { displayNames } from '$lib/server/modules/accounts';
import { authorize, type Actor } from '$lib/server/platform/access';
import { QUESTION_KIND_LABELS, type Question } from '$lib/learning/content';
import { workshopError, workshopNotFound } from './workshops.errors';
import { createWorkshopsRepository } from './workshops.repository';
import { rankRows } from './workshops.scoring';
import { workshopAnswers, workshopInvitations, workshopPlayers, type WorkshopRow } from './workshops.schema';

type ReadDeps = Pick<Deps, 'db' | 'now'>;

export interface QuestionResult {
	index: number;
	prompt: string;
	kindLabel: string;
	answered: number;
	right: number;
	/** Share of right answers among the answers received (0–100, rounded); null without answers. */
	percentRight: number | null;
	/** How many picked each option (choices, Vrai/Faux, or « Bon ordre » / « Autre ordre »). */
	distribution: { label: string; count: number; correct: boolean }[];
}

export interface ParticipantResult {
	playerId: string;
	nickname: string;
	/** Name of the signed-in youth, if the player was signed in. */
	youthName: string | null;
	score: number;
	rank: number;
	right: number;
	answered: number;
	total: number;
}

export interface WorkshopResults {
	workshop: { id: string; title: string; startsAt: Date; endedAt: Date | null; replaySlug: string | null; questionCount: number };
	questions: QuestionResult[];
	participants: ParticipantResult[];
	attendance: { youthId: string; name: string; present: boolean }[];
}

interface AnswerRow {
	playerId: string;
	questionIndex: number;
	response: unknown;
	correct: boolean;
	points: number;
	elapsedMs: number;
}

/** The options of a question, in their order, with what each answer picked. */
function optionsOf(question: Question): { key: string; label: string; correct: boolean }[] {
	switch (question.kind) {
		case 'single':
		case 'multiple':
			return question.choices.map((c) => ({ key: c.id, label: c.label, correct: c.correct }));
		case 'situation':
			return question.choices.map((c) => ({ key: c.id, label: c.label, correct: c.verdict === 'best' }));
		case 'true_false':
			return [
				{ key: 'true', label: 'Vrai', correct: question.answer === true },
				{ key: 'false', label: 'Faux', correct: question.answer === false }
			];
		case 'order':
			return [
				{ key: 'correct', label: 'Bon ordre', correct: true },
				{ key: 'wrong', label: 'Autre ordre', correct: false }
			];
	}
}

/** Option keys an answer picked (see optionsOf). */
function pickedKeys(question: Question, response: unknown, correct: boolean): string[] {
	const r = (response ?? {}) as { choice?: unknown; choices?: unknown; value?: unknown };
	switch (question.kind) {
		case 'single':
		case 'situation':
			return typeof r.choice === 'string' ? [r.choice] : [];
		case 'multiple':
			return Array.isArray(r.choices) ? r.choices.filter((c): c is string => typeof c === 'string') : [];
		case 'true_false':
			return typeof r.value === 'boolean' ? [String(r.value)] : [];
		case 'order':
			return [correct ? 'correct' : 'wrong'];
	}
}

/** What an answer says, in words (CSV). */
function responseText(question: Question, response: unknown, correct: boolean): string {
	if (question.kind === 'order') {
		const order = (response as { order?: unknown } | null)?.order;
		if (!Array.isArray(order)) return '';
		const labels = new Map(question.items.map((i) => [i.id, i.label]));
		return order.map((id) => labels.get(String(id)) ?? String(id)).join(' > ');
	}
	const labels = new Map(optionsOf(question).map((o) => [o.key, o.label]));
	return pickedKeys(question, response, correct)
		.map((k) => labels.get(k) ?? k)
		.join(' + ');
}

async function loadEnded(deps: ReadDeps, actor: Actor | null, id: string): Promise<WorkshopRow> {
	authorize(actor, 'read', 'workshop', { structureId: actor?.structureId ?? null, networkId: actor?.networkId ?? null });
	const row = await createWorkshopsRepository({ db: deps.db, actor }).find(id);
	if (!row) throw workshopNotFound();
	if (row.phase !== 'ended') throw workshopError('workshops.not_ended', 'conflict');
	return row;
}

async function compute(deps: ReadDeps, row: WorkshopRow) {
	const [players, answers, invitations] = await Promise.all([
		deps.db
			.select({ id: workshopPlayers.id, nickname: workshopPlayers.nickname, youthId: workshopPlayers.youthId, removedAt: workshopPlayers.removedAt })
			.from(workshopPlayers)
			.where(eq(workshopPlayers.workshopId, row.id)),
		deps.db
			.select({
				playerId: workshopAnswers.playerId,
				questionIndex: workshopAnswers.questionIndex,
				response: workshopAnswers.response,
				correct: workshopAnswers.correct,
				points: workshopAnswers.points,
				elapsedMs: workshopAnswers.elapsedMs
			})
			.from(workshopAnswers)
			.where(eq(workshopAnswers.workshopId, row.id)),
		deps.db.select({ youthId: workshopInvitations.youthId }).from(workshopInvitations).where(eq(workshopInvitations.workshopId, row.id))
	]);
	const kept = players.filter((p) => !p.removedAt);
	const keptIds = new Set(kept.map((p) => p.id));
	const counted: AnswerRow[] = answers.filter((a) => keptIds.has(a.playerId));
	const names = await displayNames(deps.db, [
		...players.map((p) => p.youthId).filter((v): v is string => !!v),
		...invitations.map((i) => i.youthId)
	]);
	const total = row.questions.length;
	const byPlayer = new Map<string, AnswerRow[]>();
	for (const a of counted) byPlayer.set(a.playerId, [...(byPlayer.get(a.playerId) ?? []), a]);
	const scored = kept.map((p) => {
		const own = byPlayer.get(p.id) ?? [];
		return {
			playerId: p.id,
			nickname: p.nickname,
			youthName: p.youthId ? (names.get(p.youthId) ?? null) : null,
			score: own.reduce((s, a) => s + a.points, 0),
			right: own.filter((a) => a.correct).length,
			answered: own.length,
			total
		};
	});
	// The same order and ranks as the live leaderboard (score, then nickname; equal scores share a rank).
	const byId = new Map(scored.map((p) => [p.playerId, p]));
	const participants: ParticipantResult[] = rankRows(scored).map((r) => {
		return { ...byId.get(r.playerId!)!, rank: r.rank };
	});
	const questions: QuestionResult[] = row.questions.map(({ question }, index) => {
		const these = counted.filter((a) => a.questionIndex === index);
		const right = these.filter((a) => a.correct).length;
		const options = optionsOf(question);
		const tally = new Map(options.map((o) => [o.key, 0]));
		for (const a of these) for (const k of pickedKeys(question, a.response, a.correct)) if (tally.has(k)) tally.set(k, tally.get(k)! + 1);
		return {
			index,
			prompt: question.prompt,
			kindLabel: QUESTION_KIND_LABELS[question.kind],
			answered: these.length,
			right,
			percentRight: these.length ? Math.round((100 * right) / these.length) : null,
			distribution: options.map((o) => ({ label: o.label, count: tally.get(o.key) ?? 0, correct: o.correct }))
		};
	});
	const presentYouth = new Set(players.map((p) => p.youthId).filter(Boolean));
	const attendance = invitations
		.map((i) => ({ youthId: i.youthId, name: names.get(i.youthId) ?? 'Jeune', present: presentYouth.has(i.youthId) }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
	return { participants, questions, attendance, counted };
}

/** Results of an ended workshop: per question, per participant, and the attendance of invited youth. */
export async function getWorkshopResults(deps: ReadDeps, actor: Actor | null, id: string): Promise<WorkshopResults> {
	const row = await loadEnded(deps, actor, id);
	const { participants, questions, attendance } = await compute(deps, row);
	return {
		workshop: { id: row.id, title: row.title, startsAt: row.startsAt, endedAt: row.endedAt, replaySlug: row.replaySlug, questionCount: row.questions.length },
		questions,
		participants,
		attendance
	};
}

/**
 * One CSV cell for French spreadsheets: a value starting with = + - @ (or a tab / carriage return)
 * gets a leading apostrophe so it is never run as a formula; `;`, quotes and line breaks are quoted.
 */
export function csvCell(value: string | number | null): string {
	let text = value === null ? '' : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = [
	'Participant',
	'Jeune (compte Tremplin)',
	'Rang',
	'Score total',
	'N° question',
	'Question',
	'Réponse',
	'Résultat',
	'Points',
	'Temps de réponse (s)'
];

/** The results as CSV for French Excel: UTF-8 with BOM, `;` separator, CRLF, one row per participant × question. */
export async function workshopResultsCsv(deps: ReadDeps, actor: Actor | null, id: string): Promise<{ filename: string; csv: string }> {
	const row = await loadEnded(deps, actor, id);
	const { participants, counted } = await compute(deps, row);
	const lines = [CSV_HEADER.map(csvCell).join(';')];
	for (const p of participants) {
		row.questions.forEach(({ question }, index) => {
			const a = counted.find((x) => x.playerId === p.playerId && x.questionIndex === index);
			lines.push(
				[
					p.nickname,
					p.youthName,
					p.rank,
					p.score,
					index + 1,
					question.prompt,
					a ? responseText(question, a.response, a.correct) : '',
					a ? (a.correct ? 'Juste' : 'Faux') : 'Sans réponse',
					a ? a.points : 0,
					a ? (a.elapsedMs / 1000).toFixed(1).replace('.', ',') : ''
				]
					.map(csvCell)
					.join(';')
			);
		});
	}
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(row.startsAt);
	return { filename: `atelier-${day}-resultats.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n` };
}
