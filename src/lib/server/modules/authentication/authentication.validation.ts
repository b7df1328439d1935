import { z } from 'zod';
import { normalizeEmail, normalizePhone } from '$lib/server/modules/accounts';
import { PASSWORD_MAX } from './authentication.password-policy';

const EMAIL_MAX = 254;

/** Sign-in with a password. Only presence is checked here: anything else gets the generic message. */
export const passwordSignInSchema = z.object({
	email: z
		.string({ error: "L'adresse e-mail est obligatoire." })
		.trim()
		.min(1, "L'adresse e-mail est obligatoire.")
		.max(EMAIL_MAX, "Cette adresse e-mail est trop longue."),
	password: z
		.string({ error: 'Le mot de passe est obligatoire.' })
		.min(1, 'Le mot de passe est obligatoire.')
		.max(1000, 'Ce mot de passe est trop long.'),
	redirection: z.string().max(1000).optional()
});

/** Where a code can be sent: an e-mail address or a French mobile number. */
export type Destination = { channel: 'email'; value: string } | { channel: 'sms'; value: string };

const emailShape = z.email();

/** Reads "jeune@exemple.fr" or "06 12 34 56 78" into a normalized destination, or null. */
export function parseDestination(input: string): Destination | null {
	const raw = input.trim();
	if (raw.includes('@')) {
		const value = normalizeEmail(raw);
		return value.length <= EMAIL_MAX && emailShape.safeParse(value).success ? { channel: 'email', value } : null;
	}
	const phone = normalizePhone(raw);
	return phone ? { channel: 'sms', value: phone } : null;
}

export const DESTINATION_INVALID = 'Saisir une adresse e-mail ou un numéro de portable (06 ou 07).';

export const codeRequestSchema = z.object({
	destination: z
		.string({ error: DESTINATION_INVALID })
		.trim()
		.min(1, DESTINATION_INVALID)
		.max(EMAIL_MAX, DESTINATION_INVALID)
		.transform((value, ctx) => {
			const parsed = parseDestination(value);
			if (!parsed) {
				ctx.addIssue({ code: 'custom', message: DESTINATION_INVALID });
				return z.NEVER;
			}
			return parsed;
		})
});

export const codeCheckSchema = codeRequestSchema.extend({
	code: z
		.string({ error: 'Saisir le code à 6 chiffres.' })
		.transform((v) => v.replace(/\s/g, ''))
		.pipe(z.string().regex(/^\d{6}$/, 'Le code contient 6 chiffres.'))
});

export const resetRequestSchema = z.object({
	email: z
		.string({ error: "L'adresse e-mail est obligatoire." })
		.trim()
		.min(1, "L'adresse e-mail est obligatoire.")
		.max(EMAIL_MAX, 'Cette adresse e-mail est trop longue.')
		.pipe(z.email("Cette adresse e-mail n'est pas valide. Exemple : prenom.nom@exemple.fr"))
});

const newPasswordFields = {
	password: z.string({ error: 'Le nouveau mot de passe est obligatoire.' }).max(PASSWORD_MAX + 1),
	confirmation: z.string({ error: 'Confirmer le nouveau mot de passe.' }).max(PASSWORD_MAX + 1)
};

/** The new password itself is judged by `checkNewPassword` (it needs the person's name and voice). */
export const newPasswordSchema = z.object(newPasswordFields);

export const changePasswordSchema = z.object({
	currentPassword: z.string().max(1000).optional(),
	...newPasswordFields
});
