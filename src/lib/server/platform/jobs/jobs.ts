import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Logger } from '../logging/logger';
import { jobs } from './jobs.schema';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

export interface JobQueue {
	enqueue(kind: string, payload?: Record<string, unknown>, options?: { runAt?: Date; maxAttempts?: number }): Promise<number>;
	/** Claims and runs at most one ready job; returns whether one ran. */
	runOnce(): Promise<boolean>;
	/** Polls until `stop()` is called. */
	start(pollMs: number): { stop(): Promise<void> };
}

/**
 * A jobs table polled with `FOR UPDATE SKIP LOCKED`: several processes can poll the same table,
 * each job runs once; a failure is retried later with exponential backoff.
 */
export function createJobQueue(deps: {
	db: Database;
	handlers: Record<string, JobHandler>;
	/** Handlers looked up by kind when `handlers` has none (the registry of module jobs). */
	resolve?: (kind: string) => JobHandler | undefined;
	logger?: Logger;
	now?: () => Date;
}): JobQueue {
	const worker = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
	const now = deps.now ?? (() => new Date());

	/** A job locked longer than this is considered abandoned by a crashed process and claimed again. */
	const LEASE_MS = 10 * 60_000;

	async function claim() {
		const leaseExpired = new Date(now().getTime() - LEASE_MS);
		return deps.db.transaction(async (tx) => {
			const result = await tx.execute<{ id: number; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(sql`
				select id, kind, payload, attempts, max_attempts from jobs
				where done_at is null and run_at <= ${now()} and attempts < max_attempts
				  and (locked_at is null or locked_at < ${leaseExpired})
				order by run_at, id
				limit 1
				for update skip locked`);
			const job = (result as unknown as { rows: { id: number | string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }[] }).rows[0];
			if (!job) return null;
			await tx
				.update(jobs)
				.set({ lockedAt: now(), lockedBy: worker, attempts: job.attempts + 1 })
				.where(eq(jobs.id, Number(job.id)));
			return { ...job, id: Number(job.id), attempts: job.attempts + 1 };
		});
	}

	const queue: JobQueue = {
		async enqueue(kind, payload = {}, options = {}) {
			const [row] = await deps.db
				.insert(jobs)
				.values({ kind, payload, runAt: options.runAt ?? now(), maxAttempts: options.maxAttempts ?? 5 })
				.returning({ id: jobs.id });
			return row!.id;
		},

		async runOnce() {
			const job = await claim();
			if (!job) return false;
			const handler = deps.handlers[job.kind] ?? deps.resolve?.(job.kind);
			try {
				if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
				await handler(job.payload);
				await deps.db.update(jobs).set({ doneAt: now(), lastError: null }).where(eq(jobs.id, job.id));
			} catch (error) {
				const backoffSeconds = Math.min(3600, 5 * 2 ** job.attempts);
				deps.logger?.warn({ err: error, jobId: job.id, kind: job.kind }, 'job failed');
				await deps.db
					.update(jobs)
					.set({
						lockedAt: null,
						lockedBy: null,
						lastError: String((error as Error).message).slice(0, 1000),
						runAt: new Date(now().getTime() + backoffSeconds * 1000)
					})
					.where(eq(jobs.id, job.id));
			}
			return true;
		},

		start(pollMs) {
			let stopped = false;
			let timer: NodeJS.Timeout | null = null;
			let running: Promise<void> = Promise.resolve();
			const tick = async () => {
				if (stopped) return;
				try {
					while (!stopped && (await queue.runOnce()));
				} catch (error) {
					deps.logger?.error({ err: error }, 'job polling failed');
				}
				if (!stopped) timer = setTimeout(() => (running = tick()), pollMs).unref();
			};
			running = tick();
			return {
				async stop() {
					stopped = true;
					if (timer) clearTimeout(timer);
					await running;
				}
			};
		}
	};
	return queue;
}
