import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

/**
 * Messages of the sign-in module. Pages for everyone use neutral wording (infinitive, no "tu" or
 * "vous"); messages that depend on the person are built with `audience` by the use cases.
 */
export const INVALID_CREDENTIALS_MESSAGE = 'Adresse e-mail ou mot de passe incorrect.';

registerMessages({
	'authentication.invalid_credentials': INVALID_CREDENTIALS_MESSAGE,
	'authentication.invalid_code': 'Ce code est incorrect ou a expiré. Un nouveau code peut être demandé.',
	'authentication.invalid_reset_link':
		"Ce lien n'est plus valable : il a déjà servi ou il date de plus d'une heure. Un nouveau lien peut être demandé.",
	'authentication.wrong_current_password': 'Le mot de passe actuel est incorrect.',
	'authentication.rate_limited': 'Trop de tentatives. Attendre un moment avant de réessayer.'
});

/** "30 secondes", "2 minutes", "1 heure" — always rounded up, so the person never waits for nothing. */
export function formatWait(seconds: number): string {
	if (seconds < 60) {
		const s = Math.max(1, Math.ceil(seconds));
		return `${s} seconde${s > 1 ? 's' : ''}`;
	}
	if (seconds < 3600) {
		const m = Math.ceil(seconds / 60);
		return `${m} minute${m > 1 ? 's' : ''}`;
	}
	const h = Math.ceil(seconds / 3600);
	return `${h} heure${h > 1 ? 's' : ''}`;
}

/** A rate-limit error that says plainly how long to wait. */
export function rateLimited(retryAfterSeconds: number, what = 'Trop de tentatives.'): DomainError {
	return new DomainError('authentication.rate_limited', 'rate_limited', {
		retryAfterSeconds,
		message: `${what} Nouvel essai possible dans ${formatWait(retryAfterSeconds)}.`
	});
}

export const invalidCredentials = () => new DomainError('authentication.invalid_credentials', 'unauthenticated');
export const invalidCode = () =>
	new DomainError('authentication.invalid_code', 'invalid', {
		fields: { code: 'Ce code est incorrect ou a expiré. Vérifier le code, ou en demander un nouveau.' }
	});
export const invalidResetLink = () => new DomainError('authentication.invalid_reset_link', 'expired');
