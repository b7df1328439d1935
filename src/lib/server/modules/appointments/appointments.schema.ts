import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';
import { sites, structures } from '../structures/structures.schema';

export const APPOINTMENT_MODES = ['in_person', 'phone', 'video'] as const;
export type AppointmentMode = (typeof APPOINTMENT_MODES)[number];

export const ATTENDANCES = ['present', 'excused', 'absent'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

/**
 * A time a staff member (counselor or manager) offers for an appointment ("créneau"). A staff
 * member's slots never overlap (checked under an advisory lock on the staff member); a slot with a
 * live appointment is "booked". Deleting a free slot removes the row; past appointments keep
 * their own copy of the time, mode and place.
 */
export const appointmentSlots = pgTable(
	'appointment_slots',
	{
		id: id(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		staffId: uuid('staff_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		startsAt: at('starts_at').notNull(),
		endsAt: at('ends_at').notNull(),
		mode: text('mode', { enum: APPOINTMENT_MODES }).notNull(),
		siteId: uuid('site_id').references(() => sites.id, { onDelete: 'restrict' }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('slot_start_is_unique_per_staff').on(t.staffId, t.startsAt),
		index('slots_by_structure_and_time').on(t.structureId, t.startsAt),
		check('slot_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
		check('slot_lasts_at_most_four_hours', sql`${t.endsAt} <= ${t.startsAt} + interval '4 hours'`),
		check('slot_mode_is_known', sql`${t.mode} in ('in_person', 'phone', 'video')`),
		check('slot_in_person_has_site', sql`(${t.mode} = 'in_person') = (${t.siteId} is not null)`)
	]
);

/**
 * A youth's appointment ("rendez-vous") on a slot. Its id may come from the booking form
 * (idempotent double submit). At most one live (not cancelled) appointment per slot: the partial
 * unique index is what makes double booking impossible, whatever the number of processes. A move
 * cancels the appointment and books another one that points back to it (`previous_id`).
 */
export const appointments = pgTable(
	'appointments',
	{
		id: id(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		staffId: uuid('staff_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		slotId: uuid('slot_id').references(() => appointmentSlots.id, { onDelete: 'set null' }),
		startsAt: at('starts_at').notNull(),
		endsAt: at('ends_at').notNull(),
		mode: text('mode', { enum: APPOINTMENT_MODES }).notNull(),
		siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
		bookedBy: uuid('booked_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		previousId: uuid('previous_id').references((): AnyPgColumn => appointments.id, { onDelete: 'set null' }),
		cancelledAt: at('cancelled_at'),
		cancelledBy: uuid('cancelled_by').references(() => users.id, { onDelete: 'set null' }),
		cancelReason: text('cancel_reason'),
		/** Bumped at every change sent to calendars (the .ics SEQUENCE). */
		sequence: integer('sequence').notNull().default(0),
		reminderSentAt: at('reminder_sent_at'),
		attendance: text('attendance', { enum: ATTENDANCES }),
		attendanceMarkedAt: at('attendance_marked_at'),
		attendanceMarkedBy: uuid('attendance_marked_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		uniqueIndex('one_live_appointment_per_slot').on(t.slotId).where(sql`${t.cancelledAt} is null`),
		index('appointments_by_youth').on(t.youthId, t.startsAt),
		index('appointments_by_staff').on(t.staffId, t.startsAt),
		index('appointments_due_for_reminder')
			.on(t.startsAt)
			.where(sql`${t.cancelledAt} is null and ${t.reminderSentAt} is null`),
		check('appointment_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
		check('appointment_mode_is_known', sql`${t.mode} in ('in_person', 'phone', 'video')`),
		check('appointment_attendance_is_known', sql`${t.attendance} is null or ${t.attendance} in ('present', 'excused', 'absent')`),
		check('appointment_cancel_reason_is_short', sql`char_length(${t.cancelReason}) <= 500`),
		check('appointment_cancelled_has_no_attendance', sql`${t.cancelledAt} is null or ${t.attendance} is null`)
	]
);
