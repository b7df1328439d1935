import { bigint, boolean, customType, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/** A WebAuthn credential (passkey). */
export const passkeys = pgTable(
	'passkeys',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		publicKey: bytea('public_key').notNull(),
		counter: bigint('counter', { mode: 'number' }).notNull().default(0),
		transports: jsonb('transports').$type<string[]>().notNull().default([]),
		deviceType: text('device_type').notNull(),
		backedUp: boolean('backed_up').notNull().default(false),
		label: text('label').notNull(),
		createdAt: createdAt(),
		lastUsedAt: at('last_used_at')
	},
	(t) => [index('passkeys_by_user').on(t.userId)]
);

/** A WebAuthn challenge waiting for its answer (kept in the database so that any app process can check it). */
export const webauthnChallenges = pgTable('webauthn_challenges', {
	id: id(),
	challenge: text('challenge').notNull(),
	purpose: text('purpose', { enum: ['registration', 'authentication'] }).notNull(),
	userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
	createdAt: createdAt(),
	expiresAt: at('expires_at').notNull()
});
