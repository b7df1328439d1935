import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'calls.not_found': "Cet appel est introuvable, ou vous n'y participez pas.",
	'calls.participants_invalid': "Cet appel ne peut pas être ouvert : cette personne n'existe pas ou n'est pas suivie par votre Mission Locale.",
	'calls.ended': 'Cet appel est terminé. Lancez un nouvel appel si besoin.',
	'calls.expired': 'Cet appel n’a pas eu lieu dans les 4 heures : il n’est plus ouvert. Un nouvel appel se lance depuis la conversation.',
	'calls.invalid_signal': "Ce message de connexion n'est pas valide.",
	'calls.rate_limited': 'Trop de messages de connexion en peu de temps. Attendez un moment puis réessayez.'
});

/** Unknown id, forged id, or a call the person does not take part in: the same answer. */
export const callNotFound = () => new DomainError('calls.not_found', 'not_found');

/** The youth or the staff member is unknown, or they do not belong together. */
export const participantsInvalid = () => new DomainError('calls.participants_invalid', 'not_found');

export const callEnded = () => new DomainError('calls.ended', 'conflict');

/** A call without appointment that nobody started within `CALL_REUSE_HOURS` (see `callExpired`). */
export const callExpiredError = () => new DomainError('calls.expired', 'conflict');

export function invalidSignal(detail?: string): DomainError {
	return new DomainError('calls.invalid_signal', 'invalid', detail ? { message: detail } : {});
}

export function signalRateLimited(retryAfterSeconds: number): DomainError {
	return new DomainError('calls.rate_limited', 'rate_limited', { retryAfterSeconds });
}
