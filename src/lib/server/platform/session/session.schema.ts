import { boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt } from '../../db/columns';
import { users } from '../../modules/accounts/accounts.schema';

/** A signed-in device. The primary key is the SHA-256 of the cookie's token: a database leak gives no usable session. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		method: text('method', {
			enum: ['password', 'passkey', 'code', 'activation', 'invitation', 'reset']
		}).notNull(),
		/** False while a second factor is still expected. */
		mfaSatisfied: boolean('mfa_satisfied').notNull().default(true),
		userAgent: text('user_agent'),
		createdAt: createdAt(),
		lastSeenAt: at('last_seen_at').notNull().defaultNow(),
		expiresAt: at('expires_at').notNull()
	},
	(t) => [index('sessions_by_user').on(t.userId)]
);
