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

export const formatDate = (d: Date | string | null | undefined) => (d ? dateFormat.format(new Date(d)) : '—');
export const formatShortDate = (d: Date | string | null | undefined) => (d ? shortDateFormat.format(new Date(d)) : '—');
export const formatDateTime = (d: Date | string | null | undefined) => (d ? dateTimeFormat.format(new Date(d)) : '—');

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
