import { describe, expect, it } from 'vitest';
import { dateInWords, dateTimeInWords, dayInWords, dayShort } from './time';

describe('appointment dates in French', () => {
	it('write the first day of a month "1er", and no other', () => {
		expect(dayInWords('2026-12-01')).toBe('mardi 1er décembre');
		expect(dayShort('2026-12-01')).toBe('mar. 1er déc.');
		expect(dayInWords('2026-12-11')).toBe('vendredi 11 décembre');
		expect(dayInWords('2026-12-21')).toBe('lundi 21 décembre');
		// 1 February 2027, 9:30 in Paris.
		expect(dateInWords(new Date('2027-02-01T08:30:00Z'))).toBe('lundi 1er février');
		expect(dateTimeInWords(new Date('2027-02-01T08:30:00Z'))).toBe('lundi 1er février à 9 h 30');
	});
});
