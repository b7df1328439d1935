import { createHash } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { createAccountsRepository, findAccountById, recordContact } from '$lib/server/modules/accounts';
import { openCall } from '$lib/server/modules/calls';
import { postSystemMessage } from '$lib/server/modules/messaging';
import { closureOn, closuresOf, findStructurePlace, siteBelongsTo, sitesOfStructure } from '$lib/server/modules/structures';
import { authorize, isStaff, requireActor, requireRole, STAFF_ROLES, type Actor } from '$lib/server/platform/access';
import { recordAudit } from '$lib/server/platform/audit';
import { DomainError, isDomainError } from '$lib/server/platform/errors/errors';
import { validate } from '$lib/server/platform/http/forms';
import { addDays, parisDay, parisToInstant } from '$lib/appointments/time';
import {
	cancellationMail,
	confirmationMail,
	reminderMail,
	reminderMessage,
	staffBookedMessage,
	staffCancelledMessage,
	staffMovedMessage,
	type CalendarAppointment
} from './appointments.calendar';
import {
	alreadyStarted,
	appointmentCancelled,
	appointmentNotFound,
	idReused,
	noSlotInRange,
	notStarted,
	slotBooked,
	slotNotFound,
	slotOverlap,
	slotPast,
	slotTaken,
	structureClosed,
	tooManySlots,
	videoNotOpen,
	youthBusy
} from './appointments.errors';
import { videoIsOpen } from './appointments.queries';
import { createAppointmentsRepository, type AppointmentRow, type SlotRow } from './appointments.repository';
import { appointments, appointmentSlots, type Attendance } from './appointments.schema';
import {
	attendanceInput,
	isUuid,
	MAX_SLOTS_AT_ONCE,
	oneSlotInput,
	publishSlotsInput,
	reasonInput,
	type OneSlotInput
} from './appointments.validation';

type AppointmentDeps = Pick<Deps, 'db' | 'now' | 'mailer' | 'config' | 'logger'>;

export interface BookingOutcome {
	appointment: AppointmentRow;
	/** False when this was a repeated submit of a booking already stored (nothing changed). */
	created: boolean;
}

const asDb = (tx: unknown) => tx as Database;

/** The PostgreSQL error behind a driver/ORM error, if any. */
function pgError(e: unknown): { code?: string; constraint?: string } | null {
	let cur = e as { code?: string; constraint?: string; constraint_name?: string; cause?: unknown } | undefined;
	for (let i = 0; cur && i < 5; i++) {
		if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) return { code: cur.code, constraint: cur.constraint ?? cur.constraint_name };
		cur = cur.cause as typeof cur;
	}
	return null;
}

/** Serialises the writes about one person (a youth's bookings, a staff member's slots) across processes. */
async function lockPerson(tx: Database, key: string) {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

const organizerOf = (from: string) => from.match(/<([^>]+)>/)?.[1] ?? from.trim();

/** "Accueil principal, 1 rue de la République, 69001 Lyon" for an appointment on site, else null. */
async function siteAddressOf(db: Database, row: AppointmentRow): Promise<string | null> {
	const site = row.siteId ? (await sitesOfStructure(db, row.structureId)).find((s) => s.id === row.siteId) : null;
	return site ? `${site.name}, ${site.addressLine}, ${site.postalCode} ${site.city}` : null;
}

/** Who and where, as the youth's automatic messages say it: the counselor's first name, the site's address. */
async function whereAndWho(db: Database, row: AppointmentRow): Promise<{ counselorName: string; siteAddress: string | null }> {
	const staff = await findAccountById(db, row.staffId);
	return { counselorName: staff?.firstName ?? 'ton conseiller', siteAddress: await siteAddressOf(db, row) };
}

/** What the e-mails and calendar files say about an appointment (null when the youth has no e-mail). */
async function calendarView(db: Database, row: AppointmentRow): Promise<CalendarAppointment | null> {
	const youth = await findAccountById(db, row.youthId);
	if (!youth?.email) return null;
	const staff = await findAccountById(db, row.staffId);
	const structure = await findStructurePlace(db, row.structureId);
	return {
		id: row.id,
		startsAt: row.startsAt,
		endsAt: row.endsAt,
		mode: row.mode,
		sequence: row.sequence,
		counselorName: staff ? `${staff.firstName} ${staff.lastName}`.trim() : 'ton conseiller',
		structureName: structure?.name ?? 'Mission Locale',
		siteAddress: await siteAddressOf(db, row),
		youthFirstName: youth.firstName,
		youthEmail: youth.email
	};
}

/** E-mails after the commit: never makes a done booking fail (a failure is logged). */
async function notify(deps: AppointmentDeps, row: AppointmentRow, kind: 'booked' | 'moved' | 'cancelled') {
	try {
		const view = await calendarView(deps.db, row);
		if (!view) return;
		const organizer = organizerOf(deps.config.mailFrom);
		const mail =
			kind === 'cancelled' ? cancellationMail(view, organizer, row.cancelReason) : confirmationMail(view, organizer, kind === 'moved');
		await deps.mailer.send(mail);
	} catch (error) {
		deps.logger.warn({ err: error, appointmentId: row.id }, 'appointment e-mail failed');
	}
}

/**
 * When the staff book, cancel or move an appointment, the youth reads it in their conversation too: many
 * have no usable e-mail address. After the commit; idempotent on the appointment's id; a refusal
 * is logged, never thrown (the change stands).
 */
async function tellYouth(deps: AppointmentDeps, actor: Actor, row: AppointmentRow, kind: 'booked' | 'cancelled' | 'moved', body: () => Promise<string>) {
	if (!isStaff(actor)) return;
	try {
		await postSystemMessage(deps, { youthId: row.youthId, id: appointmentMessageId(kind, row.id), body: await body() });
	} catch (error) {
		deps.logger.warn({ err: error, appointmentId: row.id }, 'appointment message to the youth failed');
	}
}

/** After a booking: the e-mail, and, when the staff booked for the youth, an automatic message. */
async function announceBooking(deps: AppointmentDeps, actor: Actor, row: AppointmentRow) {
	await notify(deps, row, 'booked');
	await tellYouth(deps, actor, row, 'booked', async () => staffBookedMessage({ startsAt: row.startsAt, mode: row.mode, ...(await whereAndWho(deps.db, row)) }));
}

/** The youth an actor books for, after authorization: themself for a youth, a youth of the structure for staff. */
async function youthFor(deps: Pick<Deps, 'db' | 'now'>, actor: Actor, youthId: string | undefined) {
	if (actor.role === 'youth') {
		authorize(actor, 'write', 'youth_file', { structureId: actor.structureId, networkId: null, ownerId: actor.userId });
		return { id: actor.userId, structureId: actor.structureId! };
	}
	// Staff only; everyone else is refused before anything is read.
	authorize(actor, 'write', 'youth_file', { structureId: actor.structureId, networkId: null, ownerId: null });
	if (!youthId || !isUuid(youthId)) throw appointmentNotFound();
	const file = await createAccountsRepository({ db: deps.db, actor, now: deps.now }).getYouthFile(youthId.toLowerCase());
	if (!file) throw new DomainError('appointment.youth_not_found', 'not_found', { fields: { youthId: 'Choisissez un jeune de votre Mission Locale.' } });
	authorize(actor, 'write', 'youth_file', { structureId: file.structureId, networkId: null, ownerId: file.id });
	return { id: file.id, structureId: file.structureId };
}

/**
 * Books a slot locked by the caller for a youth whose bookings are serialised by the caller.
 * The partial unique index `one_live_appointment_per_slot` is the last word on double booking.
 */
async function insertBooking(
	tx: Database,
	now: Date,
	actor: Actor,
	input: { id: string; slot: SlotRow; youthId: string; previousId?: string | null }
): Promise<AppointmentRow> {
	const { slot } = input;
	if (slot.startsAt.getTime() <= now.getTime()) throw slotPast();
	const live = await tx
		.select({ id: appointments.id })
		.from(appointments)
		.where(and(eq(appointments.slotId, slot.id), isNull(appointments.cancelledAt)))
		.limit(1);
	if (live.length > 0) throw slotTaken();
	const busy = await tx
		.select({ id: appointments.id })
		.from(appointments)
		.where(
			and(
				eq(appointments.youthId, input.youthId),
				isNull(appointments.cancelledAt),
				lt(appointments.startsAt, slot.endsAt),
				gt(appointments.endsAt, slot.startsAt)
			)
		)
		.limit(1);
	if (busy.length > 0) throw youthBusy();
	const [row] = await tx
		.insert(appointments)
		.values({
			id: input.id,
			structureId: slot.structureId,
			youthId: input.youthId,
			staffId: slot.staffId,
			slotId: slot.id,
			startsAt: slot.startsAt,
			endsAt: slot.endsAt,
			mode: slot.mode,
			siteId: slot.siteId,
			bookedBy: actor.userId,
			previousId: input.previousId ?? null,
			createdAt: now
		})
		.returning();
	return row!;
}

/** A repeated submit: the same id for the same youth and slot returns the stored appointment. */
async function replayed(db: Database, id: string, youthId: string, slotId: string | null): Promise<AppointmentRow | null> {
	const [existing] = await db.select().from(appointments).where(eq(appointments.id, id)).limit(1);
	if (!existing) return null;
	if (existing.youthId === youthId && (slotId === null || existing.slotId === slotId)) return existing;
	throw idReused();
}

/** Maps a unique violation that slipped past the checks (another process won the race). */
async function onRace<T>(fn: () => Promise<T>, replay: () => Promise<T | null>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		const pg = pgError(e);
		if (pg?.code === '23505' && pg.constraint === 'one_live_appointment_per_slot') throw slotTaken();
		if (pg?.code === '23505' && pg.constraint === 'appointments_pkey') {
			const again = await replay();
			if (again) return again;
			throw idReused();
		}
		if (pg?.code === '40P01' || pg?.code === '40001') throw slotTaken();
		throw e;
	}
}

/**
 * A youth may not book a slot on a day their Mission Locale is closed (« Réglages »): nobody would
 * be there. Staff still may, for a youth: a phone call kept during a closure is their call.
 */
async function refuseClosedDayForYouth(tx: Database, actor: Actor, slot: SlotRow): Promise<void> {
	if (actor.role !== 'youth') return;
	const day = parisDay(slot.startsAt);
	const closure = closureOn(await closuresOf(tx, slot.structureId, day), day);
	if (closure) throw structureClosed(closure.reason);
}

/**
 * Books a free future slot. A youth books for themself on a slot of their own Mission Locale;
 * staff book for a youth of their structure. `id` comes from the form: submitting twice books once.
 */
export async function bookAppointment(
	deps: AppointmentDeps,
	actor: Actor | null,
	input: { id: string; slotId: string; youthId?: string }
): Promise<BookingOutcome> {
	const a = requireActor(actor);
	const youth = await youthFor(deps, a, input.youthId);
	if (!isUuid(input.id)) throw idReused();
	if (!isUuid(input.slotId)) throw slotNotFound();
	const id = input.id.toLowerCase();
	const slotId = input.slotId.toLowerCase();
	const now = deps.now();
	const replay = async () => {
		const row = await replayed(deps.db, id, youth.id, slotId);
		return row ? { appointment: row, created: false } : null;
	};
	const outcome = await onRace(
		() =>
			deps.db.transaction(async (t) => {
				const tx = asDb(t);
				await lockPerson(tx, `appointments:youth:${youth.id}`);
				const again = await replayed(tx, id, youth.id, slotId);
				if (again) return { appointment: again, created: false };
				const slot = await createAppointmentsRepository({ db: tx, actor: a }).findSlot(slotId, { forUpdate: true });
				if (!slot || slot.structureId !== youth.structureId) throw slotNotFound();
				await refuseClosedDayForYouth(tx, a, slot);
				return { appointment: await insertBooking(tx, now, a, { id, slot, youthId: youth.id }), created: true };
			}),
		replay
	);
	if (outcome.created) await announceBooking(deps, a, outcome.appointment);
	return outcome;
}

/** Loads an appointment in the actor's scope after authorization (foreign ids: not found). */
async function loadAppointment(db: Database, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
	const row = await createAppointmentsRepository({ db, actor }).findAppointment(id, options);
	if (!row) throw appointmentNotFound();
	authorize(actor, 'write', 'youth_file', { structureId: row.structureId, networkId: null, ownerId: row.youthId });
	return row;
}

function refuseNonParticipants(actor: Actor) {
	// Only the youth themself and the staff of a structure ever reach an appointment.
	if (actor.role !== 'youth' && !STAFF_ROLES.includes(actor.role)) throw appointmentNotFound();
}

async function cancelInTx(tx: Database, now: Date, actor: Actor, row: AppointmentRow, reason: string | null): Promise<AppointmentRow> {
	if (row.cancelledAt) throw appointmentCancelled();
	if (row.startsAt.getTime() <= now.getTime()) throw alreadyStarted();
	const [updated] = await tx
		.update(appointments)
		.set({ cancelledAt: now, cancelledBy: actor.userId, cancelReason: reason, sequence: sql`${appointments.sequence} + 1` })
		.where(and(eq(appointments.id, row.id), isNull(appointments.cancelledAt)))
		.returning();
	if (!updated) throw appointmentCancelled();
	return updated;
}

/** Cancels an appointment (the youth or the structure's staff), until it starts. The slot is free again. */
export async function cancelAppointment(
	deps: AppointmentDeps,
	actor: Actor | null,
	input: { id: string; reason?: string }
): Promise<AppointmentRow> {
	const a = requireActor(actor);
	refuseNonParticipants(a);
	const parsedReason = reasonInput.safeParse(input.reason ?? '');
	if (!parsedReason.success) {
		throw new DomainError('validation.invalid', 'invalid', { fields: { reason: parsedReason.error.issues[0]?.message ?? 'Motif invalide.' } });
	}
	const reason = parsedReason.data || null;
	const now = deps.now();
	const row = await deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const current = await loadAppointment(tx, a, input.id, { forUpdate: true });
		return cancelInTx(tx, now, a, current, reason);
	});
	await notify(deps, row, 'cancelled');
	await tellYouth(deps, a, row, 'cancelled', async () => staffCancelledMessage({ startsAt: row.startsAt, reason: row.cancelReason }));
	return row;
}

/**
 * Moves an appointment to another free slot: cancels it and books the new slot in one
 * transaction; the new appointment points back to the old one. `newId` makes a repeat harmless.
 */
export async function moveAppointment(
	deps: AppointmentDeps,
	actor: Actor | null,
	input: { id: string; newId: string; slotId: string }
): Promise<BookingOutcome & { previous: AppointmentRow | null }> {
	const a = requireActor(actor);
	refuseNonParticipants(a);
	if (!isUuid(input.newId)) throw idReused();
	if (!isUuid(input.slotId)) throw slotNotFound();
	const newId = input.newId.toLowerCase();
	const slotId = input.slotId.toLowerCase();
	const now = deps.now();
	const first = await loadAppointment(deps.db, a, input.id);
	const replay = async () => {
		const row = await replayed(deps.db, newId, first.youthId, slotId);
		return row ? { appointment: row, created: false, previous: null } : null;
	};
	const outcome = await onRace(
		() =>
			deps.db.transaction(async (t) => {
				const tx = asDb(t);
				await lockPerson(tx, `appointments:youth:${first.youthId}`);
				const again = await replayed(tx, newId, first.youthId, slotId);
				if (again) return { appointment: again, created: false, previous: null };
				const current = await loadAppointment(tx, a, input.id, { forUpdate: true });
				const slot = await createAppointmentsRepository({ db: tx, actor: a }).findSlot(slotId, { forUpdate: true });
				if (!slot || slot.structureId !== current.structureId) throw slotNotFound();
				await refuseClosedDayForYouth(tx, a, slot);
				const previous = await cancelInTx(tx, now, a, current, 'Rendez-vous déplacé');
				const appointment = await insertBooking(tx, now, a, { id: newId, slot, youthId: current.youthId, previousId: current.id });
				return { appointment, created: true, previous };
			}),
		replay
	);
	if (outcome.created) {
		if (outcome.previous) await notify(deps, outcome.previous, 'cancelled');
		await notify(deps, outcome.appointment, 'moved');
		const previous = outcome.previous;
		if (previous) {
			await tellYouth(deps, a, outcome.appointment, 'moved', async () => {
				const view = await whereAndWho(deps.db, outcome.appointment);
				return staffMovedMessage(previous, { startsAt: outcome.appointment.startsAt, mode: outcome.appointment.mode, ...view });
			});
		}
	}
	return outcome;
}

/** Marks whether the youth came (staff only, once the appointment has started). Present counts as a contact. */
export async function markAttendance(
	deps: Pick<Deps, 'db' | 'now'>,
	actor: Actor | null,
	input: { id: string; attendance: string }
): Promise<AppointmentRow> {
	const a = requireRole(actor, STAFF_ROLES);
	const parsedAttendance = attendanceInput.safeParse(input.attendance);
	if (!parsedAttendance.success) {
		throw new DomainError('validation.invalid', 'invalid', { fields: { attendance: 'Choisissez présent, excusé ou absent.' } });
	}
	const attendance: Attendance = parsedAttendance.data;
	const now = deps.now();
	return deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await loadAppointment(tx, a, input.id, { forUpdate: true });
		if (row.cancelledAt) throw appointmentCancelled();
		if (row.startsAt.getTime() > now.getTime()) throw notStarted();
		const [updated] = await tx
			.update(appointments)
			.set({ attendance, attendanceMarkedAt: now, attendanceMarkedBy: a.userId })
			.where(eq(appointments.id, row.id))
			.returning();
		if (attendance === 'present') await recordContact(tx, { youthId: row.youthId, channel: 'appointment', at: row.startsAt });
		await recordAudit(tx, {
			actorId: a.userId,
			action: 'appointment.attendance',
			targetType: 'appointment',
			targetId: row.id,
			structureId: row.structureId,
			details: { attendance }
		});
		return updated!;
	});
}

/** Cuts `from`–`until` of a Paris day into slots of `duration` minutes (whole slots only). */
function cutRange(day: string, from: string, until: string, duration: number): { startsAt: Date; endsAt: Date }[] {
	const start = parisToInstant(day, from).getTime();
	const end = parisToInstant(day, until).getTime();
	const out: { startsAt: Date; endsAt: Date }[] = [];
	for (let t = start; t + duration * 60_000 <= end; t += duration * 60_000) {
		out.push({ startsAt: new Date(t), endsAt: new Date(t + duration * 60_000) });
	}
	return out;
}

/** Inserts slots for one staff member, refusing any overlap with their other slots (under their lock). */
async function insertSlots(
	tx: Database,
	actor: Actor,
	staffId: string,
	structureId: string,
	slots: { startsAt: Date; endsAt: Date; mode: SlotRow['mode']; siteId: string | null }[]
): Promise<SlotRow[]> {
	await lockPerson(tx, `appointments:staff:${staffId}`);
	const sorted = [...slots].sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
	for (let i = 1; i < sorted.length; i++) if (sorted[i]!.startsAt < sorted[i - 1]!.endsAt) throw slotOverlap();
	const first = sorted[0]!.startsAt;
	const last = sorted[sorted.length - 1]!.endsAt;
	const existing = await tx
		.select({ startsAt: appointmentSlots.startsAt, endsAt: appointmentSlots.endsAt })
		.from(appointmentSlots)
		.where(and(eq(appointmentSlots.staffId, staffId), lt(appointmentSlots.startsAt, last), gt(appointmentSlots.endsAt, first)));
	for (const s of sorted) {
		if (existing.some((e) => e.startsAt < s.endsAt && e.endsAt > s.startsAt)) throw slotOverlap();
	}
	return tx
		.insert(appointmentSlots)
		.values(sorted.map((s) => ({ ...s, structureId, staffId, createdBy: actor.userId })))
		.returning();
}

async function checkSite(db: Database, structureId: string, siteId: string | null) {
	if (siteId && !(await siteBelongsTo(db, siteId, structureId))) {
		throw new DomainError('validation.invalid', 'invalid', { fields: { siteId: 'Choisissez un lieu de votre Mission Locale.' } });
	}
}

function staffActor(actor: Actor | null): Actor & { structureId: string } {
	const a = requireRole(actor, STAFF_ROLES);
	if (!a.structureId) throw new DomainError('access.forbidden', 'forbidden');
	return a as Actor & { structureId: string };
}

/**
 * Publishes the actor's availability: a time range cut into slots, repeated weekly for `weeks`
 * weeks. Past slots are skipped; overlapping one of the actor's slots refuses the whole batch.
 */
export async function publishSlots(
	deps: Pick<Deps, 'db' | 'now'>,
	actor: Actor | null,
	values: Record<string, unknown>
): Promise<SlotRow[]> {
	const a = staffActor(actor);
	const input = validate(publishSlotsInput, values);
	await checkSite(deps.db, a.structureId, input.mode === 'in_person' ? input.siteId : null);
	const now = deps.now();
	const slots: { startsAt: Date; endsAt: Date; mode: SlotRow['mode']; siteId: string | null }[] = [];
	for (let w = 0; w < input.weeks; w++) {
		for (const s of cutRange(addDays(input.day, 7 * w), input.from, input.until, input.duration)) {
			if (s.startsAt.getTime() > now.getTime()) slots.push({ ...s, mode: input.mode, siteId: input.mode === 'in_person' ? input.siteId : null });
		}
	}
	if (slots.length === 0) {
		if (cutRange(input.day, input.from, input.until, input.duration).length === 0) throw noSlotInRange();
		throw slotPast();
	}
	if (slots.length > MAX_SLOTS_AT_ONCE) throw tooManySlots();
	return deps.db.transaction((t) => insertSlots(asDb(t), a, a.userId, a.structureId, slots));
}

/** Deletes a free slot (its owner, or a manager of the structure). A booked slot is refused. */
export async function deleteSlot(deps: Pick<Deps, 'db' | 'now'>, actor: Actor | null, slotId: string): Promise<void> {
	const a = staffActor(actor);
	await deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const slot = await createAppointmentsRepository({ db: tx, actor: a }).findSlot(slotId, { forUpdate: true });
		if (!slot) throw slotNotFound();
		if (slot.staffId !== a.userId && a.role !== 'structure_manager') throw slotNotFound();
		const live = await tx
			.select({ id: appointments.id })
			.from(appointments)
			.where(and(eq(appointments.slotId, slot.id), isNull(appointments.cancelledAt)))
			.limit(1);
		if (live.length > 0) throw slotBooked();
		await tx.delete(appointmentSlots).where(eq(appointmentSlots.id, slot.id));
	});
}

/**
 * Staff book for a youth on a slot they create on the fly (their own agenda), in one transaction:
 * the slot exists only if the booking succeeds.
 */
export async function bookNewSlotForYouth(
	deps: AppointmentDeps,
	actor: Actor | null,
	input: { id: string; youthId: string; values: Record<string, unknown> }
): Promise<BookingOutcome> {
	const a = staffActor(actor);
	const youth = await youthFor(deps, a, input.youthId);
	const slotInput: OneSlotInput = validate(oneSlotInput, input.values);
	if (!isUuid(input.id)) throw idReused();
	const id = input.id.toLowerCase();
	await checkSite(deps.db, a.structureId, slotInput.mode === 'in_person' ? slotInput.siteId : null);
	const startsAt = parisToInstant(slotInput.day, slotInput.from);
	const now = deps.now();
	if (startsAt.getTime() <= now.getTime()) throw slotPast();
	const replay = async () => {
		const row = await replayed(deps.db, id, youth.id, null);
		return row ? { appointment: row, created: false } : null;
	};
	const outcome = await onRace(
		() =>
			deps.db.transaction(async (t) => {
				const tx = asDb(t);
				await lockPerson(tx, `appointments:youth:${youth.id}`);
				const again = await replayed(tx, id, youth.id, null);
				if (again) return { appointment: again, created: false };
				const [slot] = await insertSlots(tx, a, a.userId, a.structureId, [
					{
						startsAt,
						endsAt: new Date(startsAt.getTime() + slotInput.duration * 60_000),
						mode: slotInput.mode,
						siteId: slotInput.mode === 'in_person' ? slotInput.siteId : null
					}
				]);
				return { appointment: await insertBooking(tx, now, a, { id, slot: slot!, youthId: youth.id }), created: true };
			}),
		replay
	);
	if (outcome.created) await announceBooking(deps, a, outcome.appointment);
	return outcome;
}

/**
 * Cancels every future appointment of a youth (e.g. transferred to another Mission Locale), in the
 * caller's transaction, without authorization (the caller has done it). Returns the cancelled
 * rows, for `sendCancellationMails` once the caller has committed.
 */
export async function cancelFutureAppointmentsOfYouth(
	tx: Database,
	input: { youthId: string; at: Date; reason: string }
): Promise<AppointmentRow[]> {
	if (!isUuid(input.youthId)) return [];
	return tx
		.update(appointments)
		.set({ cancelledAt: input.at, cancelReason: input.reason.slice(0, 500), sequence: sql`${appointments.sequence} + 1` })
		.where(and(eq(appointments.youthId, input.youthId.toLowerCase()), isNull(appointments.cancelledAt), gt(appointments.startsAt, input.at)))
		.returning();
}

/**
 * The cancellation e-mails (with the `.ics` CANCEL that removes the event from the youth's
 * calendar) of appointments another module cancelled, sent after its commit. A failed e-mail is
 * logged, never thrown: the cancellation stands.
 */
export async function sendCancellationMails(deps: AppointmentDeps, rows: readonly AppointmentRow[]): Promise<void> {
	for (const row of rows) await notify(deps, row, 'cancelled');
}

/** The id of the in-app reminder of an appointment: derived from its id, so posting twice posts once. */
export function reminderMessageId(appointmentId: string): string {
	return appointmentMessageId('reminder', appointmentId);
}

/** The id of an automatic message about an appointment (reminder, staff cancellation or move): one per appointment and kind. */
function appointmentMessageId(kind: 'reminder' | 'booked' | 'cancelled' | 'moved', appointmentId: string): string {
	const h = createHash('sha256').update(`tremplin-appointment-${kind}:${appointmentId.toLowerCase()}`).digest('hex');
	const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Reminders go out for appointments starting within this window. */
export const REMINDER_WINDOW_HOURS = 24;

/**
 * Sends the reminders that are due: each appointment starting in the next 24 hours is claimed by
 * one atomic update (`for update skip locked`: two processes never claim the same one), its in-app
 * message posted in the same transaction, then the e-mail with the calendar file is sent.
 */
export async function sendDueReminders(
	deps: Pick<Deps, 'db' | 'now' | 'mailer' | 'config' | 'logger'>,
	options: { max?: number } = {}
): Promise<number> {
	const now = deps.now();
	const horizon = new Date(now.getTime() + REMINDER_WINDOW_HOURS * 3_600_000);
	let sent = 0;
	for (let i = 0; i < (options.max ?? 500); i++) {
		const claimed = await deps.db.transaction(async (t) => {
			const tx = asDb(t);
			const [row] = await tx
				.update(appointments)
				.set({ reminderSentAt: now })
				.where(
					sql`${appointments.id} = (select a.id from ${appointments} a
						where a.cancelled_at is null and a.reminder_sent_at is null
						  and a.starts_at > ${now} and a.starts_at <= ${horizon}
						order by a.starts_at, a.id limit 1 for update skip locked)`
				)
				.returning();
			if (!row) return null;
			const who = await whereAndWho(tx, row);
			try {
				await postSystemMessage(
					{ db: tx, now: deps.now },
					{ youthId: row.youthId, id: reminderMessageId(row.id), body: reminderMessage({ startsAt: row.startsAt, mode: row.mode, ...who }) }
				);
			} catch (error) {
				if (!isDomainError(error)) throw error;
				deps.logger.warn({ err: error, appointmentId: row.id }, 'appointment reminder message refused');
			}
			return row;
		});
		if (!claimed) break;
		sent++;
		try {
			const view = await calendarView(deps.db, claimed);
			if (view) await deps.mailer.send(reminderMail(view, organizerOf(deps.config.mailFrom)));
		} catch (error) {
			deps.logger.warn({ err: error, appointmentId: claimed.id }, 'appointment reminder e-mail failed');
		}
	}
	return sent;
}

/**
 * Opens (or rejoins) the video call of a video appointment, from 15 minutes before its start to
 * its end, for the youth or the counselor of the appointment. Returns the call id (`/visio/<id>`).
 */
export async function joinAppointmentVideo(deps: Pick<Deps, 'db' | 'now'>, actor: Actor | null, id: string): Promise<{ id: string }> {
	const a = requireActor(actor);
	refuseNonParticipants(a);
	const row = await loadAppointment(deps.db, a, id);
	if (a.userId !== row.youthId && a.userId !== row.staffId) throw appointmentNotFound();
	if (!videoIsOpen(row, deps.now())) throw videoNotOpen();
	return openCall(deps, a, { youthId: row.youthId, staffId: row.staffId, appointmentId: row.id });
}
