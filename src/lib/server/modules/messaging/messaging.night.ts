import { createHash } from 'node:crypto';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { nextOpening, type NextOpening } from '../accounts';
import { dayInWords } from '$lib/appointments/time';
import { formatDayRange } from '$lib/format';
import { DAY_NAMES, formatTime, openingCalendarOfStructure, type Closure } from '../structures';
import { messages } from './messaging.schema';

/**
 * Night hours: when a youth writes while no site of their Mission Locale is open (Europe/Paris
 * time), one automatic `system` message tells them when an answer can come, what to do meanwhile
 * and the emergency numbers — at most one per closed period.
 */

/** Where the structure stands at `now`: open, or closed until `next` (null: no opening hours at all). */
export interface StructureOpening {
	openNow: boolean;
	next: NextOpening | null;
	/** The exceptional closure under way or before the next opening, if any (told to the youth). */
	closure: Closure | null;
}

/** Opening state of a structure from its non-archived sites: open if any site is open now. */
export async function structureOpening(db: Database, structureId: string, now: Date): Promise<StructureOpening> {
	let next: NextOpening | null = null;
	const calendar = await openingCalendarOfStructure(db, structureId, now);
	for (const hours of calendar.hours) {
		// Public holidays (Alsace-Moselle's included) and exceptional closures are closed days
		// whatever the hours say.
		const slot = nextOpening(hours, now, calendar.closedOn);
		if (!slot) continue;
		if (slot.openNow) return { openNow: true, next: slot, closure: null };
		if (!next || slot.inDays < next.inDays || (slot.inDays === next.inDays && slot.opens < next.opens)) next = slot;
	}
	// Closures are those not over today, by date: the first one before the next opening explains the wait.
	const closure = calendar.closures.find((c) => !next || c.startsOn <= next.date) ?? null;
	return { openNow: false, next, closure };
}

/**
 * A key naming the closed period an instant falls in: the date and time of the opening that ends
 * it ("2025-03-11T09:00"), or "never" when the structure has no opening hours.
 */
export function closedPeriodKey(next: NextOpening | null): string {
	return next ? `${next.date}T${next.opens}` : 'never';
}

/** "demain à 9 h" / "lundi à 9 h" / "aujourd’hui à 13 h 30" / "lundi 5 janvier à 9 h" (a week or more away). */
function whenText(next: NextOpening): string {
	let day = next.inDays === 0 ? 'aujourd’hui' : next.inDays === 1 ? 'demain' : DAY_NAMES[next.day - 1]!;
	if (next.inDays >= 7) day = dayInWords(next.date);
	return `${day} à ${formatTime(next.opens)}`;
}

export const EMERGENCY_LINE =
	'En cas d’urgence : 112. Si tu as des idées suicidaires : 3114 (gratuit, 24 h/24). Violences : 3919.';

/**
 * The text of the automatic reply (tu, short, honest). When an exceptional closure explains the
 * wait, it gives its dates and the reason the structure wrote ("Congés d'été").
 */
export function nightReplyBody(next: NextOpening | null, closure: Pick<Closure, 'startsOn' | 'endsOn' | 'reason'> | null = null): string {
	const closed = closure
		? `Ta Mission Locale est fermée ${formatDayRange(closure.startsOn, closure.endsOn)}${closure.reason ? ` (${closure.reason.replace(/[.!]+$/, '')})` : ''}.`
		: 'Ta Mission Locale est fermée.';
	const when = next
		? `${closed} Elle rouvre ${whenText(next)} : ton conseiller ou ta conseillère te répondra à partir de ce moment.`
		: `${closed} Ton conseiller ou ta conseillère lira ton message dès que possible.`;
	// French typography: no line break before a colon nor inside "9 h" or "24 h/24".
	return [when, 'En attendant, tu peux jouer un parcours : /parcours', EMERGENCY_LINE]
		.join('\n\n')
		.replace(/ :/g, '\u00a0:')
		.replace(/(\d) h/g, '$1\u00a0h');
}

/** The automatic reply's id, derived from the youth message's id (a retry adds nothing). */
export function nightReplyId(messageId: string): string {
	const h = createHash('sha256').update(`tremplin-night-reply:${messageId.toLowerCase()}`).digest('hex');
	const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** How far back to look for the last answer or automatic reply (messages, newest first). */
const LOOK_BACK = 50;

/**
 * The body of the automatic reply a youth message at `seq` calls for, or null: none while the
 * structure is open, none if the last reply before it (staff message or night reply; other
 * automatic messages such as appointment reminders are skipped) is a night reply of the same
 * closed period (staff have not answered since).
 */
export async function nightReplyFor(
	db: Database,
	conversation: { id: string; structureId: string },
	seq: number,
	now: Date
): Promise<string | null> {
	const opening = await structureOpening(db, conversation.structureId, now);
	if (opening.openNow) return null;
	const before = await db
		.select({ id: messages.id, authorRole: messages.authorRole, createdAt: messages.createdAt })
		.from(messages)
		.where(and(eq(messages.conversationId, conversation.id), lt(messages.seq, seq)))
		.orderBy(desc(messages.seq))
		.limit(LOOK_BACK);
	for (const [i, m] of before.entries()) {
		if (m.authorRole === 'staff') break;
		if (m.authorRole !== 'system') continue;
		// A night reply sits right after the youth message it answers and derives its id from it.
		const previous = before[i + 1];
		if (!previous || previous.authorRole !== 'youth' || nightReplyId(previous.id) !== m.id) continue;
		const then = await structureOpening(db, conversation.structureId, m.createdAt);
		if (closedPeriodKey(then.next) === closedPeriodKey(opening.next)) return null;
		break;
	}
	return nightReplyBody(opening.next, opening.closure);
}
