import { and, asc, eq, isNull, lt, gt, type SQL } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import type { Actor } from '$lib/server/platform/access';
import { passkeys, webauthnChallenges } from './passkeys.schema';

export type PasskeyRow = typeof passkeys.$inferSelect;
export type ChallengePurpose = (typeof webauthnChallenges.$inferSelect)['purpose'];

/** The passkeys of the acting person, and only theirs. */
export function createPasskeysRepository({ db, actor }: { db: Database; actor: Actor }) {
	const mine = (id?: string): SQL =>
		id ? and(eq(passkeys.userId, actor.userId), eq(passkeys.id, id))! : eq(passkeys.userId, actor.userId);

	return {
		async list() {
			return db
				.select({
					id: passkeys.id,
					label: passkeys.label,
					transports: passkeys.transports,
					deviceType: passkeys.deviceType,
					backedUp: passkeys.backedUp,
					createdAt: passkeys.createdAt,
					lastUsedAt: passkeys.lastUsedAt
				})
				.from(passkeys)
				.where(mine())
				.orderBy(asc(passkeys.createdAt));
		},

		async insert(values: Omit<typeof passkeys.$inferInsert, 'userId'>): Promise<void> {
			await db.insert(passkeys).values({ ...values, userId: actor.userId });
		},

		async rename(id: string, label: string): Promise<boolean> {
			const rows = await db.update(passkeys).set({ label }).where(mine(id)).returning({ id: passkeys.id });
			return rows.length > 0;
		},

		async remove(id: string): Promise<boolean> {
			const rows = await db.delete(passkeys).where(mine(id)).returning({ id: passkeys.id });
			return rows.length > 0;
		}
	};
}

/* System-level access, used by sign-in (nobody is signed in yet: the signed answer is the proof). */

export async function findPasskey(db: Database, credentialId: string): Promise<PasskeyRow | null> {
	const rows = await db.select().from(passkeys).where(eq(passkeys.id, credentialId)).limit(1);
	return rows[0] ?? null;
}

/**
 * Stores the new counter only if nobody else has moved it since we read it, so two replays of the
 * same answer cannot both succeed.
 */
export async function recordPasskeyUse(
	db: Database,
	credentialId: string,
	previousCounter: number,
	newCounter: number,
	now: Date
): Promise<boolean> {
	const rows = await db
		.update(passkeys)
		.set({ counter: newCounter, lastUsedAt: now })
		.where(and(eq(passkeys.id, credentialId), eq(passkeys.counter, previousCounter)))
		.returning({ id: passkeys.id });
	return rows.length > 0;
}

export async function storeChallenge(
	db: Database,
	input: { challenge: string; purpose: ChallengePurpose; userId: string | null; now: Date; ttlMs: number }
): Promise<void> {
	// Old challenges are removed as new ones arrive: the table stays tiny without a job.
	await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, input.now));
	await db.insert(webauthnChallenges).values({
		challenge: input.challenge,
		purpose: input.purpose,
		userId: input.userId,
		createdAt: input.now,
		expiresAt: new Date(input.now.getTime() + input.ttlMs)
	});
}

/** Deletes and returns a live challenge: each one can be answered once, by any app process. */
export async function consumeChallenge(
	db: Database,
	input: { challenge: string; purpose: ChallengePurpose; userId: string | null; now: Date }
): Promise<boolean> {
	const rows = await db
		.delete(webauthnChallenges)
		.where(
			and(
				eq(webauthnChallenges.challenge, input.challenge),
				eq(webauthnChallenges.purpose, input.purpose),
				input.userId ? eq(webauthnChallenges.userId, input.userId) : isNull(webauthnChallenges.userId),
				gt(webauthnChallenges.expiresAt, input.now)
			)
		)
		.returning({ id: webauthnChallenges.id });
	return rows.length > 0;
}
