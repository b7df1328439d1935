/**
 * The live session: opening the lobby, the presenter's controls, players joining and answering.
 *
 * The session's state lives in the `workshops` row and changes only under `SELECT … FOR UPDATE`
 * (controls, joins); answers read it `FOR SHARE`, so an answer and a reveal never interleave:
 * every answer is either committed before the reveal (and in its distribution) or refused after.
 * Every change publishes its event LAST in its transaction (platform/realtime), so every process's
 * hub sees the same sequence of states. Timing uses the server's clock only (`deps.now`).
 * Answers publish nothing in their transaction: the presenters' live count follows after the
 * commit, coalesced per workshop (`scheduleCount`).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { and, count, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { requireActor, type Actor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RateLimitPolicy } from '$lib/server/platform/rate-limit';
import { PUBLISH_LOCK_KEY, publishEventsInTransaction, type RealtimeEventInput } from '$lib/server/platform/realtime';
import { isCompleteResponse, judge } from '$lib/learning/content';
import { CONTROL_ACTIONS, type ControlAction, type PublicState } from '$lib/workshops/live';
import { findAccountById, recordContact } from '../accounts';
import { workshopError, workshopNotFound } from './workshops.errors';
import { checkNickname } from './workshops.nicknames';
import { createWorkshopsRepository, hashSecret, isPlayerSecret, isUuid, workshopStaffStream, workshopStream } from './workshops.repository';
import { workshopAnswers, workshopPlayers, workshops, type WorkshopPlayerRow, type WorkshopRow } from './workshops.schema';
import { pointsFor } from './workshops.scoring';
import { publicStateOf } from './workshops.snapshots';

/** `logger` logs a live count that could not be published (tests may leave it out). */
type LiveDeps = Pick<Deps, 'db' | 'now'> & Partial<Pick<Deps, 'logger'>>;
type CountDeps = Pick<Deps, 'db'> & Partial<Pick<Deps, 'logger'>>;

const asTx = (t: unknown) => t as Database;

/** Wrong join codes allowed per IP: a class mistyping a few codes is fine, guessing is not. */
export const JOIN_CODE_POLICY: RateLimitPolicy = {
	freeFailures: 20,
	baseLockSeconds: 60,
	maxLockSeconds: 900,
	windowSeconds: 600
};

const JOINABLE: readonly WorkshopRow['phase'][] = ['lobby', 'question', 'reveal', 'leaderboard'];

function pgError(e: unknown): { code?: string; constraint?: string } | null {
	let cur = e as { code?: string; constraint?: string; constraint_name?: string; cause?: unknown } | undefined;
	for (let i = 0; cur && i < 5; i++) {
		if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) return { code: cur.code, constraint: cur.constraint ?? cur.constraint_name };
		cur = cur.cause as typeof cur;
	}
	return null;
}
const isUniqueViolation = (e: unknown, constraint?: string) => {
	const pg = pgError(e);
	return pg?.code === '23505' && (constraint === undefined || pg.constraint === undefined || pg.constraint === constraint);
};

const newSecret = () => randomBytes(32).toString('base64url');

const stateEvent = (row: WorkshopRow, now: Date): RealtimeEventInput => ({
	stream: workshopStream(row.id),
	type: 'state',
	payload: publicStateOf(row, now)
});

async function activePlayerCount(tx: Database, workshopId: string): Promise<number> {
	const [row] = await tx
		.select({ n: count() })
		.from(workshopPlayers)
		.where(and(eq(workshopPlayers.workshopId, workshopId), isNull(workshopPlayers.removedAt)));
	return Number(row?.n ?? 0);
}

async function lockedForStaff(tx: Database, actor: Actor, workshopId: string): Promise<WorkshopRow> {
	const row = await createWorkshopsRepository({ db: tx, actor }).find(workshopId, { forUpdate: true, action: 'write' });
	if (!row) throw workshopNotFound();
	return row;
}

// ——— Presenter ———————————————————————————————————————————————————————————————————————————————

/**
 * Opens the lobby: a unique six-digit join code, players may arrive. Staff of the workshop's
 * Mission Locale only; idempotent on a session already open.
 */
export async function openLobby(deps: LiveDeps, actor: Actor | null, workshopId: string): Promise<PublicState> {
	const a = requireActor(actor);
	const now = deps.now();
	return deps.db.transaction(async (t) => {
		const tx = asTx(t);
		const row = await lockedForStaff(tx, a, workshopId);
		if (row.phase === 'ended') throw workshopError('workshops.ended', 'expired');
		if (row.phase !== 'scheduled') return publicStateOf(row, now);
		if (row.questions.length === 0) throw workshopError('workshops.no_questions', 'conflict');
		for (let attempt = 0; ; attempt++) {
			const joinCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
			try {
				// A savepoint per attempt: a code taken by another open session only retries.
				const updated = await tx.transaction(async (s) => {
					const [u] = await asTx(s)
						.update(workshops)
						.set({ phase: 'lobby', joinCode, openedAt: now, stateVersion: row.stateVersion + 1, updatedAt: now })
						.where(eq(workshops.id, row.id))
						.returning();
					return u!;
				});
				await publishEventsInTransaction(tx, [stateEvent(updated, now)]);
				return publicStateOf(updated, now);
			} catch (e) {
				if (!isUniqueViolation(e, 'workshop_join_code_unique_while_open') || attempt >= 8) throw e;
			}
		}
	});
}

type Changes = Partial<typeof workshops.$inferInsert>;

/** What a control changes, or null when it is not allowed in this state. */
function transition(row: WorkshopRow, action: ControlAction, now: Date): Changes | null {
	const paused = row.phase === 'question' && row.pausedAt !== null;
	const startQuestion = (index: number): Changes => ({
		phase: 'question',
		currentIndex: index,
		questionStartedAt: now,
		deadlineAt: row.timerSeconds ? new Date(now.getTime() + row.timerSeconds * 1000) : null,
		pausedAt: null,
		pausedRemainingMs: null
	});
	switch (action) {
		case 'start':
			return row.phase === 'lobby' && row.questions.length > 0 ? startQuestion(0) : null;
		case 'reveal':
			return row.phase === 'question' ? { phase: 'reveal', deadlineAt: null, pausedAt: null, pausedRemainingMs: null } : null;
		case 'leaderboard':
			return row.phase === 'reveal' ? { phase: 'leaderboard' } : null;
		case 'next':
			if (row.phase !== 'reveal' && row.phase !== 'leaderboard') return null;
			return row.currentIndex + 1 < row.questions.length ? startQuestion(row.currentIndex + 1) : { phase: 'ended', endedAt: now };
		case 'pause': {
			if (row.phase !== 'question' || paused) return null;
			if (row.deadlineAt === null) return { pausedAt: now, pausedRemainingMs: null };
			const remaining = row.deadlineAt.getTime() - now.getTime();
			return remaining > 0 ? { pausedAt: now, pausedRemainingMs: remaining, deadlineAt: null } : null;
		}
		case 'resume': {
			if (!paused || !row.pausedAt) return null;
			// The pause does not count: the start moves forward by its length (elapsed time stays true).
			const pausedFor = now.getTime() - row.pausedAt.getTime();
			return {
				pausedAt: null,
				pausedRemainingMs: null,
				questionStartedAt: row.questionStartedAt ? new Date(row.questionStartedAt.getTime() + pausedFor) : now,
				deadlineAt: row.pausedRemainingMs !== null ? new Date(now.getTime() + row.pausedRemainingMs) : null
			};
		}
		case 'hide_leaderboard':
			return row.phase !== 'ended' ? { leaderboardHidden: true } : null;
		case 'show_leaderboard':
			return row.phase !== 'ended' ? { leaderboardHidden: false } : null;
		case 'end':
			return row.phase !== 'ended' ? { phase: 'ended', endedAt: now, deadlineAt: null, pausedAt: null, pausedRemainingMs: null } : null;
	}
}

/**
 * A presenter's control (start, reveal, next, pause…), sent with the state version they saw. A
 * stale version (double click, second screen) changes nothing: `applied: false` and the current
 * state. A control not allowed now is `workshops.control_refused`. Ending the session records a
 * contact (« atelier ») in the file of every signed-in youth who played.
 */
export async function controlWorkshop(
	deps: LiveDeps,
	actor: Actor | null,
	workshopId: string,
	input: { action: ControlAction; version: number }
): Promise<{ state: PublicState; applied: boolean }> {
	const a = requireActor(actor);
	if (!CONTROL_ACTIONS.includes(input.action)) throw workshopError('workshops.control_refused', 'conflict');
	const now = deps.now();
	return deps.db.transaction(async (t) => {
		const tx = asTx(t);
		const row = await lockedForStaff(tx, a, workshopId);
		if (!Number.isInteger(input.version) || input.version !== row.stateVersion) {
			return { state: publicStateOf(row, now), applied: false };
		}
		const changes = transition(row, input.action, now);
		if (!changes) throw workshopError('workshops.control_refused', 'conflict');
		const [updated] = await tx
			.update(workshops)
			.set({ ...changes, stateVersion: row.stateVersion + 1, updatedAt: now })
			.where(eq(workshops.id, row.id))
			.returning();
		if (updated!.phase === 'ended') {
			const youths = await tx
				.select({ youthId: workshopPlayers.youthId })
				.from(workshopPlayers)
				.where(and(eq(workshopPlayers.workshopId, row.id), isNotNull(workshopPlayers.youthId)));
			for (const { youthId } of youths) await recordContact(tx, { youthId: youthId!, channel: 'workshop', at: now });
		}
		await publishEventsInTransaction(tx, [stateEvent(updated!, now)]);
		return { state: publicStateOf(updated!, now), applied: true };
	});
}

/** Removes a player (refused from then on). Staff only; a player of another workshop is unknown. */
export async function removePlayer(deps: LiveDeps, actor: Actor | null, workshopId: string, playerId: string): Promise<void> {
	const a = requireActor(actor);
	const now = deps.now();
	await deps.db.transaction(async (t) => {
		const tx = asTx(t);
		const row = await lockedForStaff(tx, a, workshopId);
		if (!isUuid(playerId)) throw workshopError('workshops.player_unknown', 'not_found');
		const [player] = await tx
			.select({ id: workshopPlayers.id, removedAt: workshopPlayers.removedAt })
			.from(workshopPlayers)
			.where(and(eq(workshopPlayers.id, playerId.toLowerCase()), eq(workshopPlayers.workshopId, row.id)))
			.limit(1);
		if (!player) throw workshopError('workshops.player_unknown', 'not_found');
		if (player.removedAt) return;
		await tx.update(workshopPlayers).set({ removedAt: now }).where(eq(workshopPlayers.id, player.id));
		const n = await activePlayerCount(tx, row.id);
		await publishEventsInTransaction(tx, [
			{ stream: workshopStream(row.id), type: 'removed', payload: { player: player.id } },
			{ stream: workshopStaffStream(row.id), type: 'players', payload: { n } }
		]);
	});
}

// ——— Players ————————————————————————————————————————————————————————————————————————————————

/**
 * The session a join code opens (lobby or playing), or null. Malformed codes are null without a
 * query; every unknown code counts against the IP (`JOIN_CODE_POLICY`), beyond which
 * `workshops.code_rate_limited`.
 */
export async function findWorkshopByCode(
	deps: Pick<Deps, 'db' | 'rateLimiter'>,
	code: string,
	context: { ip: string }
): Promise<{ id: string; title: string; phase: WorkshopRow['phase'] } | null> {
	const digits = typeof code === 'string' ? code.replace(/[\s.-]/g, '') : '';
	if (!/^[0-9]{6}$/.test(digits)) return null;
	const key = `workshops:code:ip:${context.ip}`;
	try {
		await deps.rateLimiter.check([key]);
	} catch (e) {
		if (isDomainError(e) && e.kind === 'rate_limited') {
			throw workshopError('workshops.code_rate_limited', 'rate_limited', { retryAfterSeconds: e.retryAfterSeconds ?? 60 });
		}
		throw e;
	}
	const [row] = await deps.db
		.select({ id: workshops.id, title: workshops.title, phase: workshops.phase })
		.from(workshops)
		.where(and(eq(workshops.joinCode, digits), sql`${workshops.phase} not in ('scheduled', 'ended')`))
		.limit(1);
	if (row) return row;
	await deps.rateLimiter.hit([key], JOIN_CODE_POLICY);
	return null;
}

/** A free nickname for a signed-in youth: « Karim », else « Karim H. », else « Karim 2 », « Karim 3 »… */
function youthNickname(firstName: string, lastName: string, taken: Set<string>): string {
	const first = firstName.trim().slice(0, 30) || 'Jeune';
	const initial = lastName.trim().charAt(0).toUpperCase();
	const candidates = [first, ...(initial ? [`${first} ${initial}.`] : [])];
	for (const c of candidates) if (!taken.has(c.toLowerCase())) return c;
	for (let i = 2; ; i++) if (!taken.has(`${first} ${i}`.toLowerCase())) return `${first} ${i}`;
}

/**
 * Joins a session (lobby or playing). A signed-in youth of the workshop's Mission Locale plays as
 * themself (their first name, attendance in their file); joining again — another device — gives
 * the same player a new secret. Anyone else gives a nickname (checked, unique in the session).
 * The returned secret goes in a cookie; only its SHA-256 is stored.
 */
export async function joinWorkshop(
	deps: LiveDeps,
	actor: Actor | null,
	workshopId: string,
	input: { nickname?: string }
): Promise<{ playerId: string; secret: string; nickname: string }> {
	if (!isUuid(workshopId)) throw workshopError('workshops.code_unknown', 'not_found');
	const id = workshopId.toLowerCase();
	const now = deps.now();
	const asYouth = actor?.role === 'youth' ? actor : null;
	const guestNickname = () => {
		const checked = checkNickname(input.nickname ?? '');
		if (!checked.ok) throw workshopError('workshops.nickname_refused', 'invalid', { fields: { nickname: checked.code } });
		return checked.nickname;
	};

	const attempt = () =>
		deps.db.transaction(async (t) => {
			const tx = asTx(t);
			// FOR UPDATE: joins of one session run one at a time, so the last seat is given once.
			const [row] = await tx.select().from(workshops).where(eq(workshops.id, id)).limit(1).for('update');
			if (!row || row.phase === 'scheduled') throw workshopError('workshops.code_unknown', 'not_found');
			if (row.phase === 'ended') throw workshopError('workshops.ended', 'expired');
			if (!JOINABLE.includes(row.phase)) throw workshopError('workshops.code_unknown', 'not_found');
			const secret = newSecret();
			const secretHash = hashSecret(secret);
			const youth = asYouth && asYouth.structureId === row.structureId ? asYouth : null;

			if (youth) {
				const [existing] = await tx
					.select()
					.from(workshopPlayers)
					.where(and(eq(workshopPlayers.workshopId, row.id), eq(workshopPlayers.youthId, youth.userId)))
					.limit(1);
				if (existing) {
					if (existing.removedAt) throw workshopError('workshops.removed', 'forbidden');
					await tx.update(workshopPlayers).set({ secretHash }).where(eq(workshopPlayers.id, existing.id));
					return { playerId: existing.id, secret, nickname: existing.nickname };
				}
			}
			const nickname = youth ? null : guestNickname();
			const n = await activePlayerCount(tx, row.id);
			if (n >= row.capacity) throw workshopError('workshops.full', 'conflict');
			let chosen: string;
			if (youth) {
				const account = await findAccountById(tx, youth.userId);
				const names = await tx
					.select({ nickname: workshopPlayers.nickname })
					.from(workshopPlayers)
					.where(eq(workshopPlayers.workshopId, row.id));
				chosen = youthNickname(account?.firstName ?? 'Jeune', account?.lastName ?? '', new Set(names.map((x) => x.nickname.toLowerCase())));
			} else {
				chosen = nickname!;
				const [taken] = await tx
					.select({ id: workshopPlayers.id })
					.from(workshopPlayers)
					.where(and(eq(workshopPlayers.workshopId, row.id), sql`lower(${workshopPlayers.nickname}) = lower(${chosen})`))
					.limit(1);
				if (taken) throw workshopError('workshops.nickname_taken', 'conflict', { fields: { nickname: 'taken' } });
			}
			const [player] = await tx
				.insert(workshopPlayers)
				.values({ workshopId: row.id, youthId: youth?.userId ?? null, nickname: chosen, secretHash, joinedAt: now })
				.returning({ id: workshopPlayers.id });
			await publishEventsInTransaction(tx, [
				{ stream: workshopStaffStream(row.id), type: 'players', payload: { n: n + 1 } }
			]);
			return { playerId: player!.id, secret, nickname: chosen };
		});

	try {
		return await attempt();
	} catch (e) {
		// The row lock makes these rare; a unique index firing means another request won a race.
		if (isUniqueViolation(e, 'workshop_player_once_per_youth')) return attempt();
		if (isUniqueViolation(e, 'workshop_player_nickname_unique')) {
			throw workshopError('workshops.nickname_taken', 'conflict', { fields: { nickname: 'taken' } });
		}
		throw e;
	}
}


async function playerBySecret(db: Database, workshopId: string, secret: string): Promise<WorkshopPlayerRow | null> {
	if (!isUuid(workshopId) || !isPlayerSecret(secret)) return null;
	const [player] = await db
		.select()
		.from(workshopPlayers)
		.where(and(eq(workshopPlayers.secretHash, hashSecret(secret)), eq(workshopPlayers.workshopId, workshopId.toLowerCase())))
		.limit(1);
	return player ?? null;
}

/** The player holding this secret in this workshop; null if unknown, forged, or removed. */
export async function playerFromSecret(deps: Pick<Deps, 'db'>, workshopId: string, secret: string): Promise<WorkshopPlayerRow | null> {
	const player = await playerBySecret(deps.db, workshopId, secret);
	return player && !player.removedAt ? player : null;
}

/** Whether this secret is a player of this workshop, one who was removed, or nothing known. */
export async function playerStatus(deps: Pick<Deps, 'db'>, workshopId: string, secret: string): Promise<'active' | 'removed' | 'unknown'> {
	const player = await playerBySecret(deps.db, workshopId, secret);
	return !player ? 'unknown' : player.removedAt ? 'removed' : 'active';
}

function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * A player's answer to the open question, judged and scored on the server's clock. One per player
 * and question (primary key): the same answer sent again is `duplicate`, a different one
 * `workshops.already_answered`. After the deadline (no grace), during a pause, or once revealed,
 * it is refused. The presenters' live count follows after the commit, coalesced (`scheduleCount`).
 */
export async function submitAnswer(
	deps: LiveDeps,
	player: WorkshopPlayerRow,
	input: { index: number; response: unknown }
): Promise<{ outcome: 'recorded' | 'duplicate' }> {
	return answer(deps, player.workshopId, eq(workshopPlayers.id, player.id), input);
}

/**
 * `submitAnswer` for the player holding `secret` in this workshop (the answer route): the player
 * is looked up in the same statement that reads the workshop, one round trip fewer. An unknown,
 * forged or other workshop's secret is `workshops.player_unknown`; a removed player `workshops.removed`.
 */
export async function submitAnswerWithSecret(
	deps: LiveDeps,
	workshopId: string,
	secret: string,
	input: { index: number; response: unknown }
): Promise<{ outcome: 'recorded' | 'duplicate' }> {
	if (!isUuid(workshopId) || !isPlayerSecret(secret)) {
		throw workshopError('workshops.player_unknown', 'not_found');
	}
	return answer(deps, workshopId.toLowerCase(), eq(workshopPlayers.secretHash, hashSecret(secret)), input);
}

/**
 * The answer's transaction: `begin`, the workshop row `FOR SHARE` joined to the player, the insert,
 * `commit` — no publish lock, no event. The count event is scheduled after the commit.
 */
async function answer(
	deps: LiveDeps,
	workshopId: string,
	playerMatch: SQL,
	input: { index: number; response: unknown }
): Promise<{ outcome: 'recorded' | 'duplicate' }> {
	const now = deps.now();
	const result = await deps.db.transaction(async (t) => {
		const tx = asTx(t);
		// FOR SHARE: a reveal (FOR UPDATE) waits for answers in flight, and answers wait for it.
		const [found] = await tx
			.select({ row: workshops, playerId: workshopPlayers.id, removedAt: workshopPlayers.removedAt })
			.from(workshops)
			.innerJoin(workshopPlayers, and(playerMatch, eq(workshopPlayers.workshopId, workshops.id)))
			.where(eq(workshops.id, workshopId))
			.limit(1)
			.for('share', { of: workshops });
		if (!found) throw workshopError('workshops.player_unknown', 'not_found');
		const { row, playerId } = found;
		if (found.removedAt) throw workshopError('workshops.removed', 'forbidden');
		if (row.phase === 'ended') throw workshopError('workshops.ended', 'expired');
		if (row.phase !== 'question' || input.index !== row.currentIndex) throw workshopError('workshops.not_open', 'conflict');
		if (row.pausedAt) throw workshopError('workshops.paused', 'conflict');
		if (row.deadlineAt && now.getTime() > row.deadlineAt.getTime()) throw workshopError('workshops.too_late', 'conflict');
		const question = row.questions[row.currentIndex]?.question;
		if (!question || !isCompleteResponse(question, input.response)) throw workshopError('workshops.invalid_answer', 'invalid');

		const judgement = judge(question, input.response);
		const startedAt = row.questionStartedAt?.getTime() ?? now.getTime();
		const elapsedMs = Math.max(0, now.getTime() - startedAt);
		const durationMs = row.deadlineAt ? row.deadlineAt.getTime() - startedAt : null;
		const points = pointsFor({ correct: judgement.correct, verdict: judgement.verdict ?? null, elapsedMs, durationMs });
		const inserted = await tx
			.insert(workshopAnswers)
			.values({
				workshopId: row.id,
				playerId,
				questionIndex: row.currentIndex,
				response: input.response,
				correct: judgement.correct,
				verdict: judgement.verdict ?? null,
				points,
				elapsedMs: Math.min(elapsedMs, 2_147_483_647),
				answeredAt: now
			})
			.onConflictDoNothing()
			.returning({ playerId: workshopAnswers.playerId });
		if (inserted.length === 0) {
			const [existing] = await tx
				.select({ response: workshopAnswers.response })
				.from(workshopAnswers)
				.where(and(eq(workshopAnswers.playerId, playerId), eq(workshopAnswers.questionIndex, row.currentIndex)))
				.limit(1);
			if (existing && sameJson(existing.response, input.response)) return { outcome: 'duplicate' as const, workshopId: row.id, index: row.currentIndex };
			throw workshopError('workshops.already_answered', 'conflict');
		}
		return { outcome: 'recorded' as const, workshopId: row.id, index: row.currentIndex };
	});
	// After the commit: the count that presenters see includes this answer at the latest ~40 ms later.
	if (result.outcome === 'recorded') scheduleCount(deps, result.workshopId, result.index);
	return { outcome: result.outcome };
}

// ——— Live count (coalesced) ——————————————————————————————————————————————————————————————————

/** At most one `count` publish per workshop and process in this interval (ms). */
export const COUNT_INTERVAL_MS = 40;

interface CountState {
	/** Question indexes answered since the last publish. */
	pending: Set<number>;
	/** The next publish (or clean-up) planned; never more than one. */
	timer: ReturnType<typeof setTimeout> | null;
	/** A publish in flight. */
	running: boolean;
	/** When the last publish started (`Date.now()`). */
	lastAt: number;
}

/** Per process (per database handle: two test "processes" in one Node stay apart), per workshop. */
const countStates = new WeakMap<Database, Map<string, CountState>>();

/**
 * Asks for the presenters' live count of `workshopId`'s question `index` to be published: at once
 * if nothing was published for this workshop by this process in the last `COUNT_INTERVAL_MS`,
 * else at the end of that interval — one event for every answer recorded meanwhile. The last
 * answer of a burst is always counted (trailing edge): an answer committed while a publish is in
 * flight plans another one. The count is read under the publish lock, in the publishing
 * transaction, so the counts published by all processes only grow in event order. Errors are
 * logged, never thrown: the answer is recorded whatever happens to its count.
 */
export function scheduleCount(deps: CountDeps, workshopId: string, index: number): void {
	let byWorkshop = countStates.get(deps.db);
	if (!byWorkshop) countStates.set(deps.db, (byWorkshop = new Map()));
	let state = byWorkshop.get(workshopId);
	if (!state) byWorkshop.set(workshopId, (state = { pending: new Set(), timer: null, running: false, lastAt: -Infinity }));
	state.pending.add(index);
	planCount(deps, byWorkshop, workshopId, state);
}

function planCount(deps: CountDeps, byWorkshop: Map<string, CountState>, workshopId: string, state: CountState): void {
	if (state.timer || state.running) return;
	const wait = Math.max(0, state.lastAt + COUNT_INTERVAL_MS - Date.now());
	state.timer = setTimeout(() => {
		state.timer = null;
		if (state.pending.size === 0) {
			// Quiet for a whole interval: forget the workshop.
			if (byWorkshop.get(workshopId) === state) byWorkshop.delete(workshopId);
			return;
		}
		const indexes = [...state.pending].sort((a, b) => a - b);
		state.pending.clear();
		state.running = true;
		state.lastAt = Date.now();
		publishCounts(deps.db, workshopId, indexes)
			.catch((error: unknown) => {
				if (deps.logger) deps.logger.error({ err: error, workshopId }, 'workshop live count not published');
				else console.error('workshop live count not published', workshopId, error);
			})
			.finally(() => {
				state.running = false;
				// Either the answers that came meanwhile, or the clean-up after a quiet interval.
				planCount(deps, byWorkshop, workshopId, state);
			});
	}, wait);
}

async function publishCounts(db: Database, workshopId: string, indexes: number[]): Promise<void> {
	await db.transaction(async (t) => {
		const tx = asTx(t);
		// The lock first, then the count (its own statement, so its snapshot is taken under the lock):
		// a count published after another one, by any process, has seen at least the same answers.
		await tx.execute(sql`select pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})`);
		const rows = await tx
			.select({ i: workshopAnswers.questionIndex, n: count() })
			.from(workshopAnswers)
			.where(and(eq(workshopAnswers.workshopId, workshopId), inArray(workshopAnswers.questionIndex, indexes)))
			.groupBy(workshopAnswers.questionIndex);
		const events: RealtimeEventInput[] = [];
		for (const i of indexes) {
			const n = Number(rows.find((r) => r.i === i)?.n ?? 0);
			if (n > 0) events.push({ stream: workshopStaffStream(workshopId), type: 'count', payload: { i, n } });
		}
		await publishEventsInTransaction(tx, events);
	});
}

/** Resolves once no count is planned or in flight for this database handle (tests, shutdown). */
export async function liveCountsSettled(deps: Pick<Deps, 'db'>, timeoutMs = 5_000): Promise<void> {
	const start = Date.now();
	while ((countStates.get(deps.db)?.size ?? 0) > 0) {
		if (Date.now() - start > timeoutMs) throw new Error('live counts not settled');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
