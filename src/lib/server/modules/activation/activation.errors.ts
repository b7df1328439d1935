import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

/** One message for every bad code (unknown, mistyped, expired, used, revoked): nothing to learn from it. */
export const INVALID_ACTIVATION_CODE_MESSAGE =
	"Ce code ne marche pas. Il est peut-être mal recopié, déjà utilisé ou trop ancien. Vérifie-le ou demande un nouveau code à ton conseiller ou ta conseillère.";

registerMessages({
	'activation.invalid_code': INVALID_ACTIVATION_CODE_MESSAGE,
	'activation.code_not_found': "Ce code d'activation n'existe pas ou n'est pas dans votre structure.",
	'activation.code_not_pending': "Ce code a déjà été utilisé, révoqué ou il a expiré : il n'y a plus rien à révoquer.",
	'activation.contact_taken': 'Cette adresse ou ce numéro est déjà utilisé par un autre compte.',
	'activation.rate_limited': 'Trop de codes essayés. Attends un moment avant de réessayer.'
});

export const invalidActivationCode = () =>
	new DomainError('activation.invalid_code', 'invalid', { fields: { code: INVALID_ACTIVATION_CODE_MESSAGE } });

export const activationCodeNotFound = () => new DomainError('activation.code_not_found', 'not_found');

export const activationCodeNotPending = () => new DomainError('activation.code_not_pending', 'conflict');

export function contactTaken(channel: 'email' | 'sms'): DomainError {
	return new DomainError('activation.contact_taken', 'conflict', {
		fields: {
			contact:
				channel === 'email'
					? 'Cette adresse e-mail est déjà utilisée par un autre compte. Mets-en une autre, ou laisse ce champ vide.'
					: 'Ce numéro est déjà utilisé par un autre compte. Mets-en un autre, ou laisse ce champ vide.'
		}
	});
}

function formatWait(seconds: number): string {
	if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} secondes`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `${minutes} minute${minutes > 1 ? 's' : ''}`;
	const hours = Math.ceil(minutes / 60);
	return `${hours} heure${hours > 1 ? 's' : ''}`;
}

export function activationRateLimited(retryAfterSeconds: number): DomainError {
	return new DomainError('activation.rate_limited', 'rate_limited', {
		retryAfterSeconds,
		message: `Trop de codes essayés. Tu pourras réessayer dans ${formatWait(retryAfterSeconds)}.`
	});
}
