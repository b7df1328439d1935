import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, ne } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/access';
import { DIAGNOSTIC_VERSION, ITEMS, itemById, isTask } from './diagnostic.content';
import { alreadyAnswered, invalidAnswer, noAttempt, unknownItem } from './diagnostic.errors';
import { diagnosticAttempts } from './diagnostic.schema';
import { computeResults, scoreAnswer, type AnswerFields, type ScoredAnswer } from './diagnostic.scoring';

type Deps = { db: Database; now: () => Date };

/** Who takes the diagnostic: a signed-in youth, or this browser's guest id (anyone else too). */
export interface Viewer {
	actor: Actor | null;
	guestId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export type Taker = { userId: string; guestId: null } | { userId: null; guestId: string };

export function takerOf(viewer: Viewer): Taker | null {
	if (viewer.actor?.role === 'youth') return { userId: viewer.actor.userId, guestId: null };
	if (isUuid(viewer.guestId)) return { userId: null, guestId: viewer.guestId };
	return null;
}

export const ownedBy = (taker: Taker) =>
	taker.userId ? eq(diagnosticAttempts.userId, taker.userId) : eq(diagnosticAttempts.guestId, taker.guestId!);

type Reader = Pick<Database, 'select'>;

/** The taker's diagnostic in progress (the most recent one if several after a merge). */
export async function openAttemptOf(db: Reader, taker: Taker, options: { forUpdate?: boolean } = {}) {
	const query = db
		.select()
		.from(diagnosticAttempts)
		.where(and(ownedBy(taker), isNull(diagnosticAttempts.completedAt)))
		.orderBy(desc(diagnosticAttempts.lastActivityAt), desc(diagnosticAttempts.id))
		.limit(1);
	const [row] = options.forUpdate ? await query.for('update') : await query;
	return row ?? null;
}

/** The first item not answered yet, in the diagnostic's order (null: all answered). */
export const nextItemId = (answers: Record<string, unknown>): string | null => ITEMS.find((i) => !(i.id in answers))?.id ?? null;

/**
 * Starts the diagnostic, or resumes the one in progress. `fresh` drops the one in progress (its
 * answers were not complete) and starts over.
 */
export async function startDiagnostic(deps: Deps, viewer: Viewer, options: { fresh?: boolean } = {}): Promise<{ attemptId: string; nextItemId: string }> {
	const taker = takerOf(viewer);
	if (!taker) throw noAttempt();
	return deps.db.transaction(async (tx) => {
		const open = await openAttemptOf(tx, taker, { forUpdate: true });
		if (open && !options.fresh) return { attemptId: open.id, nextItemId: nextItemId(open.answers) ?? ITEMS[0]!.id };
		if (open) await tx.delete(diagnosticAttempts).where(and(ownedBy(taker), isNull(diagnosticAttempts.completedAt)));
		const now = deps.now();
		const [row] = await tx
			.insert(diagnosticAttempts)
			.values({ ...taker, contentVersion: DIAGNOSTIC_VERSION, answers: {}, startedAt: now, lastActivityAt: now })
			.returning({ id: diagnosticAttempts.id });
		return { attemptId: row!.id, nextItemId: ITEMS[0]!.id };
	});
}

export interface AnswerResult {
	answer: ScoredAnswer;
	nextItemId: string | null;
	completed: boolean;
	attemptId: string;
}

/**
 * Records one answer, scored on the server. Tasks and knowledge questions are answered once (their
 * correction is shown right after); self-assessments may be changed. The last answer completes the
 * attempt and computes its results. A bad answer throws before anything is written.
 */
export async function answerItem(deps: Deps, viewer: Viewer, itemId: string, fields: AnswerFields): Promise<AnswerResult> {
	const taker = takerOf(viewer);
	if (!taker) throw noAttempt();
	const item = itemById(itemId);
	if (!item) throw unknownItem();
	if (Object.keys(fields).length > 20) throw invalidAnswer();
	const answer = scoreAnswer(item, fields);
	return deps.db.transaction(async (tx) => {
		const open = await openAttemptOf(tx, taker, { forUpdate: true });
		if (!open) throw noAttempt();
		if (item.id in open.answers && (isTask(item) || item.kind === 'choice')) throw alreadyAnswered();
		const now = deps.now();
		const answers = { ...open.answers, [item.id]: { ...answer, answeredAt: now.toISOString() } };
		const next = nextItemId(answers);
		const completed = next === null;
		await tx
			.update(diagnosticAttempts)
			.set({ answers, lastActivityAt: now, ...(completed ? { completedAt: now, results: computeResults(answers) } : {}) })
			.where(eq(diagnosticAttempts.id, open.id));
		return { answer, nextItemId: next, completed, attemptId: open.id };
	});
}

/**
 * What a guest did on this device becomes the account's (called at the first request of a youth's
 * session). Claiming twice moves nothing the second time. If the account now has several
 * diagnostics in progress, only the most recent is kept.
 */
export async function claimGuestDiagnostics(deps: { db: Database }, input: { guestId: string; userId: string }): Promise<number> {
	if (!isUuid(input.guestId) || !isUuid(input.userId)) return 0;
	return deps.db.transaction(async (tx) => {
		const moved = await tx
			.update(diagnosticAttempts)
			.set({ userId: input.userId, guestId: null })
			.where(and(eq(diagnosticAttempts.guestId, input.guestId), isNull(diagnosticAttempts.userId)))
			.returning({ id: diagnosticAttempts.id });
		if (moved.length === 0) return 0;
		const open = await tx
			.select({ id: diagnosticAttempts.id })
			.from(diagnosticAttempts)
			.where(and(eq(diagnosticAttempts.userId, input.userId), isNull(diagnosticAttempts.completedAt)))
			.orderBy(desc(diagnosticAttempts.lastActivityAt), desc(diagnosticAttempts.id));
		if (open.length > 1) {
			await tx.delete(diagnosticAttempts).where(
				and(
					inArray(
						diagnosticAttempts.id,
						open.slice(1).map((o) => o.id)
					),
					ne(diagnosticAttempts.id, open[0]!.id)
				)
			);
		}
		return moved.length;
	});
}

/** Guest diagnostics never claimed are deleted 180 days after their last activity (like guest learning progress). */
export const GUEST_DIAGNOSTIC_RETENTION_DAYS = 180;

export async function purgeUnclaimedGuestDiagnostics(db: Database, now: Date): Promise<void> {
	const before = new Date(now.getTime() - GUEST_DIAGNOSTIC_RETENTION_DAYS * 24 * 3600 * 1000);
	await db.delete(diagnosticAttempts).where(and(isNotNull(diagnosticAttempts.guestId), lt(diagnosticAttempts.lastActivityAt, before)));
}

/** Completed attempts of a taker, oldest first. */
export async function completedAttemptsOf(db: Reader, where: ReturnType<typeof ownedBy>) {
	return db
		.select({ id: diagnosticAttempts.id, completedAt: diagnosticAttempts.completedAt, results: diagnosticAttempts.results, answers: diagnosticAttempts.answers })
		.from(diagnosticAttempts)
		.where(and(where, isNotNull(diagnosticAttempts.completedAt)))
		.orderBy(asc(diagnosticAttempts.completedAt), asc(diagnosticAttempts.id))
		.limit(100);
}
