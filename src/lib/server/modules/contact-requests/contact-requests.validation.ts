import { z } from 'zod';
import { normalizeEmail, normalizePhone } from '$lib/server/modules/accounts';
import { CLOSE_REASONS, PREFERRED_TIMES } from './contact-requests.schema';

export const FIRST_NAME_MAX = 60;
export const MESSAGE_MAX = 1000;
const EMAIL_MAX = 254;
const NO_CONTACT = 'Donne au moins un moyen de te joindre : ton numéro de portable ou ton adresse e-mail.';

const optionalText = z
	.string()
	.optional()
	.transform((v) => (v ?? '').trim());

/** The public form (youth voice: « tu »). At least one way to reach the person. */
export const submitSchema = z
	.object({
		firstName: z
			.string({ error: 'Écris ton prénom.' })
			.trim()
			.min(1, 'Écris ton prénom.')
			.max(FIRST_NAME_MAX, `Ton prénom ne doit pas dépasser ${FIRST_NAME_MAX} caractères.`),
		phone: optionalText.pipe(
			z
				.string()
				.refine((v) => v === '' || normalizePhone(v) !== null, 'Ce numéro ne ressemble pas à un portable : écris-le comme 06 12 34 56 78.')
				.transform((v) => (v === '' ? null : normalizePhone(v)))
		),
		email: optionalText.pipe(
			z
				.string()
				.max(EMAIL_MAX, 'Cette adresse e-mail est trop longue.')
				.refine((v) => v === '' || z.email().safeParse(v).success, 'Cette adresse e-mail ne semble pas correcte (exemple : prenom@exemple.fr).')
				.transform((v) => (v === '' ? null : normalizeEmail(v)))
		),
		communeCode: z
			.string({ error: 'Choisis ta commune dans la liste.' })
			.trim()
			.regex(/^[0-9][0-9AB][0-9]{3}$/, 'Choisis ta commune dans la liste.'),
		postalCode: optionalText.pipe(
			z
				.string()
				.refine((v) => v === '' || /^\d{5}$/.test(v), 'Un code postal a 5 chiffres, par exemple 69003.')
				.transform((v) => (v === '' ? null : v))
		),
		message: optionalText.pipe(
			z.string().max(MESSAGE_MAX, `Ton message est trop long : ${MESSAGE_MAX} caractères au maximum.`)
		),
		preferredTime: optionalText.pipe(
			z
				.string()
				.refine((v) => v === '' || (PREFERRED_TIMES as readonly string[]).includes(v), 'Choisis un moment dans la liste.')
				.transform((v) => (v === '' ? null : (v as (typeof PREFERRED_TIMES)[number])))
		)
	})
	.superRefine((v, ctx) => {
		if (v.phone === null && v.email === null) {
			ctx.addIssue({ code: 'custom', path: ['phone'], message: NO_CONTACT });
		}
	});
export type SubmitInput = z.output<typeof submitSchema>;

/** Staff closing a request (pro voice: « vous »). */
export const closeSchema = z
	.object({
		reason: z.enum(CLOSE_REASONS, { error: 'Choisissez une raison.' }),
		note: optionalText.pipe(z.string().max(500, 'La précision ne doit pas dépasser 500 caractères.'))
	})
	.superRefine((v, ctx) => {
		if (v.reason === 'other' && v.note === '') {
			ctx.addIssue({ code: 'custom', path: ['note'], message: 'Précisez la raison en quelques mots.' });
		}
	});

export const assignSchema = z.object({
	counselorId: z.string({ error: 'Choisissez une personne.' }).regex(/^[0-9a-f-]{36}$/i, 'Choisissez une personne.')
});
