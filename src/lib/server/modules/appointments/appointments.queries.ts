import { and, asc, count, eq, gt, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { createAccountsRepository, findAccountById } from '$lib/server/modules/accounts';
import { closureOn, closuresOf, sitesOfStructure, videoFallbackOf, type Closure } from '$lib/server/modules/structures';
import { isStaff, type Actor } from '$lib/server/platform/access';
import { addDays, parisDay, parisToInstant } from '$lib/appointments/time';
import { createAppointmentsRepository, type AppointmentRow, type SlotRow } from './appointments.repository';
import { appointments, type AppointmentMode, type Attendance } from './appointments.schema';
import { isUuid } from './appointments.validation';

/** The video room opens this long before the start (and closes at the end). */
export const VIDEO_OPENS_MINUTES_BEFORE = 15;

export interface SiteView {
	id: string;
	name: string;
	address: string;
}

export interface AppointmentView {
	id: string;
	startsAt: Date;
	endsAt: Date;
	mode: AppointmentMode;
	site: SiteView | null;
	staffId: string;
	counselorFirstName: string;
	counselorName: string;
	youthId: string;
	youthName: string;
	cancelledAt: Date | null;
	cancelReason: string | null;
	attendance: Attendance | null;
	previousId: string | null;
	/** Still cancellable / movable (not cancelled, not started). */
	changeable: boolean;
	/** The video room can be joined now. */
	videoOpen: boolean;
}

export interface SlotView {
	id: string;
	startsAt: Date;
	endsAt: Date;
	mode: AppointmentMode;
	site: SiteView | null;
	staffId: string;
	counselorFirstName: string;
	appointment: AppointmentView | null;
}

export const videoIsOpen = (a: { mode: AppointmentMode; startsAt: Date; endsAt: Date; cancelledAt: Date | null }, now: Date) =>
	a.mode === 'video' &&
	!a.cancelledAt &&
	now.getTime() >= a.startsAt.getTime() - VIDEO_OPENS_MINUTES_BEFORE * 60_000 &&
	now.getTime() < a.endsAt.getTime();

/** Names and sites read once per page (other modules' data through their index). */
function lookups(db: Database) {
	const people = new Map<string, Promise<{ firstName: string; lastName: string } | null>>();
	const sites = new Map<string, Promise<Map<string, SiteView>>>();
	return {
		person(id: string) {
			if (!people.has(id)) people.set(id, findAccountById(db, id));
			return people.get(id)!;
		},
		async site(structureId: string, siteId: string | null): Promise<SiteView | null> {
			if (!siteId) return null;
			if (!sites.has(structureId)) {
				sites.set(
					structureId,
					sitesOfStructure(db, structureId).then(
						(rows) => new Map(rows.map((s) => [s.id, { id: s.id, name: s.name, address: `${s.addressLine}, ${s.postalCode} ${s.city}` }]))
					)
				);
			}
			return (await sites.get(structureId)!).get(siteId) ?? null;
		}
	};
}
type Lookups = ReturnType<typeof lookups>;

async function toView(l: Lookups, row: AppointmentRow, now: Date): Promise<AppointmentView> {
	const staff = await l.person(row.staffId);
	const youth = await l.person(row.youthId);
	return {
		id: row.id,
		startsAt: row.startsAt,
		endsAt: row.endsAt,
		mode: row.mode,
		site: await l.site(row.structureId, row.siteId),
		staffId: row.staffId,
		counselorFirstName: staff?.firstName ?? '',
		counselorName: staff ? `${staff.firstName} ${staff.lastName}`.trim() : '',
		youthId: row.youthId,
		youthName: youth ? `${youth.firstName} ${youth.lastName}`.trim() : '',
		cancelledAt: row.cancelledAt,
		cancelReason: row.cancelReason,
		attendance: row.attendance,
		previousId: row.previousId,
		changeable: !row.cancelledAt && row.startsAt.getTime() > now.getTime(),
		videoOpen: videoIsOpen(row, now)
	};
}

/**
 * A youth's appointments (their own; staff: a youth of their structure): coming ones soonest
 * first, then past and cancelled ones, most recent first. Anyone else gets empty lists.
 */
export async function listYouthAppointments(
	db: Database,
	actor: Actor,
	now: Date,
	youthId: string = actor.userId
): Promise<{ upcoming: AppointmentView[]; past: AppointmentView[] }> {
	const rows = await createAppointmentsRepository({ db, actor }).listForYouth(youthId);
	const l = lookups(db);
	const views = await Promise.all(rows.map((r) => toView(l, r, now)));
	const upcoming = views.filter((v) => !v.cancelledAt && v.endsAt.getTime() > now.getTime());
	const past = views
		.filter((v) => v.cancelledAt || v.endsAt.getTime() <= now.getTime())
		.sort((x, y) => y.startsAt.getTime() - x.startsAt.getTime())
		.slice(0, 50);
	return { upcoming, past };
}

/** One appointment with the structure's video fallback; null when absent or out of scope. */
export async function getAppointment(
	db: Database,
	actor: Actor,
	id: string,
	now: Date
): Promise<(AppointmentView & { fallback: { url: string | null; phone: string | null } | null; structureId: string }) | null> {
	const row = await createAppointmentsRepository({ db, actor }).findAppointment(id);
	if (!row) return null;
	const view = await toView(lookups(db), row, now);
	const fallback = row.mode === 'video' ? await videoFallbackOf(db, row.structureId) : null;
	return { ...view, fallback, structureId: row.structureId };
}

/** The next live appointment of the actor (a youth), for their home page. */
export async function nextAppointmentOf(db: Database, actor: Actor, now: Date): Promise<AppointmentView | null> {
	if (actor.role !== 'youth') return null;
	const { upcoming } = await listYouthAppointments(db, actor, now);
	return upcoming[0] ?? null;
}

/** How soon a youth may book: not in the next hour (the counselor must be able to prepare). */
export const BOOKING_LEAD_MINUTES = 60;
/** How far ahead free slots are offered. */
export const BOOKING_HORIZON_DAYS = 42;

/**
 * The exceptional closures of a youth's Mission Locale under way or starting within the booking
 * horizon: their days are not offered to the youth (`freeSlotsByDay`, `getFreeSlot`, and booking
 * refuses them). Staff are not concerned (none).
 */
export async function closuresHiddenFromBooking(db: Database, actor: Actor, now: Date): Promise<Closure[]> {
	if (actor.role !== 'youth' || !actor.structureId) return [];
	const horizon = parisDay(new Date(now.getTime() + BOOKING_HORIZON_DAYS * 86_400_000));
	return (await closuresOf(db, actor.structureId, parisDay(now))).filter((c) => c.startsOn <= horizon);
}

/** Free slots the actor (a youth, or staff for a youth) may book, grouped by Paris day; a youth's skip closed days. */
export async function freeSlotsByDay(
	db: Database,
	actor: Actor,
	options: { mode?: AppointmentMode; now: Date }
): Promise<{ day: string; slots: SlotView[] }[]> {
	const slots = await createAppointmentsRepository({ db, actor }).freeSlots({
		after: new Date(options.now.getTime() + BOOKING_LEAD_MINUTES * 60_000),
		before: new Date(options.now.getTime() + BOOKING_HORIZON_DAYS * 86_400_000),
		mode: options.mode
	});
	const closed = await closuresHiddenFromBooking(db, actor, options.now);
	const l = lookups(db);
	const days = new Map<string, SlotView[]>();
	for (const s of slots) {
		const day = parisDay(s.startsAt);
		if (closureOn(closed, day)) continue;
		const view = await slotView(l, s, null);
		days.set(day, [...(days.get(day) ?? []), view]);
	}
	return [...days].map(([day, list]) => ({ day, slots: list }));
}

async function slotView(l: Lookups, s: SlotRow, appointment: AppointmentView | null): Promise<SlotView> {
	const staff = await l.person(s.staffId);
	return {
		id: s.id,
		startsAt: s.startsAt,
		endsAt: s.endsAt,
		mode: s.mode,
		site: await l.site(s.structureId, s.siteId),
		staffId: s.staffId,
		counselorFirstName: staff?.firstName ?? '',
		appointment
	};
}

/** One free slot the actor may book (youth: of their structure, not on a closed day; staff: of theirs), or null. */
export async function getFreeSlot(db: Database, actor: Actor, slotId: string, now: Date): Promise<SlotView | null> {
	const repository = createAppointmentsRepository({ db, actor });
	const slot = await repository.findSlot(slotId);
	if (!slot || slot.startsAt.getTime() <= now.getTime()) return null;
	if ((await repository.liveOnSlots([slot.id])).size > 0) return null;
	if (closureOn(await closuresHiddenFromBooking(db, actor, now), parisDay(slot.startsAt))) return null;
	return slotView(lookups(db), slot, null);
}

/**
 * A staff member's agenda between two instants: their slots, each with its live appointment if
 * booked. Staff only, and only for a member of their own structure (counselors: themselves; a
 * manager: anyone of the structure). Null when not allowed.
 */
export async function getAgenda(
	db: Database,
	actor: Actor,
	options: { staffId: string; from: Date; to: Date; now: Date }
): Promise<{ slots: SlotView[] } | null> {
	if (!isStaff(actor) || !actor.structureId) return null;
	if (!isUuid(options.staffId)) return null;
	const staffId = options.staffId.toLowerCase();
	if (staffId !== actor.userId) {
		if (actor.role !== 'structure_manager') return null;
		const colleagues = await createAccountsRepository({ db, actor }).listStructureCounselors();
		if (!colleagues.some((c) => c.id === staffId)) return null;
	}
	const repository = createAppointmentsRepository({ db, actor });
	const slots = await repository.slotsOf(staffId, options.from, options.to);
	const live = await repository.liveOnSlots(slots.map((s) => s.id));
	const l = lookups(db);
	const views: SlotView[] = [];
	for (const s of slots) {
		const row = live.get(s.id);
		views.push(await slotView(l, s, row ? await toView(l, row, options.now) : null));
	}
	return { slots: views };
}

/**
 * The live (not cancelled) appointments of the actor's structure that start within each range of
 * French calendar days ("2026-08-03" to "2026-08-21", both included): what a closure planned in
 * « Réglages » would leave to cancel or move — how many, and the first `shown` in date order.
 * Staff of a structure only (others: none).
 */
export async function liveAppointmentsWithin(
	db: Database,
	actor: Actor,
	ranges: readonly { startsOn: string; endsOn: string }[],
	now: Date,
	shown = 10
): Promise<{ count: number; first: AppointmentView[] }[]> {
	if (!isStaff(actor) || !actor.structureId) return ranges.map(() => ({ count: 0, first: [] }));
	const structureId = actor.structureId;
	const l = lookups(db);
	return Promise.all(
		ranges.map(async (r) => {
			const within = and(
				eq(appointments.structureId, structureId),
				isNull(appointments.cancelledAt),
				gte(appointments.startsAt, parisToInstant(r.startsOn, '00:00')),
				lt(appointments.startsAt, parisToInstant(addDays(r.endsOn, 1), '00:00'))
			);
			const [counted] = await db.select({ n: count() }).from(appointments).where(within);
			const rows = await db.select().from(appointments).where(within).orderBy(asc(appointments.startsAt)).limit(shown);
			const first: AppointmentView[] = [];
			for (const row of rows) first.push(await toView(l, row, now));
			return { count: Number(counted?.n ?? 0), first };
		})
	);
}

/**
 * The next live appointment of each youth. No authorization inside: the caller has already
 * limited `youthIds` to what the actor may see.
 */
export async function nextAppointmentsByYouth(
	db: Database,
	youthIds: string[],
	now: Date
): Promise<Map<string, { id: string; startsAt: Date; mode: AppointmentMode; counselorName: string }>> {
	const ids = youthIds.filter(isUuid).map((id) => id.toLowerCase());
	const out = new Map<string, { id: string; startsAt: Date; mode: AppointmentMode; counselorName: string }>();
	if (ids.length === 0) return out;
	const rows = await db
		.selectDistinctOn([appointments.youthId], {
			youthId: appointments.youthId,
			id: appointments.id,
			startsAt: appointments.startsAt,
			mode: appointments.mode,
			staffId: appointments.staffId
		})
		.from(appointments)
		.where(and(inArray(appointments.youthId, ids), isNull(appointments.cancelledAt), gt(appointments.endsAt, now)))
		.orderBy(appointments.youthId, asc(appointments.startsAt));
	const l = lookups(db);
	for (const r of rows) {
		const staff = await l.person(r.staffId);
		out.set(r.youthId, {
			id: r.id,
			startsAt: r.startsAt,
			mode: r.mode,
			counselorName: staff ? `${staff.firstName} ${staff.lastName}`.trim() : ''
		});
	}
	return out;
}

/** The youth staff may book for (their structure's), for the agenda's picker. */
export async function youthToBookFor(db: Database, actor: Actor): Promise<{ id: string; name: string }[]> {
	const list = await createAccountsRepository({ db, actor }).listYouth({ filter: 'all' });
	return list
		.map((y) => ({ id: y.id, name: `${y.firstName} ${y.lastName}`.trim() }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The staff whose agenda the actor may look at (themself; a manager: the whole team). */
export async function agendaOwners(db: Database, actor: Actor): Promise<{ id: string; name: string }[]> {
	if (!isStaff(actor)) return [];
	const team = await createAccountsRepository({ db, actor }).listStructureCounselors();
	const visible = actor.role === 'structure_manager' ? team : team.filter((t) => t.id === actor.userId);
	return visible.map((t) => ({ id: t.id, name: `${t.firstName} ${t.lastName}`.trim() }));
}

/** The sites where an in-person appointment may take place (the actor's structure, open sites). */
export async function bookableSites(db: Database, actor: Actor): Promise<SiteView[]> {
	if (!actor.structureId) return [];
	const rows = await sitesOfStructure(db, actor.structureId);
	return rows.filter((s) => !s.archived).map((s) => ({ id: s.id, name: s.name, address: `${s.addressLine}, ${s.postalCode} ${s.city}` }));
}
