import { addDays, dayInWords, parisDay } from '$lib/appointments/time';
import type { OpeningHours } from './structures.schema';

/** French day names, ISO order (1 = Monday). */
export const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

/** "09:00" → "9 h", "12:30" → "12 h 30". */
export function formatTime(time: string): string {
	const [h, m] = time.split(':');
	return `${Number(h)} h${m && m !== '00' ? ` ${m}` : ''}`;
}

/** "de 9 h à 12 h 30 et de 13 h 30 à 17 h" for one day's ranges (already sorted). */
export function formatRanges(ranges: { opens: string; closes: string }[]): string {
	return ranges.map((r) => `de ${formatTime(r.opens)} à ${formatTime(r.closes)}`).join(' et ');
}

/** ISO weekday (1–7) of an instant in France (Europe/Paris), whatever the server's time zone. */
export function weekdayInFrance(at: Date): number {
	const name = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Paris' }).format(at);
	return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
}

export interface HoursSummary {
	/** "Ouvert aujourd'hui de 9 h à 12 h 30" or "Fermé aujourd'hui". */
	today: string;
	openToday: boolean;
	/** One line per day, Monday first: { day: 'lundi', text: 'de 9 h à 12 h 30 et de 13 h 30 à 17 h' | 'fermé' }. */
	week: { day: string; text: string }[];
}

/**
 * Today's hours and the week's, in words. `closedOn(date)` names closed dates (public holidays,
 * exceptional closures: `closedDaysOf`): closed today whatever the hours say, and skipped when
 * saying when it opens ("Ouvre lundi 24 août à 9 h" a week or more away).
 */
export function summarizeHours(hours: OpeningHours, at: Date, closedOn?: (date: string) => boolean): HoursSummary {
	const byDay = (day: number) =>
		hours.filter((r) => r.day === day).sort((a, b) => a.opens.localeCompare(b.opens));
	const weekday = weekdayInFrance(at);
	const today = parisDay(at);
	const todayRanges = closedOn?.(today) ? [] : byDay(weekday);
	let closedText = 'Fermé aujourd’hui';
	// Beyond the longest exceptional closure (90 days) when there are closed dates.
	for (let i = 1; i <= (closedOn ? 120 : 7); i++) {
		const day = ((weekday - 1 + i) % 7) + 1;
		const date = addDays(today, i);
		if (closedOn?.(date)) continue;
		const next = byDay(day)[0];
		if (next) {
			const when = i === 1 ? 'demain' : i < 7 ? DAY_NAMES[day - 1] : dayInWords(date);
			closedText += `. Ouvre ${when} à ${formatTime(next.opens)}`;
			break;
		}
	}
	return {
		today: todayRanges.length ? `Ouvert aujourd’hui ${formatRanges(todayRanges)}` : closedText,
		openToday: todayRanges.length > 0,
		week: DAY_NAMES.map((day, i) => {
			const ranges = byDay(i + 1);
			return { day, text: ranges.length ? formatRanges(ranges) : 'fermé' };
		})
	};
}
