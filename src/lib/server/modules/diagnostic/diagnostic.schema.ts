import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, uuid } from 'drizzle-orm/pg-core';
import { at, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';
import type { AreaResult, ScoredAnswer } from './diagnostic.scoring';

/**
 * One take of the digital-skills diagnostic, by a youth or by a guest known only by the random id
 * of their browser's cookie (moved to the account at sign-in). Answers are scored on the server when
 * given; `results` (score and level per area) is written once every item is answered.
 */
export const diagnosticAttempts = pgTable(
	'diagnostic_attempts',
	{
		id: id(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
		guestId: uuid('guest_id'),
		contentVersion: integer('content_version').notNull(),
		answers: jsonb('answers').$type<Record<string, ScoredAnswer & { answeredAt: string }>>().notNull().default({}),
		results: jsonb('results').$type<AreaResult[]>(),
		startedAt: at('started_at').notNull().defaultNow(),
		lastActivityAt: at('last_activity_at').notNull().defaultNow(),
		completedAt: at('completed_at')
	},
	(t) => [
		index('diagnostic_attempts_by_user').on(t.userId, t.completedAt),
		index('diagnostic_attempts_by_guest').on(t.guestId),
		check('diagnostic_attempt_has_one_owner', sql`(${t.userId} is null) <> (${t.guestId} is null)`)
	]
);
