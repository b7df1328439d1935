import { z } from 'zod';

z.config(z.locales.fr());

/**
 * What a CV holds, as the PDF renderer, the exports and (later) the step-by-step builder see it.
 * Limits are generous for a real CV and strict enough that no field can blow up a page: a field
 * longer than its limit is refused with a French message, never cut silently.
 */

/** Control characters (C0/C1 except tab and line breaks) and lone surrogates have no place in a CV. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const text = (max: number) =>
	z
		.string()
		.trim()
		.max(max, { error: `${max} caractères au plus.` })
		.refine((value) => !CONTROL.test(value), { error: 'Ce texte contient un caractère invisible non autorisé.' })
		.refine((value) => !LONE_SURROGATE.test(value), { error: 'Ce texte contient un caractère mal formé.' });

const line = (max: number) => text(max).refine((value) => !/[\r\n]/.test(value), { error: 'Une seule ligne ici.' });
const required = (max: number, message: string) => line(max).min(1, { error: message });

/** "2024-09": a month. Whether it is in the future is a check of the builder, not a format error. */
const month = z.string().regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, { error: 'Mois attendu au format AAAA-MM.' });

export const EXPERIENCE_KINDS = [
	'job',
	'internship',
	'apprenticeship',
	'civic_service',
	'volunteering',
	'babysitting',
	'family_help',
	'sport',
	'odd_jobs',
	'school_project',
	'other'
] as const;
export type ExperienceKind = (typeof EXPERIENCE_KINDS)[number];

export const TRAINING_STATUSES = ['obtained', 'in_progress', 'not_obtained', 'attended'] as const;

export const CV_TEMPLATES = ['clair', 'colonnes', 'accent'] as const;
export type CvTemplate = (typeof CV_TEMPLATES)[number];

export const cvContent = z.object({
	contact: z.object({
		firstName: required(80, 'Ton prénom est nécessaire.'),
		lastName: line(80).default(''),
		email: z.email({ error: 'Adresse e-mail invalide.' }).max(254).optional(),
		phone: line(30).optional(),
		commune: line(120).optional(),
		links: z
			.array(z.object({ label: line(60), url: z.url({ protocol: /^https?$/, error: 'Lien invalide (http ou https).' }).max(500) }))
			.max(4)
			.default([])
	}),
	/** "Je cherche…": the job or training the CV is for. */
	title: required(120, 'Dis en quelques mots ce que tu cherches.'),
	summary: text(700).optional(),
	experiences: z
		.array(
			z.object({
				kind: z.enum(EXPERIENCE_KINDS),
				title: required(120, "Donne un titre à l'expérience."),
				organisation: line(120).optional(),
				place: line(80).optional(),
				start: month.optional(),
				end: month.optional(),
				current: z.boolean().default(false),
				bullets: z.array(text(300)).max(8).default([])
			})
		)
		.max(20)
		.default([]),
	trainings: z
		.array(
			z.object({
				title: required(160, 'Donne le nom de la formation ou du diplôme.'),
				school: line(120).optional(),
				place: line(80).optional(),
				year: z.string().regex(/^(19|20)\d\d$/, { error: 'Année attendue (AAAA).' }).optional(),
				status: z.enum(TRAINING_STATUSES).default('obtained')
			})
		)
		.max(12)
		.default([]),
	skills: z.array(line(80)).max(20).default([]),
	softSkills: z.array(line(80)).max(12).default([]),
	languages: z.array(z.object({ name: line(40), level: line(60).optional() })).max(8).default([]),
	mobility: z
		.object({
			licences: z.array(line(30)).max(6).default([]),
			vehicle: z.boolean().default(false),
			note: line(160).optional()
		})
		.default({ licences: [], vehicle: false }),
	interests: z.array(line(80)).max(10).default([])
});

export type CvContentInput = z.input<typeof cvContent>;
export type CvContent = z.output<typeof cvContent>;
