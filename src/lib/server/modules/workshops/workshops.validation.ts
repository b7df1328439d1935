import { z } from 'zod';
import { isDay, isTime } from '$lib/appointments/time';
import { WORKSHOP_MODES } from './workshops.schema';

/** Questions in one workshop, at most (modules and ad-hoc questions together). */
export const MAX_QUESTIONS = 50;
export const TITLE_MIN = 3;
export const TITLE_MAX = 120;
export const REMOTE_INFO_MAX = 300;
export const CAPACITY_MAX = 500;
export const TIMER_MIN = 5;
export const TIMER_MAX = 600;
/** Durations offered by the form (minutes); any value between 5 and 600 is accepted. */
export const DURATIONS = [30, 45, 60, 90, 120, 180] as const;
/** Ad-hoc questions: kinds a counselor can write in the workshop page. */
export const AD_HOC_KINDS = ['single', 'true_false'] as const;
export type AdHocKind = (typeof AD_HOC_KINDS)[number];
export const AD_HOC_CHOICES = 4;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const trimmed = z
	.string()
	.optional()
	.transform((v) => (v ?? '').trim());

const noNul = (v: string) => !v.includes('\u0000');

/** "https://…" links must be secure; anything else is instructions (a phone number, "salle Teams, code…"). */
export function remoteInfoProblem(value: string): string | null {
	if (value.length > REMOTE_INFO_MAX) return `${REMOTE_INFO_MAX} caractères au maximum.`;
	const looksLikeLink = /^(https?:\/\/|www\.)/i.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
	if (looksLikeLink && !/^https:\/\/[^\s/]+\.[^\s]+$/i.test(value)) {
		return 'Le lien doit commencer par https:// (ou indiquez un numéro de téléphone et les consignes).';
	}
	return null;
}

/**
 * The planning form of a workshop (creation and edition). The date and time are Paris wall-clock
 * values, turned into an instant by the use case (`parisToInstant`).
 */
export const workshopInput = z
	.object({
		title: trimmed.pipe(
			z
				.string()
				.min(TITLE_MIN, `Le titre compte au moins ${TITLE_MIN} caractères.`)
				.max(TITLE_MAX, `Le titre compte au plus ${TITLE_MAX} caractères.`)
				.refine(noNul, 'Ce texte contient un caractère invalide.')
		),
		day: z.string({ error: 'Choisissez une date.' }).trim().refine(isDay, 'Choisissez une date valide.'),
		time: z
			.string({ error: 'Indiquez l’heure de début (par exemple 14:00).' })
			.trim()
			.refine(isTime, 'Indiquez l’heure de début (par exemple 14:00).'),
		durationMinutes: z.coerce
			.number({ error: 'Indiquez une durée en minutes.' })
			.int('Indiquez une durée en minutes entières.')
			.min(5, 'Au moins 5 minutes.')
			.max(600, '10 heures au maximum.'),
		mode: z.enum(WORKSHOP_MODES, { error: 'Choisissez sur place, à distance ou les deux.' }),
		siteId: trimmed.pipe(
			z
				.string()
				.refine((v) => v === '' || UUID.test(v), 'Choisissez un lieu dans la liste.')
				.transform((v) => (v === '' ? null : v.toLowerCase()))
		),
		remoteInfo: trimmed.pipe(z.string().refine(noNul, 'Ce texte contient un caractère invalide.')),
		capacity: z.coerce
			.number({ error: 'Indiquez le nombre de places.' })
			.int('Indiquez un nombre entier de places.')
			.min(1, 'Au moins 1 place.')
			.max(CAPACITY_MAX, `${CAPACITY_MAX} places au maximum.`),
		timerSeconds: trimmed.pipe(
			z
				.string()
				.refine((v) => v === '' || /^\d{1,4}$/.test(v), `Indiquez un nombre de secondes entre ${TIMER_MIN} et ${TIMER_MAX}, ou laissez vide.`)
				.transform((v) => (v === '' ? null : Number(v)))
				.refine(
					(v) => v === null || (v >= TIMER_MIN && v <= TIMER_MAX),
					`Le minuteur va de ${TIMER_MIN} à ${TIMER_MAX} secondes (ou laissez vide : pas de minuteur).`
				)
		)
	})
	.superRefine((v, ctx) => {
		if (v.mode !== 'remote' && !v.siteId) {
			ctx.addIssue({ code: 'custom', path: ['siteId'], message: 'Choisissez le lieu de l’atelier.' });
		}
		if (v.mode !== 'on_site') {
			if (!v.remoteInfo) {
				ctx.addIssue({
					code: 'custom',
					path: ['remoteInfo'],
					message: 'Indiquez le lien de la visio (https://…) ou un numéro et les consignes pour participer à distance.'
				});
			} else {
				const problem = remoteInfoProblem(v.remoteInfo);
				if (problem) ctx.addIssue({ code: 'custom', path: ['remoteInfo'], message: problem });
			}
		} else if (v.remoteInfo.length > REMOTE_INFO_MAX) {
			ctx.addIssue({ code: 'custom', path: ['remoteInfo'], message: `${REMOTE_INFO_MAX} caractères au maximum.` });
		}
	})
	.transform((v) => ({
		...v,
		siteId: v.mode === 'remote' ? null : v.siteId,
		remoteInfo: v.mode === 'on_site' || !v.remoteInfo ? null : v.remoteInfo
	}));
export type WorkshopInput = z.infer<typeof workshopInput>;

const text = (label: string, min: number, max: number) =>
	trimmed.pipe(
		z
			.string()
			.min(min, min <= 1 ? `${label} est obligatoire.` : `${label} : au moins ${min} caractères.`)
			.max(max, `${label} : ${max} caractères au plus.`)
			.refine(noNul, 'Ce texte contient un caractère invalide.')
	);

/**
 * A question written for the workshop: single choice (2 to 4 answers, exactly one right, fields
 * `choice1`…`choice4` and `correct` = 1…4) or true/false (`answer` = `true` | `false`).
 */
export const adHocQuestionInput = z
	.object({
		kind: z.enum(AD_HOC_KINDS, { error: 'Choisissez le type de question.' }),
		prompt: text('La question', 3, 500),
		choice1: trimmed,
		choice2: trimmed,
		choice3: trimmed,
		choice4: trimmed,
		correct: trimmed,
		answer: trimmed,
		explanation: text('L’explication', 1, 1500)
	})
	.superRefine((v, ctx) => {
		if (v.kind === 'single') {
			const labels = [v.choice1, v.choice2, v.choice3, v.choice4];
			labels.forEach((label, i) => {
				if (label.length > 300) ctx.addIssue({ code: 'custom', path: [`choice${i + 1}`], message: '300 caractères au plus.' });
				if (!noNul(label)) ctx.addIssue({ code: 'custom', path: [`choice${i + 1}`], message: 'Ce texte contient un caractère invalide.' });
			});
			const filled = labels.filter((l) => l !== '');
			if (filled.length < 2) {
				ctx.addIssue({ code: 'custom', path: [v.choice1 ? 'choice2' : 'choice1'], message: 'Écrivez au moins deux réponses.' });
			}
			const lower = filled.map((l) => l.toLowerCase());
			if (new Set(lower).size !== lower.length) {
				ctx.addIssue({ code: 'custom', path: ['choice2'], message: 'Deux réponses sont identiques.' });
			}
			const index = /^[1-4]$/.test(v.correct) ? Number(v.correct) : 0;
			if (!index) ctx.addIssue({ code: 'custom', path: ['correct'], message: 'Indiquez la bonne réponse.' });
			else if (labels[index - 1] === '') {
				ctx.addIssue({ code: 'custom', path: ['correct'], message: 'La bonne réponse doit être une des réponses écrites.' });
			}
		} else if (v.answer !== 'true' && v.answer !== 'false') {
			ctx.addIssue({ code: 'custom', path: ['answer'], message: 'Indiquez si l’affirmation est vraie ou fausse.' });
		}
	});
export type AdHocQuestionInput = z.infer<typeof adHocQuestionInput>;

/** Youth ids sent by the invitation form (checkboxes `youthId`). */
export const youthIdsInput = z
	.array(z.string().trim().regex(UUID, 'Choisissez des jeunes dans la liste.'), { error: 'Choisissez au moins un jeune.' })
	.min(1, 'Choisissez au moins un jeune.')
	.max(200, '200 jeunes au plus à la fois.')
	.transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);

export const moveInput = z.enum(['up', 'down'], { error: 'Déplacement inconnu.' });

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
