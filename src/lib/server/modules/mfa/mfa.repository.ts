import { and, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { mfaRecoveryCodes, totpCredentials } from './mfa.schema';

export type TotpCredential = typeof totpCredentials.$inferSelect;

/**
 * Second-factor data of ONE person. Constructed for the acting user: every query is scoped to
 * `userId` by construction.
 */
export function createMfaRepository({ db, userId }: { db: Database; userId: string }) {
	const mine = eq(totpCredentials.userId, userId);
	const myCodes = eq(mfaRecoveryCodes.userId, userId);

	return {
		async credential(): Promise<TotpCredential | null> {
			const rows = await db.select().from(totpCredentials).where(mine).limit(1);
			return rows[0] ?? null;
		},

		/** Stores a secret waiting for its first code; replaces an older pending one, never a confirmed one. */
		async savePending(secret: string, at: Date): Promise<boolean> {
			const rows = await db
				.insert(totpCredentials)
				.values({ userId, secret, createdAt: at })
				.onConflictDoUpdate({
					target: totpCredentials.userId,
					set: { secret, createdAt: at, lastUsedStep: null },
					setWhere: isNull(totpCredentials.confirmedAt)
				})
				.returning({ userId: totpCredentials.userId });
			return rows.length === 1;
		},

		/** Confirms the pending secret with the step of the first valid code. */
		async confirm(step: number, at: Date): Promise<boolean> {
			const rows = await db
				.update(totpCredentials)
				.set({ confirmedAt: at, lastUsedStep: step })
				.where(and(mine, isNull(totpCredentials.confirmedAt)))
				.returning({ userId: totpCredentials.userId });
			return rows.length === 1;
		},

		/** Starts replacing a confirmed secret (new phone): the current one stays valid meanwhile. */
		async savePendingReplacement(secret: string | null): Promise<void> {
			await db.update(totpCredentials).set({ pendingSecret: secret }).where(and(mine, isNotNull(totpCredentials.confirmedAt)));
		},

		/** Swaps in the replacement secret, with the step of its first valid code. */
		async confirmReplacement(secret: string, step: number, at: Date): Promise<boolean> {
			const rows = await db
				.update(totpCredentials)
				.set({ secret, pendingSecret: null, confirmedAt: at, lastUsedStep: step })
				.where(and(mine, eq(totpCredentials.pendingSecret, secret)))
				.returning({ userId: totpCredentials.userId });
			return rows.length === 1;
		},

		/**
		 * Records that the code of `step` was used. Atomic: false when this step (or a later one)
		 * was already used — a code is never accepted twice, even by two concurrent requests.
		 */
		async consumeStep(step: number): Promise<boolean> {
			const rows = await db
				.update(totpCredentials)
				.set({ lastUsedStep: step })
				.where(
					and(
						mine,
						isNotNull(totpCredentials.confirmedAt),
						or(isNull(totpCredentials.lastUsedStep), lt(totpCredentials.lastUsedStep, step))
					)
				)
				.returning({ userId: totpCredentials.userId });
			return rows.length === 1;
		},

		/** Removes the second factor and its recovery codes. */
		async removeAll(): Promise<void> {
			await db.transaction(async (tx) => {
				await tx.delete(mfaRecoveryCodes).where(myCodes);
				await tx.delete(totpCredentials).where(mine);
			});
		},

		async replaceRecoveryCodes(hashes: string[]): Promise<void> {
			await db.transaction(async (tx) => {
				await tx.delete(mfaRecoveryCodes).where(myCodes);
				if (hashes.length > 0) await tx.insert(mfaRecoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
			});
		},

		/** Burns a recovery code. Atomic: false when unknown or already used. */
		async consumeRecoveryCode(codeHash: string, at: Date): Promise<boolean> {
			const rows = await db
				.update(mfaRecoveryCodes)
				.set({ usedAt: at })
				.where(and(myCodes, eq(mfaRecoveryCodes.codeHash, codeHash), isNull(mfaRecoveryCodes.usedAt)))
				.returning({ id: mfaRecoveryCodes.id });
			return rows.length === 1;
		},

		async recoveryCodesLeft(): Promise<number> {
			const [row] = await db
				.select({ n: count() })
				.from(mfaRecoveryCodes)
				.where(and(myCodes, isNull(mfaRecoveryCodes.usedAt)));
			return Number(row?.n ?? 0);
		}
	};
}

export type MfaRepository = ReturnType<typeof createMfaRepository>;
