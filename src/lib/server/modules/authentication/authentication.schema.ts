import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';

/** A password (scrypt hash in PHC-like format). Optional for youth, required for professionals. */
export const passwordCredentials = pgTable('password_credentials', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	hash: text('hash').notNull(),
	updatedAt: at('updated_at').notNull().defaultNow()
});

/**
 * A secret sent to a person: a 6-digit sign-in code (e-mail or SMS), or a password-reset or
 * e-mail-verification link. Only a hash is stored; attempts are counted.
 */
export const verificationCodes = pgTable(
	'verification_codes',
	{
		id: id(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: ['sign_in', 'password_reset', 'email_verification'] }).notNull(),
		channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
		destination: text('destination').notNull(),
		secretHash: text('secret_hash').notNull(),
		attempts: integer('attempts').notNull().default(0),
		createdAt: createdAt(),
		expiresAt: at('expires_at').notNull(),
		consumedAt: at('consumed_at')
	},
	(t) => [
		index('verification_codes_by_user').on(t.userId, t.purpose),
		uniqueIndex('verification_secret_is_unique')
			.on(t.secretHash)
			.where(sql`${t.purpose} <> 'sign_in'`)
	]
);
