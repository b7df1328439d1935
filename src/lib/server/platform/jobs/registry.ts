import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import type { Mailer, SmsSender } from '../mail';
import type { PushSender } from '../push/push';
import type { JobHandler, JobQueue } from './jobs';
import { jobs } from './jobs.schema';

/** What a module's job handler may use (a subset of the application's Deps). */
export interface JobDeps {
	config: Config;
	logger: Logger;
	db: Database;
	now: () => Date;
	mailer: Mailer;
	sms: SmsSender;
	push: PushSender;
	jobs: JobQueue;
}

export type JobHandlerFactory = (deps: JobDeps) => JobHandler;

interface Registration {
	factory: JobHandlerFactory;
	/** Recurring jobs: one pending run is kept scheduled (the handler enqueues its next run). */
	recurring: boolean;
}

const registry = new Map<string, Registration>();

/**
 * Registers the handler of a kind of job, at module load time (like `registerPurge`). Modules are
 * imported by `getApp()` before the worker starts; a job whose kind has no handler is retried later.
 */
export function registerJobHandler(kind: string, factory: JobHandlerFactory, options: { recurring?: boolean } = {}): void {
	registry.set(kind, { factory, recurring: options.recurring ?? false });
}

/**
 * Registers a recurring job: `work` runs (what it returns, a count, is logged with `message` when
 * above 0), then the next run is scheduled `everyMs` later — also after a failure. Returns the
 * handler factory, for tests.
 */
export function registerRecurringJob(
	kind: string,
	everyMs: number,
	work: (deps: JobDeps) => Promise<number>,
	message: string
): (deps: JobDeps) => () => Promise<void> {
	const factory = (deps: JobDeps) => async () => {
		try {
			const count = await work(deps);
			if (count > 0) deps.logger.info({ job: kind, count }, message);
		} finally {
			await deps.jobs.enqueue(kind, {}, { runAt: new Date(deps.now().getTime() + everyMs) });
		}
	};
	registerJobHandler(kind, factory, { recurring: true });
	return factory;
}

/** Looks up the handler of a kind of job, built on the given deps. */
export function registeredJobHandler(deps: JobDeps, kind: string): JobHandler | undefined {
	return registry.get(kind)?.factory(deps);
}

/** Makes sure every recurring job has one pending run (at start-up; a duplicate from a race is harmless). */
export async function ensureRecurringJobsScheduled(db: Database, queue: JobQueue): Promise<void> {
	for (const [kind, registration] of registry) {
		if (!registration.recurring) continue;
		const pending = await db
			.select({ id: jobs.id })
			.from(jobs)
			.where(and(eq(jobs.kind, kind), isNull(jobs.doneAt)))
			.limit(1);
		if (pending.length === 0) await queue.enqueue(kind);
	}
}
