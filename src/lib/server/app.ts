import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openPglite, openPostgres, type Database, type DatabaseHandle } from './db/client';
import { runMigrations } from './db/migrate';
import { readConfig, type Config } from './platform/config/config';
import { createJobQueue, ensureRecurringJobsScheduled, registeredJobHandler, type JobQueue } from './platform/jobs';
import { createLogger, type Logger } from './platform/logging/logger';
import { createMailer, createSmsSender, type Mailer, type SmsSender } from './platform/mail';
import { createPushSender, type PushSender } from './platform/push';
import { createRateLimiter, type RateLimiter } from './platform/rate-limit';
import { createSessionStore, type SessionStore } from './platform/session';
import { ensurePurgeScheduled, purgeHandler, PURGE_JOB } from './platform/maintenance/maintenance';

/**
 * Everything a use case may need, built once per process. Modules receive it (or the part they
 * need) as their first argument; tests build it on a test database with `buildDeps`.
 */
export interface Deps {
	config: Config;
	logger: Logger;
	database: DatabaseHandle;
	db: Database;
	now: () => Date;
	mailer: Mailer;
	sms: SmsSender;
	push: PushSender;
	sessions: SessionStore;
	rateLimiter: RateLimiter;
	jobs: JobQueue;
}

/** Wires the platform services on an open database. No I/O besides what the services do lazily. */
export function buildDeps(
	database: DatabaseHandle,
	options: { config?: Config; logger?: Logger; now?: () => Date } = {}
): Deps {
	const config = options.config ?? readConfig();
	const logger = options.logger ?? createLogger(config.logLevel);
	const now = options.now ?? (() => new Date());
	const db = database.db;
	const deps: Deps = {
		config,
		logger,
		database,
		db,
		now,
		mailer: createMailer({ db, smtpUrl: config.smtpUrl, from: config.mailFrom, logger }),
		sms: createSmsSender({ db, provider: config.smsProvider, httpUrl: config.smsHttpUrl, logger }),
		push: createPushSender({ db, vapid: config.push, logger }),
		sessions: createSessionStore({ db, now, sessionDays: config.sessionDays }),
		rateLimiter: createRateLimiter({ db, now }),
		jobs: createJobQueue({
			db,
			handlers: { [PURGE_JOB]: purgeHandler({ db, now, jobs: () => deps.jobs, tidyTables: database.kind === 'pglite' }) },
			resolve: (kind) => registeredJobHandler(deps, kind),
			logger,
			now
		})
	};
	return deps;
}

export async function openDatabase(config: Config): Promise<DatabaseHandle> {
	if (config.databaseUrl) return openPostgres(config.databaseUrl);
	const dir = path.join(config.dataDir, 'pglite');
	mkdirSync(dir, { recursive: true });
	return openPglite(dir);
}

let appPromise: Promise<Deps> | null = null;

/** The application of this process: opens the database, migrates, seeds demo data when asked. */
export function getApp(): Promise<Deps> {
	appPromise ??= (async () => {
		const config = readConfig();
		const logger = createLogger(config.logLevel);
		const started = performance.now();
		const database = await openDatabase(config);
		await runMigrations(database);
		const deps = buildDeps(database, { config, logger });
		// Imported for their registered purges and job handlers, even before first use.
		await import('./platform/realtime');
		await import('./registrations');
		const { loadCatalogue } = await import('./modules/learning');
		await loadCatalogue(deps);
		if (config.demo) {
			const { seedDemo } = await import('./demo/seed');
			await seedDemo(deps);
		}
		const { bootstrapFirstAdmin } = await import('./bootstrap');
		await bootstrapFirstAdmin(deps, config.adminEmail, config.publicUrl ?? 'http://localhost:3000');
		await ensurePurgeScheduled(deps.db, deps.jobs);
		await ensureRecurringJobsScheduled(deps.db, deps.jobs);
		const worker = deps.jobs.start(config.jobsPollMs);
		// adapter-node closes the HTTP server on SIGTERM/SIGINT, then emits this event for cleanup.
		// (Listening to the signals ourselves would keep the process alive.)
		process.once('sveltekit:shutdown', () => void worker.stop().then(() => database.close()));
		logger.info(
			{ database: database.kind, demo: config.demo, ms: Math.round(performance.now() - started) },
			'tremplin ready'
		);
		return deps;
	})();
	return appPromise;
}
