import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, parisDay } from '$lib/appointments/time';
import { formatDayRange } from '$lib/format';
import type { Database } from '../../db/client';
import { authorize, requireRole, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { validate } from '../../platform/http/forms';
import { closureInThePast, closureNotFound, closureOverlaps, closureTooFar, structureNotFound, tooManyClosures } from './structures.errors';
import { structureClosures, structures } from './structures.schema';

/**
 * Exceptional closures of a Mission Locale (summer break, bridge day, a move): closed days like
 * public holidays for the night reply and the youth home. Managed by the structure's management
 * on the page « Réglages ».
 */
export interface Closure {
	id: string;
	/** First closed day, French calendar date ("2026-08-03"). */
	startsOn: string;
	/** Last closed day, included. */
	endsOn: string;
	/** Shown to youth ("Congés d'été"), or null. */
	reason: string | null;
}

/** A closure lasts at most this many days (a longer one is a site to archive, not a closure). */
export const MAX_CLOSURE_DAYS = 90;
/** Closures still to come (or under way) a structure may have at once. */
export const MAX_UPCOMING_CLOSURES = 30;
/** How far ahead a closure may start. */
const MAX_YEARS_AHEAD = 2;

const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;

/** "2026-08-03" or "03/08/2026" (a browser without a date picker) → "2026-08-03"; null if no such day. */
export function parseCalendarDate(input: string): string | null {
	const text = input.trim();
	const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	const french = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
	const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : french ? [french[3], french[2], french[1]] : [];
	if (!y || !m || !d) return null;
	const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
	if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
	if (date.getUTCFullYear() < 2000 || date.getUTCFullYear() > 2999) return null;
	return date.toISOString().slice(0, 10);
}

/** A zod transform reading a calendar date (see `parseCalendarDate`), or the French message. */
const toDay = (message: string) => (value: string, ctx: z.RefinementCtx) => {
	const day = parseCalendarDate(value);
	if (day) return day;
	ctx.addIssue({ code: 'custom', message });
	return z.NEVER;
};
const FIRST_DAY = 'Indiquez le premier jour de fermeture, par exemple 03/08/2026.';
const LAST_DAY = 'Indiquez le dernier jour de fermeture, par exemple 21/08/2026.';

export const closureInput = z
	.object({
		startsOn: z.string({ message: FIRST_DAY }).max(20, { message: FIRST_DAY }).transform(toDay(FIRST_DAY)),
		// Left empty: a one-day closure.
		endsOn: z
			.string({ message: LAST_DAY })
			.max(20, { message: LAST_DAY })
			.optional()
			.transform((v, ctx) => ((v ?? '').trim() === '' ? null : toDay(LAST_DAY)(v!, ctx))),
		reason: z
			.string()
			.optional()
			.transform((v) => (v ?? '').replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim())
			.pipe(z.string().max(120, { message: 'Le motif ne doit pas dépasser 120 caractères.' }))
			.transform((v) => (v === '' ? null : v))
	})
	.transform((v) => ({ startsOn: v.startsOn, endsOn: v.endsOn ?? v.startsOn, reason: v.reason }))
	.superRefine((v, ctx) => {
		if (v.endsOn < v.startsOn) {
			ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'Le dernier jour doit être le même jour que le premier, ou après.' });
		} else if (dayNumber(v.endsOn) - dayNumber(v.startsOn) >= MAX_CLOSURE_DAYS) {
			ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `Une fermeture dure ${MAX_CLOSURE_DAYS} jours au plus.` });
		}
	});
export type ClosureInput = z.input<typeof closureInput>;

const columns = {
	id: structureClosures.id,
	startsOn: structureClosures.startsOn,
	endsOn: structureClosures.endsOn,
	reason: structureClosures.reason
};

/** The closures of a structure not over on `fromDate` ("2026-08-03"), in date order (access checked by the caller). */
export async function closuresOf(db: Database, structureId: string, fromDate: string): Promise<Closure[]> {
	return db
		.select(columns)
		.from(structureClosures)
		.where(and(eq(structureClosures.structureId, structureId), gte(structureClosures.endsOn, fromDate)))
		.orderBy(asc(structureClosures.startsOn));
}

/** The closures of several structures not over on `fromDate`, by structure, in date order (public data). */
export async function closuresOfStructures(db: Database, structureIds: readonly string[], fromDate: string): Promise<Map<string, Closure[]>> {
	const byStructure = new Map<string, Closure[]>(structureIds.map((id) => [id, []]));
	if (structureIds.length === 0) return byStructure;
	const rows = await db
		.select({ structureId: structureClosures.structureId, ...columns })
		.from(structureClosures)
		.where(and(inArray(structureClosures.structureId, [...structureIds]), gte(structureClosures.endsOn, fromDate)))
		.orderBy(asc(structureClosures.startsOn));
	for (const { structureId, ...closure } of rows) byStructure.get(structureId)?.push(closure);
	return byStructure;
}

/** The closure covering a calendar date, if any. */
export function closureOn(closures: readonly Closure[], date: string): Closure | null {
	return closures.find((c) => c.startsOn <= date && date <= c.endsOn) ?? null;
}

/** The closure under way on `today`, else the first one starting within `withinDays`: what youth are told about. */
export function closureToAnnounce(closures: readonly Closure[], today: string, withinDays = 14): Closure | null {
	const horizon = addDays(today, withinDays);
	return closures.find((c) => c.endsOn >= today && c.startsOn <= horizon) ?? null;
}

function managerOf(actor: Actor | null): Actor & { structureId: string } {
	const a = requireRole(actor, ['structure_manager']);
	if (!a.structureId) throw structureNotFound();
	authorize(a, 'write', 'structure', { structureId: a.structureId, networkId: a.networkId });
	return a as Actor & { structureId: string };
}

/** The closures to come or under way of the manager's own structure (page « Réglages »). */
export async function listMyClosures(deps: { db: Database; now: () => Date }, actor: Actor | null): Promise<Closure[]> {
	const a = managerOf(actor);
	return closuresOf(deps.db, a.structureId, parisDay(deps.now()));
}

/**
 * Adds a closure to the manager's own structure, audited. Refused: a day already past, more than
 * two years ahead, overlapping another closure (under the structure's row lock, so two parallel
 * adds cannot both pass), or one too many. The same closure sent twice is stored once.
 */
export async function addClosure(
	deps: { db: Database; now: () => Date },
	actor: Actor | null,
	raw: ClosureInput | Record<string, unknown>
): Promise<Closure> {
	const a = managerOf(actor);
	const input = validate(closureInput, raw);
	const today = parisDay(deps.now());
	if (input.endsOn < today) throw closureInThePast();
	if (input.startsOn > addDays(today, 365 * MAX_YEARS_AHEAD)) throw closureTooFar();
	return deps.db.transaction(async (tx) => {
		const db = tx as unknown as Database;
		const [structure] = await db.select({ id: structures.id }).from(structures).where(eq(structures.id, a.structureId)).for('update');
		if (!structure) throw structureNotFound();
		const overlapping = await db
			.select(columns)
			.from(structureClosures)
			.where(
				and(
					eq(structureClosures.structureId, a.structureId),
					lte(structureClosures.startsOn, input.endsOn),
					gte(structureClosures.endsOn, input.startsOn)
				)
			)
			.orderBy(asc(structureClosures.startsOn))
			.limit(1);
		const clash = overlapping[0];
		if (clash) {
			// A double submission: the closure is already there, nothing to add.
			if (clash.startsOn === input.startsOn && clash.endsOn === input.endsOn && clash.reason === input.reason) return clash;
			throw closureOverlaps(formatDayRange(clash.startsOn, clash.endsOn));
		}
		const [upcoming] = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(structureClosures)
			.where(and(eq(structureClosures.structureId, a.structureId), gte(structureClosures.endsOn, today)));
		if ((upcoming?.n ?? 0) >= MAX_UPCOMING_CLOSURES) throw tooManyClosures(MAX_UPCOMING_CLOSURES);
		const [row] = await db
			.insert(structureClosures)
			.values({ structureId: a.structureId, ...input })
			.returning(columns);
		await recordAudit(db, {
			actorId: a.userId,
			action: 'structure.closure_added',
			targetType: 'structure',
			targetId: a.structureId,
			structureId: a.structureId,
			details: { closureId: row!.id, startsOn: input.startsOn, endsOn: input.endsOn }
		});
		return row!;
	});
}

/** Removes a closure of the manager's own structure, audited. Another structure's or an unknown id: not found. */
export async function removeClosure(deps: { db: Database }, actor: Actor | null, closureId: string): Promise<void> {
	const a = managerOf(actor);
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(closureId)) throw closureNotFound();
	await deps.db.transaction(async (tx) => {
		const db = tx as unknown as Database;
		const [removed] = await db
			.delete(structureClosures)
			.where(and(eq(structureClosures.id, closureId.toLowerCase()), eq(structureClosures.structureId, a.structureId)))
			.returning(columns);
		if (!removed) throw closureNotFound();
		await recordAudit(db, {
			actorId: a.userId,
			action: 'structure.closure_removed',
			targetType: 'structure',
			targetId: a.structureId,
			structureId: a.structureId,
			details: { closureId: removed.id, startsOn: removed.startsOn, endsOn: removed.endsOn }
		});
	});
}
