import joursFeries from '@socialgouv/jours-feries';

/**
 * French public holidays ("jours fériés"), when Missions Locales are closed whatever their opening
 * hours say. Alsace-Moselle (départements 57, 67, 68) has two more: Good Friday and 26 December.
 */
export const ALSACE_MOSELLE = new Set(['57', '67', '68']);

const byYear = new Map<string, Set<string>>();

function holidaysOf(year: number, alsace: boolean): Set<string> {
	const key = `${year}:${alsace}`;
	let days = byYear.get(key);
	if (!days) {
		days = new Set(Object.values(joursFeries(year, { alsace })).map((d) => d.toISOString().slice(0, 10)));
		byYear.set(key, days);
	}
	return days;
}

/** The département of a structure: its own code, else the one of a site's postal code ("57000" → "57"). */
export function departmentOf(departmentCode: string | null | undefined, postalCode?: string | null): string | null {
	if (departmentCode) return departmentCode.trim().toUpperCase();
	if (postalCode && /^\d{5}$/.test(postalCode)) return postalCode.startsWith('97') ? postalCode.slice(0, 3) : postalCode.slice(0, 2);
	return null;
}

/** Whether a French calendar date ("2025-12-25") is a public holiday in that département. */
export function isPublicHoliday(date: string, department: string | null): boolean {
	const year = Number(date.slice(0, 4));
	if (!Number.isInteger(year) || year < 1900 || year > 2999) return false;
	return holidaysOf(year, department !== null && ALSACE_MOSELLE.has(department)).has(date);
}

/** A `closedOn(date)` predicate for `nextOpening`: public holidays of the département. */
export const publicHolidaysOf = (department: string | null) => (date: string) => isPublicHoliday(date, department);
