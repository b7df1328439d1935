/** French words of the follow-up feature, shared by the pro pages and the youth home (browser-safe). */

/** How the youth and their Mission Locale were last in touch ("activity" = activity in Tremplin). */
export const NEWS_CHANNEL_LABELS: Record<string, string> = {
	message: 'message',
	appointment: 'rendez-vous',
	workshop: 'atelier',
	phone: 'téléphone',
	in_person: 'entretien sur place',
	video: 'visio',
	activity: 'activité dans Tremplin'
};

export const SITUATION_LABELS: Record<string, string> = {
	job_seeking: "En recherche d'emploi",
	training: 'En formation',
	employed: 'En emploi',
	work_study: 'En alternance',
	school: 'Scolarisé·e',
	inactive: 'Sans activité',
	other: 'Autre'
};

export const JOURNAL_KIND_LABELS: Record<string, string> = {
	note: 'Note',
	phone: 'Appel téléphonique',
	in_person: 'Entretien sur place',
	video: 'Visio',
	email: 'E-mail',
	other: 'Autre',
	transfer: 'Transfert'
};

export const STEP_MODE_LABELS: Record<string, string> = { on_site: 'Sur place', remote: 'À distance' };
export const STEP_STATUS_LABELS: Record<string, string> = { todo: 'À faire', done: 'Fait', dropped: 'Abandonné' };

/** "il y a 12 jours · message", or "jamais" when there was no news at all. */
export function lastNewsInWords(since: string, channel: string | null): string {
	if (since === 'jamais') return 'jamais';
	return channel ? `${since} · ${NEWS_CHANNEL_LABELS[channel] ?? channel}` : since;
}
