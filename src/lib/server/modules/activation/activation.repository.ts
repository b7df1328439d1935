import { and, desc, eq, gt, isNull, type SQL } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import type { Actor } from '$lib/server/platform/access';
import { activationCodes } from './activation.schema';

export type ActivationCodeRow = typeof activationCodes.$inferSelect;

/**
 * Activation codes as one professional sees them: a counselor sees the codes they created, a
 * structure manager every code of their structure. Nobody sees another structure's codes.
 */
export function createActivationCodesRepository({ db, actor }: { db: Database; actor: Actor }) {
	function scope(): SQL {
		const structureId = actor.structureId ?? '00000000-0000-0000-0000-000000000000';
		const inStructure = eq(activationCodes.structureId, structureId);
		if (actor.role === 'structure_manager') return inStructure;
		return and(inStructure, eq(activationCodes.counselorId, actor.userId))!;
	}

	return {
		async insert(values: {
			codeHash: string;
			youthFirstName: string;
			youthLastName: string;
			expiresAt: Date;
			createdAt: Date;
		}): Promise<ActivationCodeRow> {
			const [row] = await db
				.insert(activationCodes)
				.values({ ...values, structureId: actor.structureId!, counselorId: actor.userId })
				.returning();
			return row!;
		},

		async list(limit = 200) {
			return db
				.select({
					id: activationCodes.id,
					youthFirstName: activationCodes.youthFirstName,
					youthLastName: activationCodes.youthLastName,
					counselorId: activationCodes.counselorId,
					youthUserId: activationCodes.youthUserId,
					createdAt: activationCodes.createdAt,
					expiresAt: activationCodes.expiresAt,
					usedAt: activationCodes.usedAt,
					revokedAt: activationCodes.revokedAt
				})
				.from(activationCodes)
				.where(scope())
				.orderBy(desc(activationCodes.createdAt))
				.limit(limit);
		},

		async findById(id: string): Promise<ActivationCodeRow | null> {
			if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
			const rows = await db
				.select()
				.from(activationCodes)
				.where(and(scope(), eq(activationCodes.id, id)))
				.limit(1);
			return rows[0] ?? null;
		},

		/** Revokes a code that is still pending; returns false when it was not (used, revoked, expired). */
		async revokePending(id: string, now: Date): Promise<boolean> {
			const rows = await db
				.update(activationCodes)
				.set({ revokedAt: now })
				.where(
					and(
						scope(),
						eq(activationCodes.id, id),
						isNull(activationCodes.usedAt),
						isNull(activationCodes.revokedAt),
						gt(activationCodes.expiresAt, now)
					)
				)
				.returning({ id: activationCodes.id });
			return rows.length > 0;
		}
	};
}

const usable = (hash: string, now: Date) =>
	and(
		eq(activationCodes.codeHash, hash),
		isNull(activationCodes.usedAt),
		isNull(activationCodes.revokedAt),
		gt(activationCodes.expiresAt, now)
	);

/**
 * For the person holding a code (no account yet): the code is the proof. These two functions are
 * the only reads/writes by code hash.
 */
export async function findUsableCode(db: Database, hash: string, now: Date): Promise<ActivationCodeRow | null> {
	const rows = await db.select().from(activationCodes).where(usable(hash, now)).limit(1);
	return rows[0] ?? null;
}

/**
 * Marks a usable code as used and returns it, or null. A single conditional UPDATE: with two
 * concurrent activations, PostgreSQL lets exactly one of them match the row.
 */
export async function claimCode(db: Database, hash: string, now: Date): Promise<ActivationCodeRow | null> {
	const rows = await db.update(activationCodes).set({ usedAt: now }).where(usable(hash, now)).returning();
	return rows[0] ?? null;
}

export async function attachYouth(db: Database, codeId: string, youthUserId: string): Promise<void> {
	await db.update(activationCodes).set({ youthUserId }).where(eq(activationCodes.id, codeId));
}
