import { describe, expect, it } from 'vitest';
import { nextOpening } from '../accounts';
import { departmentOf, isPublicHoliday, publicHolidaysOf } from './structures.holidays';

describe('public holidays', () => {
	it('knows the national days and the Alsace-Moselle ones', () => {
		expect(isPublicHoliday('2025-12-25', '69')).toBe(true);
		expect(isPublicHoliday('2025-04-21', '69')).toBe(true);
		expect(isPublicHoliday('2025-12-26', '69')).toBe(false);
		expect(isPublicHoliday('2025-12-26', '57')).toBe(true);
		expect(isPublicHoliday('2025-04-18', '67')).toBe(true);
		expect(isPublicHoliday('2025-04-18', null)).toBe(false);
		expect(isPublicHoliday('2025-12-24', '68')).toBe(false);
	});

	it('finds the département from the structure or a postal code', () => {
		expect(departmentOf('57', '69001')).toBe('57');
		expect(departmentOf(null, '67000')).toBe('67');
		expect(departmentOf(null, '97400')).toBe('974');
		expect(departmentOf(null, null)).toBeNull();
	});

	it('makes nextOpening skip closed dates', () => {
		const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, opens: '09:00', closes: '17:00' }));
		// Thursday 25 December 2025, 10:00 in Paris.
		const christmas = new Date('2025-12-25T09:00:00Z');
		expect(nextOpening(weekdays, christmas)).toMatchObject({ openNow: true });
		expect(nextOpening(weekdays, christmas, publicHolidaysOf('69'))).toMatchObject({ openNow: false, inDays: 1, day: 5 });
		expect(nextOpening(weekdays, christmas, publicHolidaysOf('57'))).toMatchObject({ openNow: false, inDays: 4, day: 1 });
		// Every day closed: nothing within three weeks.
		expect(nextOpening(weekdays, christmas, () => true)).toBeNull();
	});
});
