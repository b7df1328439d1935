import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { can, requireRole, STAFF_ROLES, type Actor } from '$lib/server/platform/access';
import { displayNames, findYouthPlace } from '../accounts';
import { findStructurePlace } from '../structures';
import { buildCredential } from './badges.credential';
import { alreadyRevoked, badgeNotFound, invalidReason, notAchieved, sourceUnavailable, youthNotFound } from './badges.errors';
import { badgeCredentials } from './badges.schema';
import { createDocumentLoader, ensureStructureKey, signDocument } from './badges.signing';
import { ACHIEVEMENT_KINDS, findAchievement, type AchievementKind } from './badges.sources';
import { forbidden } from '$lib/server/platform/errors/errors';

export type BadgeDeps = { db: Database; now: () => Date };
export type BadgeRow = typeof badgeCredentials.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isBadgeId = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/** The youth behind the actor, followed by a Mission Locale (the issuer of their badges). */
export async function youthSelf(db: Database, actor: Actor | null) {
	const a = requireRole(actor, ['youth']);
	const place = await findYouthPlace(db, a.userId);
	if (!place || !can(a, 'write', 'youth_file', { structureId: place.structureId, networkId: null, ownerId: place.id })) throw forbidden();
	return place;
}

/** The youth `youthId` when the actor is staff of the Mission Locale that follows them now (else: not found). */
export async function staffYouth(db: Database, actor: Actor | null, youthId: string) {
	const a = requireRole(actor, STAFF_ROLES);
	const place = await findYouthPlace(db, youthId);
	if (!place || !can(a, 'write', 'youth_file', { structureId: place.structureId, networkId: null, ownerId: place.id })) throw youthNotFound();
	return place;
}

/**
 * Issues the badge of one of the youth's achievements, signed by their Mission Locale. The
 * achievement is asked again from its source (the form only names it). Idempotent: the same
 * achievement gives back the badge already issued (even revoked: a revoked badge is not reissued).
 */
export async function issueBadge(deps: BadgeDeps, actor: Actor | null, input: { kind: unknown; ref: unknown; origin: string }): Promise<BadgeRow> {
	const place = await youthSelf(deps.db, actor);
	const kind = ACHIEVEMENT_KINDS.find((k) => k === input.kind);
	const ref = typeof input.ref === 'string' ? input.ref.trim() : '';
	if (!kind || ref.length === 0 || ref.length > 200) throw notAchieved();
	const existing = await findIssued(deps.db, place.id, kind, ref);
	if (existing) return existing;
	const achievement = await findAchievement(deps, place.id, kind, ref).catch((error: unknown) => {
		throw sourceUnavailable(error);
	});
	if (!achievement) throw notAchieved();
	const structure = await findStructurePlace(deps.db, place.structureId);
	if (!structure) throw notAchieved();
	const now = deps.now();
	const key = await ensureStructureKey(deps.db, structure.id, now);
	const youthName = (await displayNames(deps.db, [place.id])).get(place.id) ?? 'Jeune accompagné·e';
	const badgeId = randomUUID();
	const unsigned = buildCredential({
		origin: input.origin,
		badgeId,
		structure: { id: structure.id, name: structure.name },
		youthName,
		achievement,
		issuedAt: now
	});
	const credential = await signDocument(unsigned, key, {
		origin: input.origin,
		created: now,
		documentLoader: createDocumentLoader(deps.db, [input.origin])
	});
	await deps.db
		.insert(badgeCredentials)
		.values({ id: badgeId, youthId: place.id, structureId: structure.id, kind, ref, name: achievement.name, credential, issuedAt: now })
		.onConflictDoNothing();
	const row = await findIssued(deps.db, place.id, kind, ref);
	if (!row) throw new Error('badge missing after insert');
	return row;
}

async function findIssued(db: Database, youthId: string, kind: AchievementKind, ref: string): Promise<BadgeRow | null> {
	const [row] = await db
		.select()
		.from(badgeCredentials)
		.where(and(eq(badgeCredentials.youthId, youthId), eq(badgeCredentials.kind, kind), eq(badgeCredentials.ref, ref)))
		.limit(1);
	return row ?? null;
}

/**
 * Revokes a badge, with a reason shown on the verification page. Only the staff of the Mission
 * Locale that follows the youth now; anyone else: not found.
 */
export async function revokeBadge(deps: BadgeDeps, actor: Actor | null, input: { badgeId: unknown; reason: unknown }): Promise<BadgeRow> {
	const a = requireRole(actor, STAFF_ROLES);
	if (!isBadgeId(input.badgeId)) throw badgeNotFound();
	const reason = typeof input.reason === 'string' ? input.reason.trim().replace(/\s+/g, ' ') : '';
	return deps.db.transaction(async (tx) => {
		const [row] = await tx.select().from(badgeCredentials).where(eq(badgeCredentials.id, input.badgeId as string)).limit(1).for('update');
		if (!row) throw badgeNotFound();
		try {
			await staffYouth(tx as unknown as Database, a, row.youthId);
		} catch {
			throw badgeNotFound();
		}
		if (reason.length < 3 || reason.length > 300) throw invalidReason();
		if (row.revokedAt) throw alreadyRevoked();
		const [updated] = await tx
			.update(badgeCredentials)
			.set({ revokedAt: deps.now(), revokedBy: a.userId, revocationReason: reason })
			.where(eq(badgeCredentials.id, row.id))
			.returning();
		return updated!;
	});
}
