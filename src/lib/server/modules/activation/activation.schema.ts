import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';
import { structures } from '../structures/structures.schema';

/**
 * An activation code handed by a counselor to a youth met in person. Entering or scanning it
 * creates the youth's account, attached to that counselor. Only a hash of the code is stored.
 */
export const activationCodes = pgTable(
	'activation_codes',
	{
		id: id(),
		codeHash: text('code_hash').notNull(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		counselorId: uuid('counselor_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		youthFirstName: text('youth_first_name').notNull(),
		youthLastName: text('youth_last_name').notNull().default(''),
		youthUserId: uuid('youth_user_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		expiresAt: at('expires_at').notNull(),
		usedAt: at('used_at'),
		revokedAt: at('revoked_at')
	},
	(t) => [
		uniqueIndex('activation_code_hash_is_unique').on(t.codeHash),
		index('activation_codes_by_structure').on(t.structureId, t.createdAt)
	]
);
