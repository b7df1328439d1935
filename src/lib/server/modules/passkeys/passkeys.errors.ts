import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

/**
 * Messages of the passkeys module. The sign-in page and the account pages are shared by youth and
 * professionals, so messages use neutral wording (infinitive, no « tu » or « vous »).
 */
export const SIGN_IN_FAILED_MESSAGE =
	"Connexion impossible avec cette clé d'accès. Réessayer, ou choisir une autre façon de se connecter.";

registerMessages({
	'passkeys.sign_in_failed': SIGN_IN_FAILED_MESSAGE,
	'passkeys.registration_failed': "La clé d'accès n'a pas pu être enregistrée. Réessayer dans un instant.",
	'passkeys.challenge_expired': 'La demande a expiré (5 minutes). Recommencer.',
	'passkeys.already_registered': "Cette clé d'accès est déjà enregistrée.",
	'passkeys.not_found': "Cette clé d'accès n'existe pas ou a déjà été supprimée.",
	'passkeys.rate_limited': 'Trop de tentatives. Attendre un moment avant de réessayer.'
});

export const signInFailed = () => new DomainError('passkeys.sign_in_failed', 'unauthenticated');
export const registrationFailed = () => new DomainError('passkeys.registration_failed', 'invalid');
export const challengeExpired = () => new DomainError('passkeys.challenge_expired', 'expired');
export const alreadyRegistered = () => new DomainError('passkeys.already_registered', 'conflict');
export const passkeyNotFound = () => new DomainError('passkeys.not_found', 'not_found');

export function passkeyRateLimited(retryAfterSeconds: number): DomainError {
	const minutes = Math.ceil(retryAfterSeconds / 60);
	const wait = retryAfterSeconds < 60 ? `${Math.max(1, Math.ceil(retryAfterSeconds))} secondes` : `${minutes} minute${minutes > 1 ? 's' : ''}`;
	return new DomainError('passkeys.rate_limited', 'rate_limited', {
		retryAfterSeconds,
		message: `Trop de tentatives. Nouvel essai possible dans ${wait}.`
	});
}
