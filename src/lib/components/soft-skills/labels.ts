// Browser-safe French wording of the soft-skills pages (the kinds mirror EXPERIENCE_KINDS of the module).

export const EXPERIENCE_KIND_LABELS = {
	job: 'Un petit boulot, un emploi',
	internship: 'Un stage',
	family: 'En famille',
	sport: 'Le sport',
	volunteering: 'Du bénévolat, une association',
	school: 'L’école, une formation',
	hobby: 'Une passion, un loisir',
	other: 'Autre chose'
} as const;

export type ExperienceKindLabel = keyof typeof EXPERIENCE_KIND_LABELS;

export const SOURCE_LABELS = {
	situations: 'Repérée avec les situations',
	experience: 'Repérée dans une expérience'
} as const;

export const LINK_STATUS_LABELS = {
	pending: 'En attente',
	confirmed: 'Confirmée',
	declined: 'Non confirmée',
	expired: 'Expiré',
	revoked: 'Retiré'
} as const;

const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
export const frenchDay = (d: Date | string) => day.format(new Date(d));
