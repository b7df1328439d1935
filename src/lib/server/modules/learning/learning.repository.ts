import { and, desc, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { ModuleContent } from '$lib/learning/content';
import type { Database } from '$lib/server/db/client';
import type { Actor } from '$lib/server/platform/access';
import { learningAnswers, learningAttempts, learningModules, learningModuleVersions } from './learning.schema';

/**
 * Who is playing. A signed-in person (`actor`), or a guest known by the random id of the cookie of
 * their browser. Both null: an anonymous visitor who has not played yet (no progress).
 */
export interface Viewer {
	actor: Actor | null;
	guestId: string | null;
}

export type Learner = { userId: string; guestId: null } | { userId: null; guestId: string };

export function learnerOf(viewer: Viewer): Learner | null {
	if (viewer.actor) return { userId: viewer.actor.userId, guestId: null };
	if (viewer.guestId) return { userId: null, guestId: viewer.guestId };
	return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export interface PublishedModule {
	id: string;
	slug: string;
	scope: 'structure' | 'network' | 'everyone';
	ownerStructureId: string | null;
	ownerNetworkId: string | null;
	versionId: string;
	versionNumber: number;
	questionCount: number;
	content: ModuleContent;
}

export type AttemptRow = typeof learningAttempts.$inferSelect;
export type AnswerRow = typeof learningAnswers.$inferSelect;

/** The published modules a viewer may play: Tremplin's and everyone's, their network's, their structure's. */
export function visibleTo(viewer: Viewer): SQL {
	const parts: SQL[] = [eq(learningModules.scope, 'everyone')];
	const structureId = viewer.actor?.structureId;
	const networkId = viewer.actor?.networkId;
	if (networkId) parts.push(and(eq(learningModules.scope, 'network'), eq(learningModules.ownerNetworkId, networkId))!);
	if (structureId) parts.push(and(eq(learningModules.scope, 'structure'), eq(learningModules.ownerStructureId, structureId))!);
	return and(eq(learningModules.status, 'published'), isNotNull(learningModules.publishedVersionId), or(...parts))!;
}

const publishedColumns = {
	id: learningModules.id,
	slug: learningModules.slug,
	scope: learningModules.scope,
	ownerStructureId: learningModules.ownerStructureId,
	ownerNetworkId: learningModules.ownerNetworkId,
	versionId: learningModuleVersions.id,
	versionNumber: learningModuleVersions.number,
	questionCount: learningModuleVersions.questionCount,
	content: learningModuleVersions.content
};

/**
 * Versions never change once published: their content (a few KB of JSON, read for every answer
 * recorded) is kept in a small per-process cache. Visibility is still checked by the query.
 */
const contentCache = new Map<string, ModuleContent>();
const CONTENT_CACHE_SIZE = 200;

async function versionContent(db: Database, versionId: string): Promise<ModuleContent> {
	const cached = contentCache.get(versionId);
	if (cached) return cached;
	const [row] = await db
		.select({ content: learningModuleVersions.content })
		.from(learningModuleVersions)
		.where(eq(learningModuleVersions.id, versionId));
	const content = row!.content;
	if (contentCache.size >= CONTENT_CACHE_SIZE) contentCache.delete(contentCache.keys().next().value!);
	contentCache.set(versionId, content);
	return content;
}

/**
 * Data access for one viewer: modules are filtered by what they may see, attempts and answers by
 * who they are. Nothing here returns another learner's progress.
 */
export function createLearningRepository({ db, viewer }: { db: Database; viewer: Viewer }) {
	const learner = learnerOf(viewer);
	const ownedBy = (): SQL =>
		learner?.userId
			? eq(learningAttempts.userId, learner.userId)
			: learner?.guestId
				? eq(learningAttempts.guestId, learner.guestId)
				: sql`false`;

	return {
		learner,

		async listPublished(): Promise<PublishedModule[]> {
			return db
				.select(publishedColumns)
				.from(learningModules)
				.innerJoin(learningModuleVersions, eq(learningModuleVersions.id, learningModules.publishedVersionId))
				.where(visibleTo(viewer))
				.orderBy(learningModules.createdAt, learningModules.slug);
		},

		async findPublishedBySlug(slug: string): Promise<PublishedModule | null> {
			if (typeof slug !== 'string' || !/^[a-z0-9-]{1,80}$/.test(slug)) return null;
			const rows = await db
				.select(publishedColumns)
				.from(learningModules)
				.innerJoin(learningModuleVersions, eq(learningModuleVersions.id, learningModules.publishedVersionId))
				.where(and(eq(learningModules.slug, slug), visibleTo(viewer)))
				.limit(1);
			return rows[0] ?? null;
		},

		/** A version (current or older) of a module the viewer may play. */
		async findVersion(moduleId: string, versionId: string) {
			if (!isUuid(moduleId) || !isUuid(versionId)) return null;
			const rows = await db
				.select({
					moduleId: learningModules.id,
					slug: learningModules.slug,
					versionId: learningModuleVersions.id,
					number: learningModuleVersions.number,
					questionCount: learningModuleVersions.questionCount
				})
				.from(learningModuleVersions)
				.innerJoin(learningModules, eq(learningModules.id, learningModuleVersions.moduleId))
				.where(and(eq(learningModuleVersions.id, versionId), eq(learningModules.id, moduleId), visibleTo(viewer)))
				.limit(1);
			const found = rows[0];
			if (!found) return null;
			return { ...found, content: await versionContent(db, versionId) };
		},

		async findAttempt(attemptId: string): Promise<AttemptRow | null> {
			if (!learner || !isUuid(attemptId)) return null;
			const rows = await db
				.select()
				.from(learningAttempts)
				.where(and(eq(learningAttempts.id, attemptId), ownedBy()))
				.limit(1);
			return rows[0] ?? null;
		},

		async listAttempts(): Promise<AttemptRow[]> {
			if (!learner) return [];
			return db.select().from(learningAttempts).where(ownedBy()).orderBy(desc(learningAttempts.lastActivityAt));
		},

		/** Every answer of the learner, with the module it belongs to (for XP, series and reviews). */
		async listAnswers(): Promise<(Pick<AnswerRow, 'attemptId' | 'stepId' | 'correct' | 'answeredAt'> & { moduleId: string })[]> {
			if (!learner) return [];
			return db
				.select({
					attemptId: learningAnswers.attemptId,
					stepId: learningAnswers.stepId,
					correct: learningAnswers.correct,
					answeredAt: learningAnswers.answeredAt,
					moduleId: learningAttempts.moduleId
				})
				.from(learningAnswers)
				.innerJoin(learningAttempts, eq(learningAttempts.id, learningAnswers.attemptId))
				.where(ownedBy())
				.orderBy(learningAnswers.answeredAt);
		},

		async answersOf(attemptIds: string[]): Promise<AnswerRow[]> {
			const ids = attemptIds.filter(isUuid);
			if (!learner || ids.length === 0) return [];
			return db
				.select({
					id: learningAnswers.id,
					attemptId: learningAnswers.attemptId,
					stepId: learningAnswers.stepId,
					response: learningAnswers.response,
					correct: learningAnswers.correct,
					answeredAt: learningAnswers.answeredAt,
					receivedAt: learningAnswers.receivedAt
				})
				.from(learningAnswers)
				.innerJoin(learningAttempts, eq(learningAttempts.id, learningAnswers.attemptId))
				.where(and(inArray(learningAnswers.attemptId, ids), ownedBy()))
				.orderBy(learningAnswers.answeredAt);
		}
	};
}

export type LearningRepository = ReturnType<typeof createLearningRepository>;
