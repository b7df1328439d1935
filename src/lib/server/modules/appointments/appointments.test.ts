import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { youthProfiles } from '$lib/server/modules/accounts/accounts.schema';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { structureClosures } from '$lib/server/modules/structures/structures.schema';
import { actorOf, aSite, aWorld, aYouth, type World } from '$lib/server/testing/world';
import { dateTimeInWords, parisDay } from '$lib/appointments/time';
import { conversations, messages } from '$lib/server/modules/messaging/messaging.schema';
import { aSlot } from './appointments.fixtures';
import { closuresHiddenFromBooking, freeSlotsByDay, getAgenda, getFreeSlot, getAppointment, listYouthAppointments, liveAppointmentsWithin, nextAppointmentsByYouth } from './appointments.queries';
import { appointments, appointmentSlots } from './appointments.schema';
import {
	bookAppointment,
	bookNewSlotForYouth,
	cancelAppointment,
	cancelFutureAppointmentsOfYouth,
	deleteSlot,
	joinAppointmentVideo,
	markAttendance,
	moveAppointment,
	publishSlots
} from './appointments.usecases';

let handle: DatabaseHandle;
let deps: Deps;
// Monday 23 November 2026, 9:00 in Paris.
const START = new Date('2026-11-23T08:00:00Z');
let clock = START;
let w: World;
let siteId: string;
let villeurbanneSiteId: string;

const hours = (h: number) => new Date(clock.getTime() + h * 3_600_000);

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	w = await aWorld(deps.db);
	siteId = (await aSite(deps.db, w.structures.lyon.id)).id;
	villeurbanneSiteId = (await aSite(deps.db, w.structures.villeurbanne.id, { name: 'Antenne Gratte-Ciel' })).id;
});
afterAll(() => handle.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	return (error as DomainError).code;
}

/** A new youth of a structure (each test its own, so that overlaps stay readable). */
async function aYouthActor(structure: 'lyon' | 'villeurbanne' = 'lyon'): Promise<Actor> {
	const referent = structure === 'lyon' ? w.people.counselor : w.people.otherCounselor;
	const y = await aYouth(deps.db, w.structures[structure].id, referent.id, { firstName: 'Yanis', lastName: `N${randomUUID().slice(0, 6)}` });
	return actorOf({ id: y.id, role: 'youth', structureId: y.structureId, networkId: null, companyId: null }, w.networks.rhone.id);
}

let offset = 0;
/** A free phone slot of the Lyon counselor, `h` hours from now (each call a distinct time). */
async function aLyonSlot(h = 26, staffId = w.people.counselor.id) {
	offset += 1;
	return aSlot(deps.db, { structureId: w.structures.lyon.id, staffId, startsAt: new Date(hours(h).getTime() + offset * 7 * 86_400_000) });
}

describe('publishing availability', () => {
	it('cuts a time range into slots, repeated weekly, in Paris time', async () => {
		const created = await publishSlots(deps, w.actors.counselor2, {
			day: '2026-11-25',
			from: '14:00',
			until: '16:00',
			duration: '45',
			mode: 'in_person',
			siteId,
			weeks: '3'
		});
		// 14:00, 14:45 (15:30 + 45 > 16:00) × 3 weeks; Paris is UTC+1 in winter.
		expect(created).toHaveLength(6);
		expect(created[0]!.startsAt.toISOString()).toBe('2026-11-25T13:00:00.000Z');
		expect(created[1]!.startsAt.toISOString()).toBe('2026-11-25T13:45:00.000Z');
		expect(created[2]!.startsAt.toISOString()).toBe('2026-12-02T13:00:00.000Z');
		expect(created.every((s) => s.staffId === w.people.counselor2.id && s.siteId === siteId)).toBe(true);
	});

	it('refuses a slot that overlaps one of the counselor’s slots, and creates none of the batch', async () => {
		const code = await codeOf(
			publishSlots(deps, w.actors.counselor2, { day: '2026-11-25', from: '13:00', until: '15:00', duration: '30', mode: 'phone', weeks: '1' })
		);
		expect(code).toBe('appointment.slot_overlap');
		const [row] = await deps.db
			.select({ n: count() })
			.from(appointmentSlots)
			.where(eq(appointmentSlots.staffId, w.people.counselor2.id));
		expect(row!.n).toBe(6);
	});

	it('skips past slots, and says so when nothing is left', async () => {
		// 8:00, 9:00 and 10:00 in Paris; it is 9:00 in Paris: only 10:00 is still to come.
		const created = await publishSlots(deps, w.actors.counselor2, { day: '2026-11-23', from: '08:00', until: '11:00', duration: '60', mode: 'video' });
		expect(created.map((s) => s.startsAt.toISOString())).toEqual(['2026-11-23T09:00:00.000Z']);
		expect(await codeOf(publishSlots(deps, w.actors.counselor2, { day: '2026-11-20', from: '08:00', until: '10:00', duration: '60', mode: 'video' }))).toBe(
			'appointment.slot_past'
		);
	});

	it('refuses bad input with French field messages', async () => {
		const error = await publishSlots(deps, w.actors.counselor2, { day: '2026-13-45', from: '25:00', until: 'x', duration: '7', mode: 'fax' }).catch(
			(e: DomainError) => e
		);
		expect(error).toBeInstanceOf(DomainError);
		const fields = (error as DomainError).fields;
		expect(Object.keys(fields).sort()).toEqual(['day', 'duration', 'from', 'mode', 'until']);
		expect(fields.day).toMatch(/date/);
		expect(
			await codeOf(publishSlots(deps, w.actors.counselor2, { day: '2026-12-01', from: '09:00', until: '10:00', duration: '30', mode: 'in_person', siteId: villeurbanneSiteId }))
		).toBe('validation.invalid');
		expect(await codeOf(publishSlots(deps, w.actors.counselor2, { day: '2026-12-01', from: '09:00', until: '09:10', duration: '30', mode: 'phone' }))).toBe(
			'appointment.no_slot_in_range'
		);
		expect(
			await codeOf(publishSlots(deps, w.actors.counselor2, { day: '2026-12-01', from: '08:00', until: '20:00', duration: '15', mode: 'phone', weeks: '12' }))
		).toBe('appointment.too_many_slots');
	});

	it('is for the staff of a structure only', async () => {
		for (const name of ['youth', 'referent', 'mentor', 'companyContact', 'admin'] as const) {
			const code = await codeOf(publishSlots(deps, w.actors[name], { day: '2026-12-01', from: '09:00', until: '10:00', duration: '30', mode: 'phone' }));
			expect(code, name).toBe('access.forbidden');
		}
	});
});

describe('booking', () => {
	it('lets a youth book a free future slot of their Mission Locale; both see it', async () => {
		const youth = await aYouthActor();
		const slot = await aLyonSlot();
		const { appointment, created } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: slot.id });
		expect(created).toBe(true);
		expect(appointment).toMatchObject({ youthId: youth.userId, staffId: w.people.counselor.id, slotId: slot.id, mode: 'phone' });

		const mine = await listYouthAppointments(deps.db, youth, clock);
		expect(mine.upcoming.map((a) => a.id)).toEqual([appointment.id]);
		expect(mine.upcoming[0]!.counselorFirstName).toBe(w.people.counselor.firstName);

		const agenda = await getAgenda(deps.db, w.actors.counselor, { staffId: w.people.counselor.id, from: slot.startsAt, to: slot.endsAt, now: clock });
		expect(agenda!.slots.find((s) => s.id === slot.id)!.appointment!.youthId).toBe(youth.userId);
		// No longer offered to anyone.
		const free = await freeSlotsByDay(deps.db, await aYouthActor(), { now: clock });
		expect(free.flatMap((d) => d.slots).some((s) => s.id === slot.id)).toBe(false);
	});

	it('books once when the same form is submitted twice', async () => {
		const youth = await aYouthActor();
		const slot = await aLyonSlot();
		const id = randomUUID();
		const first = await bookAppointment(deps, youth, { id, slotId: slot.id });
		const again = await bookAppointment(deps, youth, { id, slotId: slot.id });
		expect(first.created).toBe(true);
		expect(again).toMatchObject({ created: false, appointment: { id } });
		const [row] = await deps.db.select({ n: count() }).from(appointments).where(eq(appointments.youthId, youth.userId));
		expect(row!.n).toBe(1);
		// The same id for another slot is refused.
		expect(await codeOf(bookAppointment(deps, youth, { id, slotId: (await aLyonSlot()).id }))).toBe('appointment.id_reused');
	});

	it('refuses a past slot, a slot of another Mission Locale and forged ids, changing nothing', async () => {
		const youth = await aYouthActor();
		const past = await aSlot(deps.db, { structureId: w.structures.lyon.id, staffId: w.people.counselor.id, startsAt: hours(-30) });
		expect(await codeOf(bookAppointment(deps, youth, { id: randomUUID(), slotId: past.id }))).toBe('appointment.slot_past');
		const elsewhere = await aSlot(deps.db, { structureId: w.structures.villeurbanne.id, staffId: w.people.otherCounselor.id, startsAt: hours(30) });
		expect(await codeOf(bookAppointment(deps, youth, { id: randomUUID(), slotId: elsewhere.id }))).toBe('appointment.slot_not_found');
		expect(await codeOf(bookAppointment(deps, youth, { id: randomUUID(), slotId: randomUUID() }))).toBe('appointment.slot_not_found');
		expect(await codeOf(bookAppointment(deps, youth, { id: randomUUID(), slotId: "1' or 1=1 --" }))).toBe('appointment.slot_not_found');
		expect(await codeOf(bookAppointment(deps, youth, { id: 'pas-un-uuid', slotId: (await aLyonSlot()).id }))).toBe('appointment.id_reused');
		const [row] = await deps.db.select({ n: count() }).from(appointments).where(eq(appointments.youthId, youth.userId));
		expect(row!.n).toBe(0);
	});

	it('refuses two overlapping appointments for one youth', async () => {
		const youth = await aYouthActor();
		const slot = await aLyonSlot(50);
		const sameTime = await aSlot(deps.db, {
			structureId: w.structures.lyon.id,
			staffId: w.people.counselor2.id,
			startsAt: new Date(slot.startsAt.getTime() + 15 * 60_000)
		});
		await bookAppointment(deps, youth, { id: randomUUID(), slotId: slot.id });
		expect(await codeOf(bookAppointment(deps, youth, { id: randomUUID(), slotId: sameTime.id }))).toBe('appointment.youth_busy');
	});

	it('lets staff book for a youth of their structure only, on a slot or on a new one', async () => {
		const youth = await aYouthActor();
		const slot = await aLyonSlot();
		const booked = await bookAppointment(deps, w.actors.counselor2, { id: randomUUID(), slotId: slot.id, youthId: youth.userId });
		expect(booked.appointment.bookedBy).toBe(w.people.counselor2.id);

		const fresh = await bookNewSlotForYouth(deps, w.actors.counselor, {
			id: randomUUID(),
			youthId: youth.userId,
			values: { day: '2027-02-10', from: '10:30', duration: '60', mode: 'in_person', siteId }
		});
		expect(fresh.appointment).toMatchObject({ staffId: w.people.counselor.id, mode: 'in_person', siteId });
		expect(fresh.appointment.startsAt.toISOString()).toBe('2027-02-10T09:30:00.000Z');

		const other = await aYouthActor('villeurbanne');
		expect(await codeOf(bookAppointment(deps, w.actors.counselor, { id: randomUUID(), slotId: (await aLyonSlot()).id, youthId: other.userId }))).toBe(
			'appointment.youth_not_found'
		);
		// Villeurbanne staff cannot book on a Lyon slot, even for their own youth.
		expect(await codeOf(bookAppointment(deps, w.actors.otherCounselor, { id: randomUUID(), slotId: (await aLyonSlot()).id, youthId: other.userId }))).toBe(
			'appointment.slot_not_found'
		);
	});

	it('lets nobody else book: referent, mentor, company contact, admin', async () => {
		const youth = await aYouthActor();
		const slot = await aLyonSlot();
		for (const name of ['referent', 'mentor', 'companyContact', 'admin'] as const) {
			expect(await codeOf(bookAppointment(deps, w.actors[name], { id: randomUUID(), slotId: slot.id, youthId: youth.userId })), name).toBe(
				'access.forbidden'
			);
		}
	});
});

describe('exceptional closures', () => {
	// Villeurbanne only: a closure there hides nothing of the Lyon tests.
	const villeurbanneSlot = (h: number) => aSlot(deps.db, { structureId: w.structures.villeurbanne.id, staffId: w.people.otherCounselor.id, startsAt: hours(h) });

	it('a youth is not offered, nor allowed to book or move to, a slot on a closed day; staff still may book it for them', async () => {
		const youth = await aYouthActor('villeurbanne');
		const closed = await villeurbanneSlot(24 * 10);
		const open = await villeurbanneSlot(24 * 11);
		const day = parisDay(closed.startsAt);
		await deps.db.insert(structureClosures).values({ structureId: w.structures.villeurbanne.id, startsOn: day, endsOn: day, reason: 'Déménagement' });

		const offered = (await freeSlotsByDay(deps.db, youth, { now: clock })).flatMap((d) => d.slots.map((s) => s.id));
		expect(offered).toContain(open.id);
		expect(offered).not.toContain(closed.id);
		expect(await getFreeSlot(deps.db, youth, closed.id, clock)).toBeNull();
		expect((await getFreeSlot(deps.db, youth, open.id, clock))?.id).toBe(open.id);
		expect((await closuresHiddenFromBooking(deps.db, youth, clock)).map((c) => [c.startsOn, c.reason])).toEqual([[day, 'Déménagement']]);

		// A forged booking of the closed day's slot: refused in French with the reason, nothing stored.
		const refused = await bookAppointment(deps, youth, { id: randomUUID(), slotId: closed.id }).catch((e: unknown) => e);
		expect(refused).toMatchObject({ code: 'appointment.structure_closed', message: 'Ta Mission Locale est fermée ce jour-là (Déménagement) : choisis un autre jour.' });
		const booked = await bookAppointment(deps, youth, { id: randomUUID(), slotId: open.id });
		expect(await codeOf(moveAppointment(deps, youth, { id: booked.appointment.id, newId: randomUUID(), slotId: closed.id }))).toBe('appointment.structure_closed');
		const [mine] = await deps.db.select({ n: count() }).from(appointments).where(and(eq(appointments.youthId, youth.userId), isNull(appointments.cancelledAt)));
		expect(mine!.n).toBe(1);

		// Staff see the slot and may book it for a youth (a phone call kept during the closure).
		const staffOffered = (await freeSlotsByDay(deps.db, w.actors.otherCounselor, { now: clock })).flatMap((d) => d.slots.map((s) => s.id));
		expect(staffOffered).toContain(closed.id);
		expect(await closuresHiddenFromBooking(deps.db, w.actors.otherCounselor, clock)).toEqual([]);
		const forYouth = await bookAppointment(deps, w.actors.otherCounselor, { id: randomUUID(), slotId: closed.id, youthId: (await aYouthActor('villeurbanne')).userId });
		expect(forYouth.created).toBe(true);
	});

	it('only the closures within the booking horizon are announced, and another structure’s closure hides nothing', async () => {
		const youth = await aYouthActor('villeurbanne');
		const far = parisDay(hours(24 * 60));
		await deps.db.insert(structureClosures).values({ structureId: w.structures.villeurbanne.id, startsOn: far, endsOn: far, reason: null });
		expect((await closuresHiddenFromBooking(deps.db, youth, clock)).map((c) => c.startsOn)).not.toContain(far);
		const lyonYouth = await aYouthActor('lyon');
		expect(await closuresHiddenFromBooking(deps.db, lyonYouth, clock)).toEqual([]);
	});
});

describe('no double booking, enforced by the database', () => {
	it('lets exactly one of 20 concurrent bookings of the same slot succeed', async () => {
		const slot = await aLyonSlot();
		const youths = await Promise.all(Array.from({ length: 20 }, () => aYouthActor()));
		const results = await Promise.allSettled(youths.map((y) => bookAppointment(deps, y, { id: randomUUID(), slotId: slot.id })));
		const ok = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
		expect(ok).toHaveLength(1);
		expect(refused).toHaveLength(19);
		for (const r of refused) {
			expect(r.reason).toBeInstanceOf(DomainError);
			expect((r.reason as DomainError).code).toBe('appointment.slot_taken');
			expect((r.reason as DomainError).message).toMatch(/^Ce créneau vient d'être réservé/);
		}
		const [row] = await deps.db.select({ n: count() }).from(appointments).where(eq(appointments.slotId, slot.id));
		expect(row!.n).toBe(1);
	});

	it('has a partial unique index that refuses a second live appointment on a slot, even written directly', async () => {
		const youth = await aYouthActor();
		const other = await aYouthActor();
		const slot = await aLyonSlot();
		await bookAppointment(deps, youth, { id: randomUUID(), slotId: slot.id });
		const direct = deps.db.insert(appointments).values({
			structureId: slot.structureId,
			youthId: other.userId,
			staffId: slot.staffId,
			slotId: slot.id,
			startsAt: slot.startsAt,
			endsAt: slot.endsAt,
			mode: slot.mode
		});
		await expect(direct).rejects.toThrow();
	});
});

describe('cancelling and moving', () => {
	it('lets the youth cancel until the start, with a reason; the slot is free again', async () => {
		const youth = await aYouthActor();
		const slot = await aLyonSlot();
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: slot.id });
		const cancelled = await cancelAppointment(deps, youth, { id: appointment.id, reason: 'Entretien d’embauche' });
		expect(cancelled).toMatchObject({ cancelReason: 'Entretien d’embauche', cancelledBy: youth.userId, sequence: 1 });
		expect(await codeOf(cancelAppointment(deps, youth, { id: appointment.id }))).toBe('appointment.cancelled');
		// Someone else can book it now.
		const again = await bookAppointment(deps, await aYouthActor(), { id: randomUUID(), slotId: slot.id });
		expect(again.created).toBe(true);
	});

	it('refuses to cancel once started, and to anyone outside (not found)', async () => {
		const youth = await aYouthActor();
		const slot = await aLyonSlot(2);
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: slot.id });
		expect(await codeOf(cancelAppointment(deps, await aYouthActor(), { id: appointment.id }))).toBe('appointment.not_found');
		expect(await codeOf(cancelAppointment(deps, w.actors.otherCounselor, { id: appointment.id }))).toBe('appointment.not_found');
		for (const name of ['referent', 'mentor', 'companyContact', 'admin'] as const) {
			expect(await codeOf(cancelAppointment(deps, w.actors[name], { id: appointment.id })), name).toBe('appointment.not_found');
		}
		expect(await codeOf(cancelAppointment(deps, youth, { id: 'x'.repeat(5000) }))).toBe('appointment.not_found');
		expect(await codeOf(cancelAppointment(deps, youth, { id: appointment.id, reason: 'x'.repeat(501) }))).toBe('validation.invalid');
		const saved = clock;
		clock = new Date(slot.startsAt.getTime() + 60_000);
		try {
			expect(await codeOf(cancelAppointment(deps, youth, { id: appointment.id }))).toBe('appointment.already_started');
		} finally {
			clock = saved;
		}
		// The structure's staff may cancel it before.
		const byStaff = await cancelAppointment(deps, w.actors.counselor2, { id: appointment.id, reason: 'Conseillère malade' });
		expect(byStaff.cancelledBy).toBe(w.people.counselor2.id);
	});

	it('tells the youth in their conversation when the staff book, cancel or move, not when they do it themself', async () => {
		const youth = await aYouthActor();
		const automatic = async () =>
			(await deps.db.select({ body: messages.body }).from(messages).innerJoin(conversations, eq(conversations.id, messages.conversationId)).where(and(eq(conversations.youthId, youth.userId), eq(messages.authorRole, 'system'))).orderBy(asc(messages.seq))).map((m) => m.body);
		const own = await bookAppointment(deps, youth, { id: randomUUID(), slotId: (await aLyonSlot()).id });
		await cancelAppointment(deps, youth, { id: own.appointment.id, reason: 'Malade' });
		expect(await automatic()).toEqual([]);

		const first = await aLyonSlot();
		const second = await aSlot(deps.db, { structureId: w.structures.lyon.id, staffId: w.people.counselor2.id, startsAt: hours(24 * 300), mode: 'in_person', siteId });
		const { appointment } = await bookAppointment(deps, w.actors.counselor, { id: randomUUID(), slotId: first.id, youthId: youth.userId });
		const moved = await moveAppointment(deps, w.actors.counselor, { id: appointment.id, newId: randomUUID(), slotId: second.id });
		// A repeat of the same move tells nothing more.
		await moveAppointment(deps, w.actors.counselor, { id: appointment.id, newId: moved.appointment.id, slotId: second.id });
		await cancelAppointment(deps, w.actors.counselor, { id: moved.appointment.id, reason: 'Conseillère absente' });
		expect(await automatic()).toEqual([
			`Ta Mission Locale t’a réservé un rendez-vous ${dateTimeInWords(first.startsAt)} avec ${w.people.counselor.firstName} par téléphone. Si tu ne peux pas venir, annule ou change de créneau dans « Mes rendez-vous ».`,
			`Ta Mission Locale a déplacé ton rendez-vous du ${dateTimeInWords(first.startsAt)} : il a lieu ${dateTimeInWords(second.startsAt)} avec ${w.people.counselor2.firstName} à Accueil principal, 1 rue de la République, 69001 Lyon. Si ce nouvel horaire ne te convient pas, change-le dans « Mes rendez-vous ».`,
			`Ta Mission Locale a annulé ton rendez-vous du ${dateTimeInWords(second.startsAt)} (motif : Conseillère absente). Tu peux en reprendre un dans « Mes rendez-vous ».`
		]);
	});

	it('moves an appointment in one transaction, keeping the link to the previous one', async () => {
		const youth = await aYouthActor();
		const first = await aLyonSlot();
		const second = await aLyonSlot();
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: first.id });
		const newId = randomUUID();
		const moved = await moveAppointment(deps, youth, { id: appointment.id, newId, slotId: second.id });
		expect(moved.appointment).toMatchObject({ id: newId, slotId: second.id, previousId: appointment.id });
		expect(moved.previous).toMatchObject({ id: appointment.id, cancelReason: 'Rendez-vous déplacé' });
		// A repeated move changes nothing.
		const again = await moveAppointment(deps, youth, { id: appointment.id, newId, slotId: second.id });
		expect(again.created).toBe(false);
		const live = await deps.db
			.select({ id: appointments.id })
			.from(appointments)
			.where(and(eq(appointments.youthId, youth.userId), isNull(appointments.cancelledAt)));
		expect(live.map((r) => r.id)).toEqual([newId]);
	});

	it('keeps the appointment when the new slot is taken', async () => {
		const youth = await aYouthActor();
		const first = await aLyonSlot();
		const taken = await aLyonSlot();
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: first.id });
		await bookAppointment(deps, await aYouthActor(), { id: randomUUID(), slotId: taken.id });
		expect(await codeOf(moveAppointment(deps, youth, { id: appointment.id, newId: randomUUID(), slotId: taken.id }))).toBe('appointment.slot_taken');
		const [row] = await deps.db.select().from(appointments).where(eq(appointments.id, appointment.id));
		expect(row!.cancelledAt).toBeNull();
	});

	it('cancels the future appointments of a transferred youth', async () => {
		const youth = await aYouthActor();
		const a1 = await bookAppointment(deps, youth, { id: randomUUID(), slotId: (await aLyonSlot()).id });
		await bookAppointment(deps, youth, { id: randomUUID(), slotId: (await aLyonSlot()).id });
		const cancelled = await cancelFutureAppointmentsOfYouth(deps.db, { youthId: youth.userId, at: clock, reason: 'Suivi transféré' });
		expect(cancelled).toHaveLength(2);
		const [row] = await deps.db.select().from(appointments).where(eq(appointments.id, a1.appointment.id));
		expect(row).toMatchObject({ cancelReason: 'Suivi transféré' });
		expect(await cancelFutureAppointmentsOfYouth(deps.db, { youthId: 'forged', at: clock, reason: 'x' })).toEqual([]);
	});
});

describe('attendance', () => {
	it('is marked by staff after the start; present records a contact at the start', async () => {
		const youth = await aYouthActor();
		const slot = await aLyonSlot(3);
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: slot.id });
		expect(await codeOf(markAttendance(deps, w.actors.counselor, { id: appointment.id, attendance: 'present' }))).toBe('appointment.not_started');
		const saved = clock;
		clock = new Date(slot.endsAt.getTime() + 3_600_000);
		try {
			expect(await codeOf(markAttendance(deps, youth, { id: appointment.id, attendance: 'present' }))).toBe('access.forbidden');
			expect(await codeOf(markAttendance(deps, w.actors.otherManager, { id: appointment.id, attendance: 'present' }))).toBe('appointment.not_found');
			expect(await codeOf(markAttendance(deps, w.actors.counselor, { id: appointment.id, attendance: 'peut-être' }))).toBe('validation.invalid');
			const marked = await markAttendance(deps, w.actors.counselor, { id: appointment.id, attendance: 'present' });
			expect(marked.attendance).toBe('present');
			const [profile] = await deps.db.select().from(youthProfiles).where(eq(youthProfiles.userId, youth.userId));
			expect(profile!.lastContactAt!.toISOString()).toBe(slot.startsAt.toISOString());
			expect(profile!.lastContactChannel).toBe('appointment');
			const excused = await markAttendance(deps, w.actors.manager, { id: appointment.id, attendance: 'excused' });
			expect(excused.attendance).toBe('excused');
		} finally {
			clock = saved;
		}
	});
});

describe('slots and agenda', () => {
	it('deletes a free slot only; a booked one is refused; a colleague’s slot is not found (a manager may)', async () => {
		const free = await aLyonSlot();
		expect(await codeOf(deleteSlot(deps, w.actors.counselor2, free.id))).toBe('appointment.slot_not_found');
		expect(await codeOf(deleteSlot(deps, w.actors.otherManager, free.id))).toBe('appointment.slot_not_found');
		await deleteSlot(deps, w.actors.counselor, free.id);
		const booked = await aLyonSlot();
		await bookAppointment(deps, await aYouthActor(), { id: randomUUID(), slotId: booked.id });
		expect(await codeOf(deleteSlot(deps, w.actors.manager, booked.id))).toBe('appointment.slot_booked');
		await deleteSlot(deps, w.actors.manager, (await aLyonSlot()).id);
	});

	it('shows a counselor their own agenda; a manager any agenda of the structure; nobody else', async () => {
		const range = { from: START, to: new Date(START.getTime() + 400 * 86_400_000), now: clock };
		expect(await getAgenda(deps.db, w.actors.counselor, { staffId: w.people.counselor.id, ...range })).not.toBeNull();
		expect(await getAgenda(deps.db, w.actors.counselor, { staffId: w.people.counselor2.id, ...range })).toBeNull();
		expect((await getAgenda(deps.db, w.actors.manager, { staffId: w.people.counselor.id, ...range }))!.slots.length).toBeGreaterThan(0);
		expect(await getAgenda(deps.db, w.actors.otherManager, { staffId: w.people.counselor.id, ...range })).toBeNull();
		for (const name of ['youth', 'referent', 'mentor', 'companyContact', 'admin'] as const) {
			expect(await getAgenda(deps.db, w.actors[name], { staffId: w.people.counselor.id, ...range }), name).toBeNull();
		}
	});

	it('shows a youth only their own appointments; staff only their structure’s', async () => {
		const youth = await aYouthActor();
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: (await aLyonSlot()).id });
		expect(await getAppointment(deps.db, youth, appointment.id, clock)).not.toBeNull();
		expect(await getAppointment(deps.db, w.actors.counselor2, appointment.id, clock)).not.toBeNull();
		for (const name of ['youth', 'otherCounselor', 'farManager', 'referent', 'mentor', 'companyContact', 'admin'] as const) {
			expect(await getAppointment(deps.db, w.actors[name], appointment.id, clock), name).toBeNull();
			expect((await listYouthAppointments(deps.db, w.actors[name], clock, youth.userId)).upcoming, name).toEqual([]);
		}
		expect(await getAppointment(deps.db, youth, randomUUID(), clock)).toBeNull();
		expect(await getAppointment(deps.db, youth, 'not-an-id', clock)).toBeNull();
		// Free slots: a youth sees only those of their Mission Locale.
		const lyonSlot = await aLyonSlot(30);
		const other = await aYouthActor('villeurbanne');
		const seen = (await freeSlotsByDay(deps.db, other, { now: clock })).flatMap((d) => d.slots);
		expect(seen.some((s) => s.id === lyonSlot.id)).toBe(false);
		expect((await freeSlotsByDay(deps.db, w.actors.mentor, { now: clock })).length).toBe(0);
	});

	it('counts the live appointments of the structure within a closure’s days, for its management', async () => {
		// A slot far ahead (its own day), booked; another booked then cancelled the same day.
		const slot = await aSlot(deps.db, { structureId: w.structures.lyon.id, staffId: w.people.counselor.id, startsAt: new Date('2027-08-04T07:00:00Z') });
		const cancelled = await aSlot(deps.db, { structureId: w.structures.lyon.id, staffId: w.people.counselor2.id, startsAt: new Date('2027-08-04T12:00:00Z') });
		await bookAppointment(deps, await aYouthActor(), { id: randomUUID(), slotId: slot.id });
		const youth = await aYouthActor();
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: cancelled.id });
		await cancelAppointment(deps, youth, { id: appointment.id });
		const ranges = [
			{ startsOn: '2027-08-02', endsOn: '2027-08-06' },
			{ startsOn: '2027-08-04', endsOn: '2027-08-04' },
			{ startsOn: '2027-08-05', endsOn: '2027-08-20' },
			{ startsOn: '2027-07-26', endsOn: '2027-08-03' }
		];
		const found = await liveAppointmentsWithin(deps.db, w.actors.manager, ranges, clock);
		expect(found.map((f) => f.count)).toEqual([1, 1, 0, 0]);
		expect(found[0]!.first).toHaveLength(1);
		expect(found[0]!.first[0]).toMatchObject({ staffId: w.people.counselor.id, startsAt: new Date('2027-08-04T07:00:00Z'), cancelledAt: null });
		expect(found[0]!.first[0]!.youthName).toContain('Yanis');
		// Another structure's management, or anyone outside the structure's staff: nothing.
		for (const name of ['otherManager', 'youth', 'referent', 'mentor', 'admin'] as const) {
			const none = await liveAppointmentsWithin(deps.db, w.actors[name], ranges, clock);
			expect(none, name).toEqual(ranges.map(() => ({ count: 0, first: [] })));
		}
	});

	it('gives the next appointment of each youth for the follow-up', async () => {
		const youth = await aYouthActor();
		const nobody = await aYouthActor();
		const late = await bookAppointment(deps, youth, { id: randomUUID(), slotId: (await aLyonSlot(200)).id });
		const soon = await bookAppointment(deps, youth, { id: randomUUID(), slotId: (await aLyonSlot(100)).id });
		const [first, second] = [late, soon].sort((a, b) => a.appointment.startsAt.getTime() - b.appointment.startsAt.getTime());
		const next = await nextAppointmentsByYouth(deps.db, [youth.userId, nobody.userId, 'forged'], clock);
		expect(next.size).toBe(1);
		expect(next.get(youth.userId)).toMatchObject({ id: first!.appointment.id, mode: 'phone' });
		expect(next.get(youth.userId)!.counselorName).toContain(w.people.counselor.firstName);
		await cancelAppointment(deps, youth, { id: first!.appointment.id });
		expect((await nextAppointmentsByYouth(deps.db, [youth.userId], clock)).get(youth.userId)!.id).toBe(second!.appointment.id);
	});
});

describe('video appointments', () => {
	it('open the call from 15 minutes before the start to the end, for the youth and the counselor only', async () => {
		const youth = await aYouthActor();
		const slot = await aSlot(deps.db, { structureId: w.structures.lyon.id, staffId: w.people.counselor.id, startsAt: hours(3), mode: 'video' });
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: slot.id });
		expect(await codeOf(joinAppointmentVideo(deps, youth, appointment.id))).toBe('appointment.video_not_open');
		const saved = clock;
		clock = new Date(slot.startsAt.getTime() - 10 * 60_000);
		try {
			const call = await joinAppointmentVideo(deps, youth, appointment.id);
			expect(await joinAppointmentVideo(deps, w.actors.counselor, appointment.id)).toEqual(call);
			expect((await getAppointment(deps.db, youth, appointment.id, clock))!.videoOpen).toBe(true);
			for (const name of ['counselor2', 'manager', 'otherCounselor', 'mentor', 'admin'] as const) {
				expect(await codeOf(joinAppointmentVideo(deps, w.actors[name], appointment.id)), name).toBe('appointment.not_found');
			}
			clock = slot.endsAt;
			expect(await codeOf(joinAppointmentVideo(deps, youth, appointment.id))).toBe('appointment.video_not_open');
		} finally {
			clock = saved;
		}
	});
});
