/** French formatting helpers shared by pages (no dependency: Intl is enough). */

const dateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const shortDateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'Europe/Paris' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
	day: 'numeric',
	month: 'long',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/Paris'
});

/** French writes the first day of a month "1er": "1er décembre 2026". */
const firstOfMonth = (text: string) => text.replace(/(^|\s)1(?=\s|$)/, (_match, before: string) => `${before}1er`);

export const formatDate = (d: Date | string | null | undefined) => (d ? firstOfMonth(dateFormat.format(new Date(d))) : '—');
export const formatShortDate = (d: Date | string | null | undefined) => (d ? firstOfMonth(shortDateFormat.format(new Date(d))) : '—');
export const formatDateTime = (d: Date | string | null | undefined) => (d ? firstOfMonth(dateTimeFormat.format(new Date(d))) : '—');

/** "aujourd'hui", "hier", "il y a 5 jours", "il y a 2 mois", or "jamais". */
export function sinceInWords(d: Date | string | null | undefined, now: Date = new Date()): string {
	if (!d) return 'jamais';
	const days = Math.floor((now.getTime() - new Date(d).getTime()) / 86_400_000);
	if (days <= 0) return 'aujourd’hui';
	if (days === 1) return 'hier';
	if (days < 31) return `il y a ${days} jours`;
	const months = Math.floor(days / 30.5);
	if (months < 12) return `il y a ${months} mois`;
	const years = Math.floor(months / 12);
	return years === 1 ? 'il y a plus d’un an' : `il y a ${years} ans`;
}

export const ROLE_LABELS: Record<string, string> = {
	youth: 'Jeune',
	counselor: 'Conseiller·e',
	structure_manager: 'Direction de la structure',
	network_referent: 'Référent·e réseau',
	mentor: 'Mentor',
	company_contact: 'Contact entreprise',
	platform_admin: 'Administration de la plateforme'
};

const calendarDay = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const calendarDayOfMonth = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', timeZone: 'UTC' });
const calendarDayAndMonth = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const atNoon = (isoDate: string) => new Date(`${isoDate}T12:00:00Z`);

/**
 * A range of calendar dates ("2026-08-03", "2026-08-21", both included) in words:
 * "le 14 juillet 2026", "du 3 au 21 août 2026", "du 28 juillet au 1er août 2026",
 * "du 28 décembre 2026 au 2 janvier 2027".
 */
export function formatDayRange(startsOn: string, endsOn: string): string {
	const start = atNoon(startsOn);
	const end = atNoon(endsOn);
	if (startsOn === endsOn) return `le ${firstOfMonth(calendarDay.format(start))}`;
	const to = firstOfMonth(calendarDay.format(end));
	if (startsOn.slice(0, 4) !== endsOn.slice(0, 4)) return `du ${firstOfMonth(calendarDay.format(start))} au ${to}`;
	if (startsOn.slice(0, 7) !== endsOn.slice(0, 7)) return `du ${firstOfMonth(calendarDayAndMonth.format(start))} au ${to}`;
	return `du ${firstOfMonth(calendarDayOfMonth.format(start))} au ${to}`;
}
