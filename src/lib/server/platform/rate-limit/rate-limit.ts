import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { DomainError } from '../errors/errors';
import { rateLimitBuckets } from './rate-limit.schema';

export interface RateLimitPolicy {
	/** Failures allowed before any lock. */
	freeFailures: number;
	/** First lock, doubled at every further failure. */
	baseLockSeconds: number;
	maxLockSeconds: number;
	/** Failures older than this are forgotten. */
	windowSeconds: number;
}

export const SIGN_IN_POLICY: RateLimitPolicy = {
	freeFailures: 5,
	baseLockSeconds: 30,
	maxLockSeconds: 3600,
	windowSeconds: 3600
};
export const CODE_POLICY: RateLimitPolicy = {
	freeFailures: 3,
	baseLockSeconds: 60,
	maxLockSeconds: 3600,
	windowSeconds: 3600
};
/** For sending codes and links: a few per hour per destination. */
export const SEND_POLICY: RateLimitPolicy = {
	freeFailures: 3,
	baseLockSeconds: 300,
	maxLockSeconds: 3600,
	windowSeconds: 3600
};

export interface RateLimiter {
	/** Throws `rate_limited` while one of the keys is locked. */
	check(keys: string[]): Promise<void>;
	/** Counts a failure (or a use, for send limits) on each key and locks progressively. */
	hit(keys: string[], policy: RateLimitPolicy): Promise<void>;
	reset(keys: string[]): Promise<void>;
	/**
	 * `check` then `hit` on one key, atomically and in one statement (rate-limit.routines.sql): throws
	 * `rate_limited` while the key is locked (that try is not counted), else counts the use.
	 */
	consume(key: string, policy: RateLimitPolicy): Promise<void>;
}

/** The seconds to wait before `key` may be used again (0: allowed and counted), in one statement. */
export async function consumeRateLimit(db: Database, key: string, policy: RateLimitPolicy, at: Date): Promise<number> {
	const result = await db.execute<{ wait: number }>(
		sql`select rate_limit_consume(${key}, ${policy.freeFailures}, ${policy.baseLockSeconds}, ${policy.maxLockSeconds}, ${policy.windowSeconds}, ${at.toISOString()}::timestamptz) as wait`
	);
	const [row] = (result as unknown as { rows: { wait: number }[] }).rows;
	return Number(row?.wait ?? 0);
}

export function createRateLimiter(deps: { db: Database; now: () => Date }): RateLimiter {
	const { db, now } = deps;
	return {
		async check(keys) {
			if (keys.length === 0) return;
			const rows = await db
				.select({ lockedUntil: rateLimitBuckets.lockedUntil })
				.from(rateLimitBuckets)
				.where(sql`${rateLimitBuckets.key} in ${keys}`);
			const current = now().getTime();
			const wait = Math.max(0, ...rows.map((r) => (r.lockedUntil ? r.lockedUntil.getTime() - current : 0)));
			if (wait > 0) {
				throw new DomainError('rate_limited', 'rate_limited', { retryAfterSeconds: Math.ceil(wait / 1000) });
			}
		},

		async hit(keys, policy) {
			// The formula is rate_limit_count's (rate-limit.routines.sql), shared with `consume`:
			// one atomic statement per key, so concurrent failures on several processes all count.
			const at = now().toISOString();
			for (const key of keys) {
				await db.execute(
					sql`select rate_limit_count(${key}, ${policy.freeFailures}, ${policy.baseLockSeconds}, ${policy.maxLockSeconds}, ${policy.windowSeconds}, ${at}::timestamptz, true)`
				);
			}
		},

		async consume(key, policy) {
			const wait = await consumeRateLimit(db, key, policy, now());
			if (wait > 0) throw new DomainError('rate_limited', 'rate_limited', { retryAfterSeconds: wait });
		},

		async reset(keys) {
			if (keys.length === 0) return;
			await db.delete(rateLimitBuckets).where(sql`${rateLimitBuckets.key} in ${keys}`);
		}
	};
}
