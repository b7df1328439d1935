import { bigint, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt } from '../../db/columns';
import { users } from '../accounts/accounts.schema';

/** A TOTP second factor (RFC 6238). `confirmedAt` is set once the user has typed a first valid code. */
export const totpCredentials = pgTable('totp_credentials', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	secret: text('secret').notNull(),
	confirmedAt: at('confirmed_at'),
	/** The last accepted time step: a code is never accepted twice. */
	lastUsedStep: bigint('last_used_step', { mode: 'number' }),
	createdAt: createdAt()
});
