import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { isCompleteResponse, isQuestion, judge, type Judgement, type ModuleContent } from '$lib/learning/content';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { GUEST_RETENTION_DAYS } from './learning.guest';
import { attemptNotFound, batchTooLarge, invalidBatch, moduleNotFound, nothingToReview } from './learning.errors';
import { summarize } from './learning.progress';
import { createLearningRepository, isUuid, learnerOf, type Learner, type Viewer } from './learning.repository';
import { learningAnswers, learningAttempts } from './learning.schema';
import { MAX_SYNC_ANSWERS, syncBatchSchema, type SyncAttempt } from './learning.validation';

type PlayDeps = Pick<Deps, 'db' | 'now'>;

/** Nobody can play without being someone: routes give anonymous visitors a guest id first. */
function requireLearner(viewer: Viewer): Learner {
	const learner = learnerOf(viewer);
	if (!learner) throw new Error('learning: a learner is required (the route must set the guest cookie first)');
	return learner;
}

const questionIds = (content: ModuleContent) => content.steps.filter(isQuestion).map((s) => s.id);

/**
 * Starts a play-through of a published module the viewer may see: every step ("module"), or the
 * questions of this module due for review ("review"). The id may come from the client.
 */
export async function startAttempt(
	deps: PlayDeps,
	viewer: Viewer,
	input: { slug: string; kind?: 'module' | 'review'; attemptId?: string }
): Promise<{ attemptId: string }> {
	const learner = requireLearner(viewer);
	const repo = createLearningRepository({ db: deps.db, viewer });
	const module = await repo.findPublishedBySlug(input.slug);
	if (!module) throw moduleNotFound();
	const kind = input.kind ?? 'module';
	let plan = module.content.steps.map((s) => s.id);
	if (kind === 'review') {
		const [attempts, answers] = await Promise.all([repo.listAttempts(), repo.listAnswers()]);
		const due = summarize(attempts, answers, new Map(), deps.now()).modules.get(module.id)?.due ?? [];
		const known = new Set(questionIds(module.content));
		plan = due.filter((id) => known.has(id));
		if (plan.length === 0) throw nothingToReview();
	}
	const attemptId = input.attemptId && isUuid(input.attemptId) ? input.attemptId : randomUUID();
	const now = deps.now();
	const inserted = await deps.db
		.insert(learningAttempts)
		.values({
			id: attemptId,
			moduleId: module.id,
			versionId: module.versionId,
			userId: learner.userId,
			guestId: learner.guestId,
			kind,
			plan,
			questionCount: plan.filter((id) => module.content.steps.some((s) => s.id === id && isQuestion(s))).length,
			startedAt: now,
			lastActivityAt: now
		})
		.onConflictDoNothing()
		.returning({ id: learningAttempts.id });
	if (inserted.length === 0) {
		// Same id sent twice (double click, retry): fine if it is the learner's own attempt.
		if (!(await repo.findAttempt(attemptId))) throw attemptNotFound();
	}
	return { attemptId };
}

export interface AnswerOutcome {
	id: string;
	stepId: string;
	status: 'accepted' | 'rejected';
	/** For rejected answers: why (a code of learning.errors). */
	code?: string;
	/** For accepted answers: the judgement of the answer kept (the first one for this step). */
	judgement?: Judgement;
	/** True when this id had already been recorded (a retry): nothing changed. */
	duplicate?: boolean;
}

export interface AttemptOutcome {
	id: string;
	status: 'accepted' | 'rejected';
	code?: string;
	answeredCount?: number;
	correctCount?: number;
	questionCount?: number;
	completed?: boolean;
	/** True when this request completed the attempt (the badge, for a first completion). */
	justCompleted?: boolean;
}

const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
const MAX_OFFLINE_AGE_MS = 30 * 24 * 3600 * 1000;

/** The device's clock, kept between 30 days ago and now (a few minutes of skew are tolerated). */
function saneTime(value: string | undefined, now: Date): Date {
	const t = value ? Date.parse(value) : NaN;
	if (!Number.isFinite(t)) return now;
	if (t > now.getTime() + MAX_CLOCK_SKEW_MS) return now;
	if (t < now.getTime() - MAX_OFFLINE_AGE_MS) return new Date(now.getTime() - MAX_OFFLINE_AGE_MS);
	return new Date(Math.min(t, now.getTime()));
}

/**
 * Records answers: one from a form, or a batch queued by the offline player. Idempotent: every
 * answer and attempt carries an id made by the client; sending the same batch again changes
 * nothing, and a step already answered in an attempt keeps its first answer. The server judges
 * every answer itself (the client's opinion is not asked). An attempt of someone else, a version
 * the viewer may not see, a step that is not in the attempt or a malformed response is rejected,
 * and the rest of the batch still goes through.
 */
export async function recordAnswers(
	deps: PlayDeps,
	viewer: Viewer,
	input: unknown
): Promise<{ attempts: AttemptOutcome[]; answers: AnswerOutcome[] }> {
	const learner = requireLearner(viewer);
	const parsed = syncBatchSchema.safeParse(input);
	if (!parsed.success) throw invalidBatch();
	const batch = parsed.data;
	if (batch.attempts.reduce((n, a) => n + a.answers.length, 0) > MAX_SYNC_ANSWERS) throw batchTooLarge();
	const repo = createLearningRepository({ db: deps.db, viewer });
	const attempts: AttemptOutcome[] = [];
	const answers: AnswerOutcome[] = [];
	for (const attempt of batch.attempts) {
		const version = await repo.findVersion(attempt.moduleId, attempt.versionId);
		if (!version) {
			attempts.push({ id: attempt.id, status: 'rejected', code: 'learning.module_not_found' });
			for (const a of attempt.answers) answers.push({ id: a.id, stepId: a.stepId, status: 'rejected', code: 'learning.module_not_found' });
			continue;
		}
		const result = await deps.db.transaction((tx) => recordAttempt(tx as unknown as Database, deps.now(), learner, version.content, attempt));
		attempts.push(result.attempt);
		answers.push(...result.answers);
	}
	return { attempts, answers };
}

async function recordAttempt(
	tx: Database,
	now: Date,
	learner: Learner,
	content: ModuleContent,
	input: SyncAttempt
): Promise<{ attempt: AttemptOutcome; answers: AnswerOutcome[] }> {
	const steps = new Map(content.steps.map((s) => [s.id, s]));
	const questions = new Set(questionIds(content));
	const plan =
		input.kind === 'review'
			? [...new Set(input.plan ?? input.answers.map((a) => a.stepId))].filter((id) => questions.has(id))
			: content.steps.map((s) => s.id);
	const reject = (code: string) => ({
		attempt: { id: input.id, status: 'rejected' as const, code },
		answers: input.answers.map((a) => ({ id: a.id, stepId: a.stepId, status: 'rejected' as const, code }))
	});
	if (plan.length === 0) return reject('learning.invalid_batch');
	// One writer per attempt at a time: the counts below stay exact under concurrent syncs.
	const lockAttempt = async () =>
		(await tx.select().from(learningAttempts).where(eq(learningAttempts.id, input.id)).for('update'))[0];
	let row = await lockAttempt();
	if (!row) {
		const startedAt = saneTime(input.startedAt, now);
		await tx
			.insert(learningAttempts)
			.values({
				id: input.id,
				moduleId: input.moduleId,
				versionId: input.versionId,
				userId: learner.userId,
				guestId: learner.guestId,
				kind: input.kind,
				plan,
				questionCount: plan.filter((id) => questions.has(id)).length,
				startedAt,
				lastActivityAt: startedAt
			})
			.onConflictDoNothing();
		row = await lockAttempt();
	}
	const mine =
		row &&
		(learner.userId ? row.userId === learner.userId : row.guestId === learner.guestId) &&
		row.moduleId === input.moduleId &&
		row.versionId === input.versionId;
	if (!row || !mine) return reject('learning.attempt_not_found');

	const inPlan = new Set(row.plan);
	const outcomes: AnswerOutcome[] = [];
	let lastAnswerAt = row.lastActivityAt;
	for (const answer of input.answers) {
		const step = steps.get(answer.stepId);
		if (!step || !inPlan.has(answer.stepId) || !isQuestion(step)) {
			outcomes.push({ id: answer.id, stepId: answer.stepId, status: 'rejected', code: 'learning.not_a_question' });
			continue;
		}
		if (!isCompleteResponse(step, answer.response)) {
			outcomes.push({ id: answer.id, stepId: answer.stepId, status: 'rejected', code: 'learning.invalid_response' });
			continue;
		}
		const judgement = judge(step, answer.response);
		const answeredAt = saneTime(answer.answeredAt, now);
		const inserted = await tx
			.insert(learningAnswers)
			.values({
				id: answer.id,
				attemptId: row.id,
				stepId: answer.stepId,
				response: answer.response,
				correct: judgement.correct,
				answeredAt,
				receivedAt: now
			})
			.onConflictDoNothing()
			.returning({ id: learningAnswers.id });
		if (inserted.length) {
			if (answeredAt > lastAnswerAt) lastAnswerAt = answeredAt;
			outcomes.push({ id: answer.id, stepId: answer.stepId, status: 'accepted', judgement });
			continue;
		}
		// Already there: the same answer sent again, or another answer to a step already answered.
		const [kept] = await tx
			.select({ id: learningAnswers.id, attemptId: learningAnswers.attemptId, stepId: learningAnswers.stepId, response: learningAnswers.response })
			.from(learningAnswers)
			.where(
				sql`${learningAnswers.id} = ${answer.id} or (${learningAnswers.attemptId} = ${row.id} and ${learningAnswers.stepId} = ${answer.stepId})`
			)
			.limit(1);
		if (!kept || kept.attemptId !== row.id || kept.stepId !== answer.stepId) {
			outcomes.push({ id: answer.id, stepId: answer.stepId, status: 'rejected', code: 'learning.answer_conflict' });
			continue;
		}
		outcomes.push({ id: answer.id, stepId: answer.stepId, status: 'accepted', judgement: judge(step, kept.response), duplicate: true });
	}

	// Counts recomputed from the answers themselves, in the same statement that stores them.
	const [totals] = await tx
		.update(learningAttempts)
		.set({
			answeredCount: sql`(select count(*) from ${learningAnswers} where ${learningAnswers.attemptId} = ${row.id})`,
			correctCount: sql`(select count(*) from ${learningAnswers} where ${learningAnswers.attemptId} = ${row.id} and ${learningAnswers.correct})`,
			lastActivityAt: lastAnswerAt > row.lastActivityAt ? lastAnswerAt : row.lastActivityAt,
			completedAt: sql`case when ${learningAttempts.completedAt} is null and (select count(*) from ${learningAnswers} where ${learningAnswers.attemptId} = ${row.id}) >= ${learningAttempts.questionCount} then ${now.toISOString()}::timestamptz else ${learningAttempts.completedAt} end`
		})
		.where(eq(learningAttempts.id, row.id))
		.returning({ answered: learningAttempts.answeredCount, correct: learningAttempts.correctCount, completedAt: learningAttempts.completedAt });
	const answered = totals?.answered ?? 0;
	const correct = totals?.correct ?? 0;
	const completes = !row.completedAt && !!totals?.completedAt;
	return {
		attempt: {
			id: row.id,
			status: 'accepted',
			answeredCount: answered,
			correctCount: correct,
			questionCount: row.questionCount,
			completed: completes || !!row.completedAt,
			justCompleted: completes
		},
		answers: outcomes
	};
}

/**
 * At sign-in (or activation), what a guest played on this device becomes the account's. Runs once
 * per guest id; running it again finds nothing to move. Attempts keep their ids, so answers still
 * queued on the device sync into the account afterwards.
 */
export async function claimGuestProgress(deps: Pick<Deps, 'db'>, input: { guestId: string; userId: string }): Promise<number> {
	if (!isUuid(input.guestId) || !isUuid(input.userId)) return 0;
	const moved = await deps.db
		.update(learningAttempts)
		.set({ userId: input.userId, guestId: null })
		.where(and(eq(learningAttempts.guestId, input.guestId), isNull(learningAttempts.userId)))
		.returning({ id: learningAttempts.id });
	return moved.length;
}

/** Guest progress never claimed by an account is deleted GUEST_RETENTION_DAYS after its last activity. */
export async function purgeUnclaimedGuestProgress(db: Database, now: Date): Promise<void> {
	const before = new Date(now.getTime() - GUEST_RETENTION_DAYS * 24 * 3600 * 1000);
	await db.delete(learningAttempts).where(and(isNotNull(learningAttempts.guestId), lt(learningAttempts.lastActivityAt, before)));
}
