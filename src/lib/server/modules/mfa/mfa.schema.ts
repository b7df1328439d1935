import { bigint, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';

/** A TOTP second factor (RFC 6238). `confirmedAt` is set once the user has typed a first valid code. */
export const totpCredentials = pgTable('totp_credentials', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	secret: text('secret').notNull(),
	confirmedAt: at('confirmed_at'),
	/** A new phone being set up: replaces `secret` once its first code is typed; the old one works until then. */
	pendingSecret: text('pending_secret'),
	/** The last accepted time step: a code is never accepted twice. */
	lastUsedStep: bigint('last_used_step', { mode: 'number' }),
	createdAt: createdAt()
});

/**
 * Single-use recovery codes, given once when the second factor is confirmed. Only a SHA-256 of
 * each code is kept (the codes are random, ~50 bits: no slow hash needed); `usedAt` burns a code.
 */
export const mfaRecoveryCodes = pgTable(
	'mfa_recovery_codes',
	{
		id: id(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		usedAt: at('used_at'),
		createdAt: createdAt()
	},
	(t) => [
		index('mfa_recovery_codes_by_user').on(t.userId),
		uniqueIndex('recovery_code_is_unique_per_user').on(t.userId, t.codeHash)
	]
);
