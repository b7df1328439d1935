/**
 * Appointment times, always in Europe/Paris whatever the device or server time zone. Browser-safe
 * (pages and server share it). Days are `YYYY-MM-DD` strings of the Paris calendar.
 */

export const TIME_ZONE = 'Europe/Paris';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

function parisParts(d: Date) {
	const out: Record<string, number> = {};
	for (const p of partsFormat.formatToParts(d)) if (p.type !== 'literal') out[p.type] = Number(p.value);
	return out as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The Paris calendar day of an instant, `YYYY-MM-DD`. */
export function parisDay(d: Date): string {
	const p = parisParts(d);
	return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The Paris wall-clock time of an instant, `HH:MM`. */
export function parisTime(d: Date): string {
	const p = parisParts(d);
	return `${pad(p.hour)}:${pad(p.minute)}`;
}

export const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
export const isTime = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);

/** The instant of a Paris wall-clock time (the first one when the clock goes back, the next valid one when it jumps). */
export function parisToInstant(day: string, time: string): Date {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const [hh, mm] = time.split(':').map(Number) as [number, number];
	const wall = Date.UTC(y, m - 1, d, hh, mm);
	// Two passes find the offset in force at that wall time (CET +1 or CEST +2).
	let guess = wall - 60 * 60_000;
	for (let i = 0; i < 2; i++) {
		const p = parisParts(new Date(guess));
		const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - guess;
		guess = wall - offset;
	}
	return new Date(guess);
}

/** `day` plus `n` calendar days. */
export function addDays(day: string, n: number): string {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

/** Monday of the week of `day` (weeks start on Monday in France). */
export function mondayOf(day: string): string {
	const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
	return addDays(day, -((dow + 6) % 7));
}

const dayWords = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long' });
const dayWordsUtc = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });
const dayShortUtc = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

/** "14 h 30", "9 h" */
export function hourInWords(d: Date): string {
	const p = parisParts(d);
	return p.minute === 0 ? `${p.hour} h` : `${p.hour} h ${pad(p.minute)}`;
}

/** French writes the first day of a month "1er": "mardi 1er décembre". */
const first = (text: string) => text.replace(/(^|\s)1(?=\s|$)/, (_match, before: string) => `${before}1er`);

/** "mardi 24 novembre" for an instant. */
export const dateInWords = (d: Date) => first(dayWords.format(d));

/** "mardi 24 novembre à 14 h 30" */
export const dateTimeInWords = (d: Date) => `${dateInWords(d)} à ${hourInWords(d)}`;

/** "mardi 24 novembre" for a `YYYY-MM-DD` day. */
export const dayInWords = (day: string) => first(dayWordsUtc.format(new Date(`${day}T12:00:00Z`)));

/** "mar. 24 nov." for a `YYYY-MM-DD` day. */
export const dayShort = (day: string) => first(dayShortUtc.format(new Date(`${day}T12:00:00Z`)));

export const MODE_LABELS: Record<'in_person' | 'phone' | 'video', string> = {
	in_person: 'Sur place',
	phone: 'Par téléphone',
	video: 'En visio'
};

export const ATTENDANCE_LABELS: Record<'present' | 'excused' | 'absent', string> = {
	present: 'Présent·e',
	excused: 'Excusé·e',
	absent: 'Absent·e'
};
