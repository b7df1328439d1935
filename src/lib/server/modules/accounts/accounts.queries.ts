import { and, asc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { requireRole, type Actor } from '../../platform/access/access';
import { closedDaysOf, closuresOf, closureToAnnounce } from '../structures';
import { departmentOf } from '../structures/structures.holidays';
import { sites, structures, type OpeningHours } from '../structures/structures.schema';
import { users, youthProfiles } from './accounts.schema';

/** When a site next opens (or is open now), in its local time (Europe/Paris). */
export interface NextOpening {
	/** true when the site is open at this moment (then `closes` is today's closing time). */
	openNow: boolean;
	/** 0 = today, 1 = tomorrow, … (beyond 7 only after closed dates: public holidays, closures). */
	inDays: number;
	/** The French calendar date of that opening ("2026-08-24"). */
	date: string;
	/** ISO day of week, 1 = Monday … 7 = Sunday. */
	day: number;
	opens: string;
	closes: string;
}

export interface YouthHome {
	firstName: string;
	referent: { firstName: string; lastName: string } | null;
	structure: { name: string; phone: string | null; email: string | null; website: string | null };
	site: {
		name: string;
		addressLine: string;
		postalCode: string;
		city: string;
		phone: string | null;
		openingHours: OpeningHours;
		nextOpening: NextOpening | null;
	} | null;
	/** An exceptional closure under way or starting within two weeks, to warn the youth. */
	closure: { startsOn: string; endsOn: string; reason: string | null } | null;
}

const TIME_ZONE = 'Europe/Paris';
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The ISO weekday and "HH:MM" of an instant in French local time. */
function localClock(now: Date): { day: number; time: string } {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: TIME_ZONE,
		weekday: 'short',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(now);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return { day: WEEKDAYS[get('weekday')] ?? 1, time: `${get('hour')}:${get('minute')}` };
}

/** The French calendar date ("2025-12-25") `inDays` days after the local date of `now`. */
function localDate(now: Date, inDays: number): string {
	const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
		.format(now)
		.split('-')
		.map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + inDays)).toISOString().slice(0, 10);
}

/**
 * The next opening slot of a week of opening hours, from `now` (French local time). `closedOn`
 * names closed dates ("2025-12-25": public holidays, see `structures.holidays.ts`), skipped.
 */
export function nextOpening(hours: OpeningHours, now: Date, closedOn?: (date: string) => boolean): NextOpening | null {
	if (hours.length === 0) return null;
	const { day: today, time } = localClock(now);
	const sorted = [...hours].sort((a, b) => a.day - b.day || a.opens.localeCompare(b.opens));
	// A week and a day without closed dates; with them, beyond the longest exceptional closure
	// (90 days, see structures.closures.ts) and the holidays or weekend that may follow it.
	const horizon = closedOn ? 120 : 7;
	for (let inDays = 0; inDays <= horizon; inDays++) {
		if (closedOn?.(localDate(now, inDays))) continue;
		const day = ((today - 1 + inDays) % 7) + 1;
		for (const slot of sorted.filter((s) => s.day === day)) {
			// Today: slots already over are skipped. (On the same weekday a week later, only the slots
			// that were over today are left: the others were returned today.)
			if (inDays === 0 && slot.closes <= time) continue;
			const openNow = inDays === 0 && slot.opens <= time;
			return { openNow, inDays, date: localDate(now, inDays), day, opens: slot.opens, closes: slot.closes };
		}
	}
	return null;
}

/**
 * What the youth home shows: the youth's first name, their referent counselor, their Mission
 * Locale and its site nearest to them (same commune, else their counselor's site, else the first
 * one) with its next opening. Scoped to the signed-in youth only.
 */
export async function getYouthHome(db: Database, actor: Actor | null, now: Date = new Date()): Promise<YouthHome | null> {
	const youth = requireRole(actor, ['youth']);
	const referent = alias(users, 'referent');
	const [row] = await db
		.select({
			firstName: users.firstName,
			communeCode: youthProfiles.communeCode,
			referentFirstName: referent.firstName,
			referentLastName: referent.lastName,
			referentSiteId: referent.siteId,
			referentDisabledAt: referent.disabledAt,
			structureId: structures.id,
			structureName: structures.name,
			structureDepartment: structures.departmentCode,
			structurePhone: structures.phone,
			structureEmail: structures.email,
			structureWebsite: structures.website
		})
		.from(users)
		.innerJoin(youthProfiles, eq(youthProfiles.userId, users.id))
		.innerJoin(structures, eq(structures.id, youthProfiles.structureId))
		.leftJoin(referent, eq(referent.id, youthProfiles.referentId))
		.where(and(eq(users.id, youth.userId), eq(users.role, 'youth')))
		.limit(1);
	if (!row) return null;

	const today = localDate(now, 0);
	const closures = await closuresOf(db, row.structureId, today);
	const announced = closureToAnnounce(closures, today);
	const candidates = await db
		.select()
		.from(sites)
		.where(and(eq(sites.structureId, row.structureId), isNull(sites.archivedAt)))
		.orderBy(asc(sites.createdAt), asc(sites.name));
	const site =
		candidates.find((s) => row.communeCode && s.communeCode === row.communeCode) ??
		candidates.find((s) => s.id === row.referentSiteId) ??
		candidates[0] ??
		null;

	return {
		firstName: row.firstName,
		referent:
			row.referentFirstName !== null && row.referentDisabledAt === null
				? { firstName: row.referentFirstName, lastName: row.referentLastName ?? '' }
				: null,
		structure: {
			name: row.structureName,
			phone: row.structurePhone,
			email: row.structureEmail,
			website: row.structureWebsite
		},
		site: site
			? {
					name: site.name,
					addressLine: site.addressLine,
					postalCode: site.postalCode,
					city: site.city,
					phone: site.phone,
					openingHours: site.openingHours,
					nextOpening: nextOpening(site.openingHours, now, closedDaysOf(departmentOf(row.structureDepartment, site.postalCode), closures))
				}
			: null,
		closure: announced ? { startsOn: announced.startsOn, endsOn: announced.endsOn, reason: announced.reason } : null
	};
}
