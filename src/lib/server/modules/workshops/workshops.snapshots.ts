/**
 * Reads of a live session shaped for the pages: the player's snapshot and the presenter's. Both
 * read `latestEventId` FIRST, so that a page opening its stream with `?depuis=` misses nothing
 * that happened after its data was read (see platform/realtime README).
 */
import { and, count, eq, isNull, lte, sql, sum } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import type { Actor } from '$lib/server/platform/access';
import { latestEventId } from '$lib/server/platform/realtime';
import { judge, type Verdict } from '$lib/learning/content';
import {
	joinPath,
	type LeaderboardRow,
	type PlayerSnapshot,
	type PresenterSnapshot,
	type PublicState,
	type RevealView
} from '$lib/workshops/live';
import { createWorkshopsRepository } from './workshops.repository';
import { workshopAnswers, workshopPlayers, workshops, type WorkshopPlayerRow, type WorkshopRow } from './workshops.schema';
import { distributionOfGroups, playerQuestionOf, rankRows, revealOf } from './workshops.scoring';

type ReadDeps = Pick<Deps, 'db' | 'now'>;

/** What every participant may know of the session (payload of `state`). */
export function publicStateOf(row: WorkshopRow, now: Date): PublicState {
	void now;
	const open = row.phase === 'question';
	const paused = open && row.pausedAt !== null;
	let durationMs: number | null = null;
	if (open && row.questionStartedAt) {
		if (row.deadlineAt) durationMs = row.deadlineAt.getTime() - row.questionStartedAt.getTime();
		else if (paused && row.pausedRemainingMs !== null && row.pausedAt) {
			durationMs = row.pausedRemainingMs + (row.pausedAt.getTime() - row.questionStartedAt.getTime());
		}
	}
	return {
		v: row.stateVersion,
		phase: row.phase,
		index: row.currentIndex,
		total: row.questions.length,
		deadline: open && !paused && row.deadlineAt ? row.deadlineAt.getTime() : null,
		durationMs,
		paused,
		remainingMs: paused ? row.pausedRemainingMs : null,
		leaderboardHidden: row.leaderboardHidden
	};
}

/** Has the current question been revealed (its answers, distribution and points may be shown)? */
export const isRevealed = (row: WorkshopRow) =>
	row.currentIndex >= 0 && (row.phase === 'reveal' || row.phase === 'leaderboard' || row.phase === 'ended');

/** Scores count only revealed questions: a score never tells whether the open answer is right. */
const lastScoredIndex = (row: WorkshopRow) => (isRevealed(row) ? row.currentIndex : row.currentIndex - 1);

async function scoresOf(db: Database, row: WorkshopRow) {
	const upTo = lastScoredIndex(row);
	return db
		.select({
			playerId: workshopPlayers.id,
			nickname: workshopPlayers.nickname,
			youthId: workshopPlayers.youthId,
			score: sql<number>`coalesce(${sum(workshopAnswers.points)}, 0)::int`
		})
		.from(workshopPlayers)
		.leftJoin(
			workshopAnswers,
			and(eq(workshopAnswers.playerId, workshopPlayers.id), lte(workshopAnswers.questionIndex, upTo))
		)
		.where(and(eq(workshopPlayers.workshopId, row.id), isNull(workshopPlayers.removedAt)))
		.groupBy(workshopPlayers.id)
		.orderBy(workshopPlayers.joinedAt);
}

async function revealFor(db: Database, row: WorkshopRow): Promise<RevealView | null> {
	if (!isRevealed(row)) return null;
	const question = row.questions[row.currentIndex]?.question;
	if (!question) return null;
	const groups = await db
		.select({ response: workshopAnswers.response, n: count() })
		.from(workshopAnswers)
		.where(and(eq(workshopAnswers.workshopId, row.id), eq(workshopAnswers.questionIndex, row.currentIndex)))
		.groupBy(workshopAnswers.response);
	const answered = groups.reduce((total, g) => total + Number(g.n), 0);
	return revealOf(question, row.currentIndex, distributionOfGroups(question, groups.map((g) => ({ response: g.response, count: Number(g.n) }))), answered);
}

async function workshopById(db: Database, workshopId: string): Promise<WorkshopRow | null> {
	const [row] = await db.select().from(workshops).where(eq(workshops.id, workshopId)).limit(1);
	return row ?? null;
}

/** The player's page (load and `GET /atelier/session/<id>/etat`). */
export async function getPlayerSnapshot(deps: ReadDeps, player: WorkshopPlayerRow): Promise<PlayerSnapshot> {
	const lastEventId = await latestEventId(deps.db);
	const row = await workshopById(deps.db, player.workshopId);
	if (!row) throw new Error('workshop of a player vanished');
	const now = deps.now();
	const revealed = isRevealed(row);
	const showBoard = (row.phase === 'leaderboard' || row.phase === 'ended') && !row.leaderboardHidden;

	const [scores, mine, reveal] = await Promise.all([
		scoresOf(deps.db, row),
		row.currentIndex >= 0
			? deps.db
					.select()
					.from(workshopAnswers)
					.where(and(eq(workshopAnswers.playerId, player.id), eq(workshopAnswers.questionIndex, row.currentIndex)))
					.limit(1)
			: Promise.resolve([]),
		revealFor(deps.db, row)
	]);
	const ranked = rankRows(scores.map((s) => ({ nickname: s.nickname, score: s.score, playerId: s.playerId })));
	const myRow = ranked.find((r) => r.playerId === player.id);
	const question = row.questions[row.currentIndex]?.question;
	const answer = mine[0];
	return {
		workshop: { id: row.id, title: row.title },
		state: publicStateOf(row, now),
		serverNow: now.getTime(),
		lastEventId,
		questions: row.questions.map((q) => playerQuestionOf(q.question)),
		me: {
			id: player.id,
			nickname: player.nickname,
			score: myRow?.score ?? 0,
			rank: row.leaderboardHidden ? null : (myRow?.rank ?? null),
			signedIn: player.youthId !== null
		},
		answer: answer
			? {
					index: answer.questionIndex,
					response: answer.response,
					correct: revealed ? answer.correct : null,
					verdict: revealed ? ((answer.verdict as Verdict | null) ?? null) : null,
					points: revealed ? answer.points : null,
					feedback: revealed && question ? judge(question, answer.response).feedback : []
				}
			: null,
		reveal,
		leaderboard: showBoard ? ranked.slice(0, 5).map(({ rank, nickname, score }) => ({ rank, nickname, score })) : null
	};
}

/**
 * The presenter's and the remote's page (load and `GET /pro/ateliers/<id>/animer/etat`): staff of
 * the workshop's Mission Locale only; null for anyone else (→ « introuvable »).
 */
export async function getPresenterSnapshot(
	deps: ReadDeps,
	actor: Actor | null,
	workshopId: string
): Promise<PresenterSnapshot | null> {
	if (!actor) return null;
	const lastEventId = await latestEventId(deps.db);
	const row = await createWorkshopsRepository({ db: deps.db, actor }).find(workshopId, { action: 'read' });
	if (!row) return null;
	const now = deps.now();
	const [scores, answerCount, reveal] = await Promise.all([
		scoresOf(deps.db, row),
		row.currentIndex >= 0
			? deps.db
					.select({ n: count() })
					.from(workshopAnswers)
					.where(and(eq(workshopAnswers.workshopId, row.id), eq(workshopAnswers.questionIndex, row.currentIndex)))
					.then((r) => Number(r[0]?.n ?? 0))
			: Promise.resolve(0),
		revealFor(deps.db, row)
	]);
	const leaderboard: LeaderboardRow[] = rankRows(scores.map((s) => ({ nickname: s.nickname, score: s.score, playerId: s.playerId })));
	return {
		workshop: {
			id: row.id,
			title: row.title,
			joinCode: row.phase === 'ended' ? null : row.joinCode,
			joinPath: row.phase !== 'ended' && row.joinCode ? joinPath(row.joinCode) : null,
			capacity: row.capacity
		},
		state: publicStateOf(row, now),
		serverNow: now.getTime(),
		lastEventId,
		players: scores.map((s) => ({ id: s.playerId, nickname: s.nickname, signedIn: s.youthId !== null, score: s.score })),
		question: row.questions[row.currentIndex]?.question ?? null,
		answerCount,
		reveal,
		leaderboard
	};
}
