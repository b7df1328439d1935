import { z } from 'zod';
import { normalizeEmail, normalizePhone } from '$lib/server/modules/accounts';
import { CODE_LENGTH, normalizeActivationCode } from './activation.codes';
import { INVALID_ACTIVATION_CODE_MESSAGE } from './activation.errors';

const NAME_MAX = 80;
const EMAIL_MAX = 254;

/** A counselor creates a code for a youth met in person (professional voice: « vous »). */
export const createCodeSchema = z.object({
	firstName: z
		.string({ error: 'Indiquez le prénom du ou de la jeune.' })
		.trim()
		.min(1, 'Indiquez le prénom du ou de la jeune.')
		.max(NAME_MAX, `Le prénom ne doit pas dépasser ${NAME_MAX} caractères.`),
	lastName: z
		.string()
		.trim()
		.max(NAME_MAX, `Le nom ne doit pas dépasser ${NAME_MAX} caractères.`)
		.optional()
		.default('')
});
export type CreateCodeInput = z.input<typeof createCodeSchema>;

/** The code as typed: any case, with or without dashes and spaces. */
export const codeSchema = z
	.string({ error: 'Tape le code que ton conseiller ou ta conseillère t’a donné.' })
	.trim()
	.min(1, 'Tape le code que ton conseiller ou ta conseillère t’a donné.')
	.max(40, INVALID_ACTIVATION_CODE_MESSAGE)
	.transform((v) => normalizeActivationCode(v))
	.pipe(z.string().length(CODE_LENGTH, 'Le code a 9 signes, par exemple ABC-DEF-GHJ.'));

export const checkCodeSchema = z.object({ code: codeSchema });

const CONTACT_INVALID = 'Écris une adresse e-mail (exemple : prenom@exemple.fr) ou un numéro de portable (06 ou 07).';
const emailShape = z.email();

export type Contact = { channel: 'email'; value: string } | { channel: 'sms'; value: string } | null;

/** "prenom@exemple.fr" or "06 12 34 56 78" → a normalized contact; "" → null. */
export function parseContact(input: string): Contact | undefined {
	const raw = input.trim();
	if (raw === '') return null;
	if (raw.includes('@')) {
		const value = normalizeEmail(raw);
		return value.length <= EMAIL_MAX && emailShape.safeParse(value).success ? { channel: 'email', value } : undefined;
	}
	const phone = normalizePhone(raw);
	return phone ? { channel: 'sms', value: phone } : undefined;
}

/** The youth confirms their first name, may leave a contact, and accepts the terms (youth voice: « tu »). */
export const activateSchema = z.object({
	code: codeSchema,
	firstName: z
		.string({ error: 'Écris ton prénom.' })
		.trim()
		.min(1, 'Écris ton prénom.')
		.max(NAME_MAX, `Ton prénom ne doit pas dépasser ${NAME_MAX} caractères.`),
	contact: z
		.string()
		.max(EMAIL_MAX, CONTACT_INVALID)
		.optional()
		.default('')
		.transform((value, ctx) => {
			const parsed = parseContact(value);
			if (parsed === undefined) {
				ctx.addIssue({ code: 'custom', message: CONTACT_INVALID });
				return z.NEVER;
			}
			return parsed;
		}),
	conditions: z.literal('oui', { error: 'Coche la case pour accepter les conditions.' })
});
export type ActivateInput = z.input<typeof activateSchema>;
