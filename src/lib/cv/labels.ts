import type { CvContent, ExperienceKind } from '$lib/server/modules/cv/cv.validation';

/** French words of the CV, shared by the PDF, the plain-text export and the HTML preview. */

export const SECTION_TITLES = {
	summary: 'Profil',
	experiences: 'Expériences',
	trainings: 'Formations',
	skills: 'Compétences',
	softSkills: 'Qualités',
	languages: 'Langues',
	mobility: 'Permis et mobilité',
	interests: 'Centres d’intérêt',
	contact: 'Contact'
} as const;

/** Shown when an experience has no organisation, so that "Garde d'enfants" still says what it was. */
export const EXPERIENCE_KIND_LABELS: Record<ExperienceKind, string> = {
	job: 'Emploi',
	internship: 'Stage',
	apprenticeship: 'Alternance',
	civic_service: 'Service civique',
	volunteering: 'Bénévolat',
	babysitting: 'Garde d’enfants',
	family_help: 'Aide familiale',
	sport: 'Club de sport',
	odd_jobs: 'Petits boulots',
	school_project: 'Projet scolaire',
	other: 'Expérience'
};

export const TRAINING_STATUS_LABELS: Record<CvContent['trainings'][number]['status'], string> = {
	obtained: 'obtenu',
	in_progress: 'en cours',
	not_obtained: 'non obtenu',
	attended: 'suivi'
};

const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

/** "2024-09" → "sept. 2024". */
export function formatMonth(value: string): string {
	const [year, month] = value.split('-');
	return `${MONTHS[Number(month) - 1]} ${year}`;
}

/** "sept. 2024 – aujourd'hui", "2023", "" … (non-breaking spaces keep a date on one line). */
export function formatPeriod(item: { start?: string; end?: string; current?: boolean }): string {
	const nb = (s: string) => s.replace(/ /g, '\u00a0');
	const start = item.start ? nb(formatMonth(item.start)) : '';
	const end = item.current ? 'aujourd’hui' : item.end ? nb(formatMonth(item.end)) : '';
	if (start && end) return start === end ? start : `${start} – ${end}`;
	return start || end;
}

/** "Boulangerie Martin, Lyon" or the kind of experience when nothing else is said. */
export function experienceWhere(item: CvContent['experiences'][number]): string {
	const where = [item.organisation, item.place].filter(Boolean).join(', ');
	if (where) return item.kind === 'job' || item.kind === 'other' ? where : `${EXPERIENCE_KIND_LABELS[item.kind]} · ${where}`;
	return item.kind === 'job' || item.kind === 'other' ? '' : EXPERIENCE_KIND_LABELS[item.kind];
}

export function trainingWhere(item: CvContent['trainings'][number], options: { withYear?: boolean } = {}): string {
	return [[item.school, item.place].filter(Boolean).join(', '), options.withYear === false ? '' : item.year, TRAINING_STATUS_LABELS[item.status]]
		.filter(Boolean)
		.join(' · ');
}

export function languageLine(item: CvContent['languages'][number]): string {
	return item.level ? `${item.name} : ${item.level}` : item.name;
}

export function mobilityLines(mobility: CvContent['mobility']): string[] {
	const lines: string[] = [];
	if (mobility.licences.length) lines.push(`Permis ${mobility.licences.join(', ')}`);
	if (mobility.vehicle) lines.push('Véhiculé·e');
	if (mobility.note) lines.push(mobility.note);
	return lines;
}

export function fullName(contact: CvContent['contact']): string {
	return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
}
