import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { passwordCredentials, verificationCodes } from './authentication.schema';

export type CodePurpose = (typeof verificationCodes.$inferSelect)['purpose'];
export type CodeChannel = (typeof verificationCodes.$inferSelect)['channel'];
export type VerificationCode = typeof verificationCodes.$inferSelect;

/**
 * Data access for secrets that prove who someone is: password hashes and one-time codes or links.
 * It is system-level on purpose: before sign-in there is no actor yet. The use cases of this module
 * decide who may do what (a proven identity, a valid code); routes never use this repository.
 */
export function createAuthenticationRepository(db: Database) {
	return {
		async findPasswordHash(userId: string): Promise<string | null> {
			const rows = await db
				.select({ hash: passwordCredentials.hash })
				.from(passwordCredentials)
				.where(eq(passwordCredentials.userId, userId))
				.limit(1);
			return rows[0]?.hash ?? null;
		},

		async setPasswordHash(userId: string, hash: string, at: Date): Promise<void> {
			await db
				.insert(passwordCredentials)
				.values({ userId, hash, updatedAt: at })
				.onConflictDoUpdate({ target: passwordCredentials.userId, set: { hash, updatedAt: at } });
		},

		async insertCode(input: {
			userId: string;
			purpose: CodePurpose;
			channel: CodeChannel;
			destination: string;
			secretHash: string;
			createdAt: Date;
			expiresAt: Date;
		}): Promise<void> {
			await db.insert(verificationCodes).values(input);
		},

		/** Marks every unused code of this purpose as used (a new code replaces the old ones). */
		async consumeAll(userId: string, purpose: CodePurpose, at: Date): Promise<void> {
			await db
				.update(verificationCodes)
				.set({ consumedAt: at })
				.where(
					and(
						eq(verificationCodes.userId, userId),
						eq(verificationCodes.purpose, purpose),
						isNull(verificationCodes.consumedAt)
					)
				);
		},

		/** The newest sign-in code still usable for this person and destination. */
		async findActiveSignInCode(userId: string, destination: string, at: Date): Promise<VerificationCode | null> {
			const rows = await db
				.select()
				.from(verificationCodes)
				.where(
					and(
						eq(verificationCodes.userId, userId),
						eq(verificationCodes.purpose, 'sign_in'),
						eq(verificationCodes.destination, destination),
						isNull(verificationCodes.consumedAt),
						gt(verificationCodes.expiresAt, at)
					)
				)
				.orderBy(desc(verificationCodes.createdAt))
				.limit(1);
			return rows[0] ?? null;
		},

		/** A link (reset, verification) by the hash of its secret, whatever its state. */
		async findBySecretHash(purpose: CodePurpose, secretHash: string): Promise<VerificationCode | null> {
			const rows = await db
				.select()
				.from(verificationCodes)
				.where(and(eq(verificationCodes.purpose, purpose), eq(verificationCodes.secretHash, secretHash)))
				.limit(1);
			return rows[0] ?? null;
		},

		/**
		 * Takes one of the `max` attempts of a code, atomically: returns false when none is left (or
		 * the code is already used), so parallel guesses can never exceed the limit.
		 */
		async claimAttempt(id: string, max: number): Promise<boolean> {
			const rows = await db
				.update(verificationCodes)
				.set({ attempts: sql`${verificationCodes.attempts} + 1` })
				.where(
					and(
						eq(verificationCodes.id, id),
						isNull(verificationCodes.consumedAt),
						lt(verificationCodes.attempts, max)
					)
				)
				.returning({ attempts: verificationCodes.attempts });
			return rows.length === 1;
		},

		/** Uses a code once: true only for the one caller that flips it (safe under concurrency). */
		async consume(id: string, at: Date): Promise<boolean> {
			const rows = await db
				.update(verificationCodes)
				.set({ consumedAt: at })
				.where(and(eq(verificationCodes.id, id), isNull(verificationCodes.consumedAt)))
				.returning({ id: verificationCodes.id });
			return rows.length === 1;
		}
	};
}

export type AuthenticationRepository = ReturnType<typeof createAuthenticationRepository>;
