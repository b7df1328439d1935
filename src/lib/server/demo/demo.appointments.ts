import { addDays, parisDay, parisToInstant } from '$lib/appointments/time';
import type { Deps } from '../app';
import type { AppointmentMode } from '../modules/appointments';
// The seed is a privileged loader: it writes slots and appointments directly, with fixed ids.
import { appointments, appointmentSlots } from '../modules/appointments/appointments.schema';

/**
 * Demo content of the appointments feature: free slots of the Lyon counselor (conseiller@) on the
 * next working days (on site, by phone, in visio), one appointment booked by Karim (jeune@) and a
 * past one marked "présent". Fixed ids and "on conflict do nothing": running it again changes
 * nothing (dates are those of the first run).
 */
export async function seedAppointments(
	deps: Deps,
	ctx: { lyon: string; counselor: string; karim: string; siteId: string; demoId: (key: string) => string }
): Promise<void> {
	const { db } = deps;
	const now = deps.now();
	const today = parisDay(now);
	// The next three working days (Monday to Friday).
	const workdays: string[] = [];
	for (let i = 1; workdays.length < 3 && i < 10; i++) {
		const day = addDays(today, i);
		const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
		if (dow !== 0 && dow !== 6) workdays.push(day);
	}
	const plan: [string, AppointmentMode, number][] = [
		['09:30', 'in_person', 45],
		['10:15', 'in_person', 45],
		['11:00', 'phone', 30],
		['14:00', 'video', 30],
		['14:30', 'video', 30],
		['15:00', 'phone', 30]
	];
	const slots = workdays.flatMap((day, d) =>
		plan.map(([time, mode, minutes], i) => {
			const startsAt = parisToInstant(day, time);
			return {
				id: ctx.demoId(`appointment-slot:${d}:${i}`),
				structureId: ctx.lyon,
				staffId: ctx.counselor,
				startsAt,
				endsAt: new Date(startsAt.getTime() + minutes * 60_000),
				mode,
				siteId: mode === 'in_person' ? ctx.siteId : null,
				createdBy: ctx.counselor
			};
		})
	);
	// A past appointment on a working day about a week ago, on site, where Karim came.
	let pastDay = addDays(today, -7);
	while ([0, 6].includes(new Date(`${pastDay}T12:00:00Z`).getUTCDay())) pastDay = addDays(pastDay, -1);
	const pastStart = parisToInstant(pastDay, '10:00');
	const past = {
		id: ctx.demoId('appointment-slot:past'),
		structureId: ctx.lyon,
		staffId: ctx.counselor,
		startsAt: pastStart,
		endsAt: new Date(pastStart.getTime() + 45 * 60_000),
		mode: 'in_person' as const,
		siteId: ctx.siteId,
		createdBy: ctx.counselor
	};
	await db.insert(appointmentSlots).values([...slots, past]).onConflictDoNothing();

	const booked = slots[1]!; // the next working day, 10:15 on site
	const rows = [
		{ slot: booked, id: ctx.demoId('appointment:karim:next'), attendance: null },
		{ slot: past, id: ctx.demoId('appointment:karim:past'), attendance: 'present' as const }
	];
	for (const { slot, id, attendance } of rows) {
		await db
			.insert(appointments)
			.values({
				id,
				structureId: ctx.lyon,
				youthId: ctx.karim,
				staffId: ctx.counselor,
				slotId: slot.id,
				startsAt: slot.startsAt,
				endsAt: slot.endsAt,
				mode: slot.mode,
				siteId: slot.siteId,
				bookedBy: ctx.karim,
				attendance,
				attendanceMarkedAt: attendance ? slot.endsAt : null,
				attendanceMarkedBy: attendance ? ctx.counselor : null,
				reminderSentAt: attendance ? slot.startsAt : null
			})
			.onConflictDoNothing();
	}
}
