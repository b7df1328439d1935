import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt } from '../../db/columns';

/** Background jobs, claimed with FOR UPDATE SKIP LOCKED so that several processes can share them. */
export const jobs = pgTable(
	'jobs',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		kind: text('kind').notNull(),
		payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
		runAt: at('run_at').notNull().defaultNow(),
		attempts: integer('attempts').notNull().default(0),
		maxAttempts: integer('max_attempts').notNull().default(5),
		lockedAt: at('locked_at'),
		lockedBy: text('locked_by'),
		lastError: text('last_error'),
		doneAt: at('done_at'),
		createdAt: createdAt()
	},
	(t) => [index('jobs_ready').on(t.runAt).where(sql`done_at is null`)]
);


