import { describe, expect, it } from 'vitest';
import { formatTime, summarizeHours, weekdayInFrance } from './structures.hours';

const hours = [
	{ day: 1, opens: '09:00', closes: '12:30' },
	{ day: 1, opens: '13:30', closes: '17:00' },
	{ day: 3, opens: '14:00', closes: '17:00' }
];

describe('opening hours in plain French', () => {
	it('writes times the French way', () => {
		expect(formatTime('09:00')).toBe('9 h');
		expect(formatTime('12:30')).toBe('12 h 30');
	});

	it('uses the day in France, not on the server', () => {
		// Sunday 23:30 in UTC is already Monday in Paris.
		expect(weekdayInFrance(new Date('2026-03-01T23:30:00Z'))).toBe(1);
	});

	it('says when a site is open today', () => {
		const monday = new Date('2026-03-02T10:00:00+01:00');
		expect(summarizeHours(hours, monday).today).toBe('Ouvert aujourd’hui de 9 h à 12 h 30 et de 13 h 30 à 17 h');
	});

	it('says when it opens next when it is closed today', () => {
		expect(summarizeHours(hours, new Date('2026-03-03T10:00:00+01:00')).today).toBe('Fermé aujourd’hui. Ouvre demain à 14 h');
		expect(summarizeHours(hours, new Date('2026-03-05T10:00:00+01:00')).today).toBe('Fermé aujourd’hui. Ouvre lundi à 9 h');
		expect(summarizeHours([], new Date()).today).toBe('Fermé aujourd’hui');
	});

	it('lists the week from Monday, closed days included', () => {
		const week = summarizeHours(hours, new Date('2026-03-02T10:00:00+01:00')).week;
		expect(week[0]).toEqual({ day: 'lundi', text: 'de 9 h à 12 h 30 et de 13 h 30 à 17 h' });
		expect(week[1]).toEqual({ day: 'mardi', text: 'fermé' });
		expect(week).toHaveLength(7);
	});

	it('is closed on a closed date whatever the hours say, and opens after the closed dates', () => {
		// Monday 6 April 2026 is Easter Monday; a closure from 7 to 17 April.
		const closedOn = (date: string) => date === '2026-04-06' || (date >= '2026-04-07' && date <= '2026-04-17');
		const easterMonday = new Date('2026-04-06T10:00:00+02:00');
		expect(summarizeHours(hours, easterMonday, closedOn)).toMatchObject({
			openToday: false,
			today: 'Fermé aujourd’hui. Ouvre lundi 20 avril à 9 h'
		});
		// The week's hours stay the usual ones.
		expect(summarizeHours(hours, easterMonday, closedOn).week[0]!.text).toBe('de 9 h à 12 h 30 et de 13 h 30 à 17 h');
		// Without closed dates: open as usual.
		expect(summarizeHours(hours, easterMonday).openToday).toBe(true);
		// Closed only on Wednesday: from Tuesday, the next opening is Monday.
		expect(summarizeHours(hours, new Date('2026-03-03T10:00:00+01:00'), (d) => d === '2026-03-04').today).toBe('Fermé aujourd’hui. Ouvre lundi à 9 h');
	});
});
