import { and, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { JobQueue } from '../jobs';
import { jobs } from '../jobs/jobs.schema';
import { rateLimitBuckets } from '../rate-limit/rate-limit.schema';
import { sessions } from '../session/session.schema';

export const PURGE_JOB = 'platform.purge';
const EVERY_MS = 3600_000;

type Purge = (db: Database, now: Date) => Promise<void>;
const modulePurges: Purge[] = [];

/** Modules add what they must delete over time (e.g. guest progress never claimed). */
export function registerPurge(purge: Purge): void {
	if (!modulePurges.includes(purge)) modulePurges.push(purge);
}

/** Deletes what has expired: sessions, old rate-limit counters, finished jobs older than a week, and what modules registered. */
export async function purgeExpired(db: Database, now: Date): Promise<void> {
	for (const purge of modulePurges) await purge(db, now);
	await db.delete(sessions).where(lt(sessions.expiresAt, now));
	const dayAgo = new Date(now.getTime() - 24 * 3600_000);
	await db
		.delete(rateLimitBuckets)
		.where(
			and(
				lt(rateLimitBuckets.windowStartedAt, dayAgo),
				or(isNull(rateLimitBuckets.lockedUntil), lt(rateLimitBuckets.lockedUntil, now))
			)
		);
	await db.delete(jobs).where(and(isNotNull(jobs.doneAt), lt(jobs.doneAt, new Date(now.getTime() - 7 * 24 * 3600_000))));
}

/**
 * The embedded database (PGlite) has no autovacuum: without this, its planner never gets table
 * statistics (a join it misjudges can take minutes instead of milliseconds — see bench:push in
 * docs/BENCHMARKS.md) and dead rows of updated tables are never reclaimed. Every table, one
 * statement: ≈ 0.5 s for 20,000 youth and 140,000 messages. PostgreSQL's autovacuum does it there.
 */
export async function vacuumAndAnalyze(db: Database): Promise<void> {
	await db.execute(sql`vacuum (analyze)`);
}

/**
 * The purge job runs every hour and schedules its next run; with `tidyTables` (the embedded
 * database), it also vacuums and analyses the tables.
 */
export function purgeHandler(deps: { db: Database; now: () => Date; jobs: () => JobQueue; tidyTables?: boolean }) {
	return async () => {
		await purgeExpired(deps.db, deps.now());
		if (deps.tidyTables) await vacuumAndAnalyze(deps.db);
		await deps.jobs().enqueue(PURGE_JOB, {}, { runAt: new Date(deps.now().getTime() + EVERY_MS) });
	};
}

/** Makes sure one purge job is waiting (at start-up; several processes may race, a duplicate is harmless). */
export async function ensurePurgeScheduled(db: Database, queue: JobQueue): Promise<void> {
	const pending = await db
		.select({ id: jobs.id })
		.from(jobs)
		.where(and(sql`${jobs.kind} = ${PURGE_JOB}`, isNull(jobs.doneAt)))
		.limit(1);
	if (pending.length === 0) await queue.enqueue(PURGE_JOB);
}
