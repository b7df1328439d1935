import { describe, expect, it } from 'vitest';
import { formatDate, formatDayRange, sinceInWords } from './format';

describe('French date words', () => {
	const now = new Date('2026-11-22T12:00:00Z');
	it('say how long ago in plain words', () => {
		expect(sinceInWords(null, now)).toBe('jamais');
		expect(sinceInWords(new Date('2026-11-22T08:00:00Z'), now)).toBe('aujourd’hui');
		expect(sinceInWords(new Date('2026-11-21T08:00:00Z'), now)).toBe('hier');
		expect(sinceInWords(new Date('2026-11-10T12:00:00Z'), now)).toBe('il y a 12 jours');
		expect(sinceInWords(new Date('2026-08-01T12:00:00Z'), now)).toBe('il y a 3 mois');
	});
	it('format a date in French', () => {
		expect(formatDate(new Date('2026-11-22T12:00:00Z'))).toBe('22 novembre 2026');
		expect(formatDate(new Date('2026-12-01T12:00:00Z'))).toBe('1er décembre 2026');
		expect(formatDate(new Date('2026-12-11T12:00:00Z'))).toBe('11 décembre 2026');
	});
	it('write a range of calendar days as a notice would', () => {
		expect(formatDayRange('2026-07-14', '2026-07-14')).toBe('le 14 juillet 2026');
		expect(formatDayRange('2026-08-03', '2026-08-21')).toBe('du 3 au 21 août 2026');
		expect(formatDayRange('2026-07-28', '2026-08-01')).toBe('du 28 juillet au 1er août 2026');
		expect(formatDayRange('2026-05-01', '2026-05-08')).toBe('du 1er au 8 mai 2026');
		expect(formatDayRange('2026-12-28', '2027-01-02')).toBe('du 28 décembre 2026 au 2 janvier 2027');
	});
});
