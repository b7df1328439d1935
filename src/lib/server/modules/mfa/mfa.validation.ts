import { z } from 'zod';

/** A 6-digit code from the app; spaces typed by the person are ignored. */
export const totpCodeSchema = z.object({
	code: z
		.string({ error: 'Tapez le code à 6 chiffres affiché par votre application.' })
		.transform((v) => v.replace(/\s/g, ''))
		.pipe(z.string().regex(/^\d{6}$/, 'Le code contient 6 chiffres, sans lettre.'))
});

/** Either a 6-digit code or a recovery code ("XXXXX-XXXXX"). */
export const secondFactorSchema = z.object({
	code: z
		.string({ error: 'Tapez le code de votre application ou un code de secours.' })
		.transform((v) => v.trim())
		.pipe(
			z
				.string()
				.min(1, 'Tapez le code de votre application ou un code de secours.')
				.max(40, 'Ce code est trop long.')
		)
});
