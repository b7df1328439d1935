import { and, asc, eq, gt, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { isStaff, type Actor } from '$lib/server/platform/access';
import { appointments, appointmentSlots } from './appointments.schema';
import { isUuid } from './appointments.validation';

export type SlotRow = typeof appointmentSlots.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;

/**
 * Data access for one actor. A youth sees their own appointments and the slots of their own
 * Mission Locale; staff see the appointments and slots of their structure; anybody else sees
 * nothing. Foreign or malformed ids read as absent.
 */
export function createAppointmentsRepository({ db, actor }: { db: Database; actor: Actor }) {
	const staffStructure = isStaff(actor) && actor.structureId ? actor.structureId : null;
	const youth = actor.role === 'youth' && actor.structureId ? actor.userId : null;
	const structureOfActor = staffStructure ?? (youth ? actor.structureId : null);

	const appointmentScope = (): SQL =>
		staffStructure
			? eq(appointments.structureId, staffStructure)
			: youth
				? and(eq(appointments.youthId, youth), eq(appointments.structureId, actor.structureId!))!
				: sql`false`;
	const slotScope = (): SQL => (structureOfActor ? eq(appointmentSlots.structureId, structureOfActor) : sql`false`);

	return {
		staffStructure,
		async findAppointment(id: string, options: { forUpdate?: boolean } = {}): Promise<AppointmentRow | null> {
			if (!isUuid(id)) return null;
			const query = db
				.select()
				.from(appointments)
				.where(and(eq(appointments.id, id.toLowerCase()), appointmentScope()))
				.limit(1);
			const rows = options.forUpdate ? await query.for('update') : await query;
			return rows[0] ?? null;
		},
		async findSlot(id: string, options: { forUpdate?: boolean } = {}): Promise<SlotRow | null> {
			if (!isUuid(id)) return null;
			const query = db
				.select()
				.from(appointmentSlots)
				.where(and(eq(appointmentSlots.id, id.toLowerCase()), slotScope()))
				.limit(1);
			const rows = options.forUpdate ? await query.for('update') : await query;
			return rows[0] ?? null;
		},
		/** The live appointment on each of these slots. */
		async liveOnSlots(slotIds: string[]): Promise<Map<string, AppointmentRow>> {
			if (slotIds.length === 0) return new Map();
			const rows = await db
				.select()
				.from(appointments)
				.where(and(inArray(appointments.slotId, slotIds), isNull(appointments.cancelledAt), appointmentScope()));
			return new Map(rows.map((r) => [r.slotId!, r]));
		},
		/** The youth's own appointments (youth) or one youth's appointments (staff), oldest first. */
		async listForYouth(youthId: string): Promise<AppointmentRow[]> {
			if (!isUuid(youthId)) return [];
			return db
				.select()
				.from(appointments)
				.where(and(eq(appointments.youthId, youthId.toLowerCase()), appointmentScope()))
				.orderBy(asc(appointments.startsAt));
		},
		/** Slots of one staff member of the structure between two instants (staff only). */
		async slotsOf(staffId: string, from: Date, to: Date): Promise<SlotRow[]> {
			if (!staffStructure || !isUuid(staffId)) return [];
			return db
				.select()
				.from(appointmentSlots)
				.where(
					and(
						eq(appointmentSlots.staffId, staffId),
						eq(appointmentSlots.structureId, staffStructure),
						lt(appointmentSlots.startsAt, to),
						gt(appointmentSlots.endsAt, from)
					)
				)
				.orderBy(asc(appointmentSlots.startsAt));
		},
		/** Free future slots of the actor's structure (youth or staff), in one mode, soonest first. */
		async freeSlots(options: { after: Date; before: Date; mode?: SlotRow['mode']; limit?: number }): Promise<SlotRow[]> {
			if (!structureOfActor) return [];
			return db
				.select()
				.from(appointmentSlots)
				.where(
					and(
						slotScope(),
						gt(appointmentSlots.startsAt, options.after),
						lt(appointmentSlots.startsAt, options.before),
						options.mode ? eq(appointmentSlots.mode, options.mode) : undefined,
						sql`not exists (select 1 from ${appointments} where ${appointments.slotId} = ${appointmentSlots.id} and ${appointments.cancelledAt} is null)`
					)
				)
				.orderBy(asc(appointmentSlots.startsAt), asc(appointmentSlots.id))
				.limit(Math.min(options.limit ?? 300, 500));
		}
	};
}

export type AppointmentsRepository = ReturnType<typeof createAppointmentsRepository>;
