import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, bytea, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';
import { structures } from '../structures/structures.schema';

export const BADGE_KIND_VALUES = ['learning_module', 'diagnostic_area', 'soft_skill'] as const;

/**
 * The signing key of a Mission Locale (Ed25519), created at its first issuance. The private key is
 * PKCS#8 DER; the public key is published as a Multikey at `/badges/cles/<structureId>`.
 */
export const badgeKeys = pgTable('badge_keys', {
	structureId: uuid('structure_id')
		.primaryKey()
		.references(() => structures.id, { onDelete: 'cascade' }),
	publicKeyMultibase: text('public_key_multibase').notNull(),
	privateKeyPkcs8: bytea('private_key_pkcs8').notNull(),
	createdAt: createdAt()
});

/**
 * A signed Open Badges 3.0 credential issued to a youth by their Mission Locale: one per youth and
 * achievement (kind + ref). The signed JSON is kept as issued; revocation is recorded here and
 * checked by Tremplin's verification (the credential id is its public page).
 */
export const badgeCredentials = pgTable(
	'badge_credentials',
	{
		id: id(),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: BADGE_KIND_VALUES }).notNull(),
		ref: text('ref').notNull(),
		name: text('name').notNull(),
		credential: jsonb('credential').$type<Record<string, unknown>>().notNull(),
		issuedAt: createdAt(),
		revokedAt: at('revoked_at'),
		revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
		revocationReason: text('revocation_reason')
	},
	(t) => [
		uniqueIndex('badge_credentials_one_per_achievement').on(t.youthId, t.kind, t.ref),
		index('badge_credentials_by_structure').on(t.structureId, t.issuedAt),
		check('badge_ref_length', sql`char_length(${t.ref}) between 1 and 200`),
		check('badge_revocation_reason', sql`(${t.revokedAt} is null) = (${t.revocationReason} is null)`)
	]
);
