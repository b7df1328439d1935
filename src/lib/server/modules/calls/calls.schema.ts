import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';
import { structures } from '../structures/structures.schema';

export const CALL_MODES = ['video', 'audio'] as const;
export type CallMode = (typeof CALL_MODES)[number];

/**
 * A one-to-one visio (or audio) call between a youth and a staff member of the youth's Mission
 * Locale, signalled over the realtime platform (stream `call:<id>`). Media never goes through
 * Tremplin: the browsers connect with WebRTC (STUN/TURN configurable). `appointment_id` links the
 * call to an appointment (plain uuid: the appointments module owns that table).
 */
export const calls = pgTable(
	'calls',
	{
		id: id(),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		staffId: uuid('staff_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		appointmentId: uuid('appointment_id'),
		/** The mode chosen last by either side ("Audio seulement" switches the whole call). */
		mode: text('mode').$type<CallMode>().notNull().default('video'),
		createdAt: createdAt(),
		youthJoinedAt: at('youth_joined_at'),
		staffJoinedAt: at('staff_joined_at'),
		/** When both participants had joined for the first time. */
		startedAt: at('started_at'),
		endedAt: at('ended_at'),
		endedBy: uuid('ended_by')
	},
	(t) => [
		check('call_mode_is_known', sql`${t.mode} in ('video', 'audio')`),
		check('call_has_two_people', sql`${t.youthId} <> ${t.staffId}`),
		index('calls_by_pair').on(t.youthId, t.staffId, t.createdAt),
		index('calls_by_appointment').on(t.appointmentId),
		index('calls_by_creation').on(t.createdAt)
	]
);

export type CallRow = typeof calls.$inferSelect;
