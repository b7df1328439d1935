import { describe, expect, it } from 'vitest';
import { formatDate, sinceInWords } from './format';

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
	});
});
