/**
 * Reads of a live session shaped for the pages: the player's snapshot and the presenter's. Both
 * read the last event id FIRST (the presenter's) or in the same statement as the data (the
 * player's: one snapshot of the database), so that a page opening its stream with `?depuis=`
 * misses nothing that happened after its data was read (see platform/realtime README).
 */
import { and, count, eq, isNull, lte, sql, sum, type SQL } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import type { Actor } from '$lib/server/platform/access';
import { latestEventId, realtimeEvents } from '$lib/server/platform/realtime';
import { judge, type Verdict } from '$lib/learning/content';
import {
	joinPath,
	type LeaderboardRow,
	type PlayerQuestion,
	type PlayerSnapshot,
	type PresenterSnapshot,
	type PublicState,
	type RevealView
} from '$lib/workshops/live';
import { createWorkshopsRepository, hashSecret, isPlayerSecret, isUuid } from './workshops.repository';
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

/** A player's answer to the current question, as read with the workshop row. */
interface OwnAnswer {
	index: number;
	response: unknown;
	correct: boolean;
	verdict: string | null;
	points: number;
}

/**
 * What every player's snapshot of one state shares: the ranking (every player's score) and the
 * reveal. It depends only on the workshop, its `state_version` and its players (joined, removed):
 * answers of the questions it counts are closed (an answer needs the open question; a reveal or a
 * next bumps the version).
 */
interface SharedView {
	ranked: LeaderboardRow[];
	byPlayer: Map<string, LeaderboardRow>;
	reveal: RevealView | null;
	/** The questions as players see them (no answers). */
	questions: PlayerQuestion[];
}

/** Shared views per process (per database handle) — a small LRU keyed by `sharedKey`. */
const SHARED_VIEWS_MAX = 50;
const sharedViews = new WeakMap<Database, Map<string, Promise<SharedView>>>();

/**
 * The cache key: the workshop, its state version, its last edit (questions edited in the lobby),
 * and how many players joined and were removed (both only grow). A join or a removal changes the
 * key; another workshop never shares a key.
 */
const sharedKey = (row: WorkshopRow, joined: number, removed: number) =>
	`${row.id}:${row.stateVersion}:${row.updatedAt.getTime()}:${joined}:${removed}`;

async function computeSharedView(db: Database, row: WorkshopRow): Promise<SharedView> {
	const [scores, reveal] = await Promise.all([scoresOf(db, row), revealFor(db, row)]);
	const ranked = rankRows(scores.map((s) => ({ nickname: s.nickname, score: s.score, playerId: s.playerId })));
	return {
		ranked,
		byPlayer: new Map(ranked.map((r) => [r.playerId!, r])),
		reveal,
		questions: row.questions.map((q) => playerQuestionOf(q.question))
	};
}

function sharedViewOf(db: Database, row: WorkshopRow, joined: number, removed: number): Promise<SharedView> {
	let views = sharedViews.get(db);
	if (!views) sharedViews.set(db, (views = new Map()));
	const key = sharedKey(row, joined, removed);
	const cached = views.get(key);
	if (cached) {
		// Most recently used last.
		views.delete(key);
		views.set(key, cached);
		return cached;
	}
	// The promise is cached: hundreds of phones asking at once share one computation.
	const computing = computeSharedView(db, row);
	views.set(key, computing);
	computing.catch(() => {
		if (views.get(key) === computing) views.delete(key);
	});
	while (views.size > SHARED_VIEWS_MAX) views.delete(views.keys().next().value!);
	return computing;
}

/** Empties the shared views of this database handle (tests). */
export function forgetSharedViews(deps: Pick<Deps, 'db'>): void {
	sharedViews.delete(deps.db);
}

/** How many shared views this database handle holds (tests). */
export const sharedViewCount = (deps: Pick<Deps, 'db'>) => sharedViews.get(deps.db)?.size ?? 0;

/**
 * The workshop row, its players' counts (joined, removed) and the player's own answer to the
 * current question, in one statement.
 */
async function playerRowOf(db: Database, workshopId: string, playerMatch: SQL) {
	// Qualified by hand: Drizzle writes a one-table query's columns unqualified, and a bare `id` or
	// `current_index` inside the sub-selects would name the inner table's column.
	const workshopIdColumn = sql.raw('"workshops"."id"');
	const currentIndex = sql.raw('"workshops"."current_index"');
	const playerIdColumn = sql.raw('"workshop_players"."id"');
	const [found] = await db
		.select({
			row: workshops,
			player: workshopPlayers,
			// The last event id, in the same statement (one snapshot of the database): an event
			// committed after it is neither counted here nor reflected in the data read.
			lastEventId: sql<number>`(select coalesce(max(${realtimeEvents.id}), 0)::bigint from ${realtimeEvents})`,
			joined: sql<number>`(select count(*)::int from ${workshopPlayers} p where p.workshop_id = ${workshopIdColumn})`,
			removed: sql<number>`(select count(p.removed_at)::int from ${workshopPlayers} p where p.workshop_id = ${workshopIdColumn})`,
			mine: sql<OwnAnswer | string | null>`(select json_build_object('index', a.question_index, 'response', a.response, 'correct', a.correct, 'verdict', a.verdict, 'points', a.points) from ${workshopAnswers} a where a.player_id = ${playerIdColumn} and a.question_index = ${currentIndex})`
		})
		.from(workshops)
		.innerJoin(workshopPlayers, and(playerMatch, eq(workshopPlayers.workshopId, workshops.id)))
		.where(eq(workshops.id, workshopId))
		.limit(1);
	if (!found) return null;
	const mine = typeof found.mine === 'string' ? (JSON.parse(found.mine) as OwnAnswer) : found.mine;
	return { row: found.row, player: found.player, lastEventId: Number(found.lastEventId), joined: Number(found.joined), removed: Number(found.removed), mine };
}

/**
 * The player's page (load and `GET /atelier/session/<id>/etat`). One statement of its own (the
 * row, the player, the player's answer and the last event id); what all players share comes from a
 * per-process cache (`sharedViewOf`), computed once per state and set of players.
 */
export async function getPlayerSnapshot(deps: ReadDeps, player: WorkshopPlayerRow): Promise<PlayerSnapshot> {
	const found = await playerRowOf(deps.db, player.workshopId, eq(workshopPlayers.id, player.id));
	if (!found) throw new Error('workshop of a player vanished');
	return snapshotOf(deps, found);
}

/**
 * `getPlayerSnapshot` for the player holding `secret` in this workshop, found in the same statement
 * (the `/etat` route, asked by every phone after each reveal): `removed` for a removed player, null
 * when nothing matches (forged secret, another workshop).
 */
export async function getPlayerSnapshotBySecret(
	deps: ReadDeps,
	workshopId: string,
	secret: string
): Promise<PlayerSnapshot | 'removed' | null> {
	if (!isUuid(workshopId) || !isPlayerSecret(secret)) return null;
	const found = await playerRowOf(deps.db, workshopId.toLowerCase(), eq(workshopPlayers.secretHash, hashSecret(secret)));
	if (!found) return null;
	if (found.player.removedAt) return 'removed';
	return snapshotOf(deps, found);
}

async function snapshotOf(deps: ReadDeps, found: NonNullable<Awaited<ReturnType<typeof playerRowOf>>>): Promise<PlayerSnapshot> {
	const { row, player, mine: answer } = found;
	const now = deps.now();
	const revealed = isRevealed(row);
	const showBoard = (row.phase === 'leaderboard' || row.phase === 'ended') && !row.leaderboardHidden;
	const shared = await sharedViewOf(deps.db, row, found.joined, found.removed);
	const myRow = shared.byPlayer.get(player.id);
	const question = row.questions[row.currentIndex]?.question;
	return {
		workshop: { id: row.id, title: row.title },
		state: publicStateOf(row, now),
		serverNow: now.getTime(),
		lastEventId: found.lastEventId,
		questions: shared.questions,
		me: {
			id: player.id,
			nickname: player.nickname,
			score: myRow?.score ?? 0,
			rank: row.leaderboardHidden ? null : (myRow?.rank ?? null),
			signedIn: player.youthId !== null
		},
		answer: answer
			? {
					index: answer.index,
					response: answer.response,
					correct: revealed ? answer.correct : null,
					verdict: revealed ? ((answer.verdict as Verdict | null) ?? null) : null,
					points: revealed ? answer.points : null,
					feedback: revealed && question ? judge(question, answer.response).feedback : []
				}
			: null,
		reveal: shared.reveal,
		leaderboard: showBoard ? shared.ranked.slice(0, 5).map(({ rank, nickname, score }) => ({ rank, nickname, score })) : null
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
