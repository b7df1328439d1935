import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { ROLES, users } from '../accounts/accounts.schema';
import { networks, sites, structures } from '../structures/structures.schema';

/** An invitation for a professional to join a structure or a network. Only a hash of the token is stored. */
export const staffInvitations = pgTable(
	'staff_invitations',
	{
		id: id(),
		email: text('email').notNull(),
		firstName: text('first_name').notNull(),
		lastName: text('last_name').notNull().default(''),
		role: text('role', { enum: ROLES }).notNull(),
		structureId: uuid('structure_id').references(() => structures.id, { onDelete: 'cascade' }),
		siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
		networkId: uuid('network_id').references(() => networks.id, { onDelete: 'cascade' }),
		invitedById: uuid('invited_by_id').references(() => users.id, { onDelete: 'set null' }),
		tokenHash: text('token_hash').notNull(),
		createdAt: createdAt(),
		expiresAt: at('expires_at').notNull(),
		acceptedAt: at('accepted_at'),
		revokedAt: at('revoked_at')
	},
	(t) => [
		uniqueIndex('staff_invitation_token_is_unique').on(t.tokenHash),
		index('staff_invitations_by_structure').on(t.structureId)
	]
);
