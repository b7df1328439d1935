import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from '../../db/columns';

/**
 * Failed attempts per key ("sign-in:email:…", "sign-in:ip:…", "code:user:…"). Shared by all app
 * processes through the database. Each failure past the free ones doubles the lock.
 */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	windowStartedAt: at('window_started_at').notNull().defaultNow(),
	lockedUntil: at('locked_until')
});
