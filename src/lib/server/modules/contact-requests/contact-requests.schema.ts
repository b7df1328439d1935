import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';
import { structures } from '../structures/structures.schema';

export const CONTACT_REQUEST_STATUSES = ['new', 'assigned', 'contacted', 'converted', 'closed'] as const;
export type ContactRequestStatus = (typeof CONTACT_REQUEST_STATUSES)[number];

export const PREFERRED_TIMES = ['matin', 'midi', 'apres-midi', 'soir', 'peu-importe'] as const;
export type PreferredTime = (typeof PREFERRED_TIMES)[number];

export const CLOSE_REASONS = ['no_follow_up', 'unreachable', 'out_of_area', 'duplicate', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/**
 * "Aller vers": a person without an account asks a Mission Locale to contact them. Routed to the
 * structure that covers their commune; triaged by its staff; purged after a year.
 */
export const contactRequests = pgTable(
	'contact_requests',
	{
		id: id(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		firstName: text('first_name').notNull(),
		phone: text('phone'),
		email: text('email'),
		communeCode: text('commune_code').notNull(),
		communeName: text('commune_name').notNull(),
		postalCode: text('postal_code'),
		message: text('message').notNull().default(''),
		preferredTime: text('preferred_time').$type<PreferredTime>(),
		status: text('status').$type<ContactRequestStatus>().notNull().default('new'),
		assignedTo: uuid('assigned_to').references(() => users.id, { onDelete: 'set null' }),
		closeReason: text('close_reason').$type<CloseReason>(),
		closeNote: text('close_note'),
		activationCodeId: uuid('activation_code_id'),
		createdAt: createdAt(),
		updatedAt: at('updated_at').notNull().defaultNow(),
		contactedAt: at('contacted_at'),
		closedAt: at('closed_at')
	},
	(t) => [
		check('contact_request_has_phone_or_email', sql`${t.phone} is not null or ${t.email} is not null`),
		check('contact_request_status_is_known', sql`${t.status} in ('new', 'assigned', 'contacted', 'converted', 'closed')`),
		check('contact_request_message_is_short', sql`char_length(${t.message}) <= 1000`),
		check('contact_request_closed_has_reason', sql`${t.status} <> 'closed' or ${t.closeReason} is not null`),
		index('contact_requests_by_structure').on(t.structureId, t.status, t.createdAt)
	]
);
