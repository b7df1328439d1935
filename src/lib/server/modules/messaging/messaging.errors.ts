import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'messaging.conversation_not_found': "Cette conversation n'existe pas ou n'est plus accessible.",
	'messaging.youth_not_found': "Cette personne n'existe pas ou n'est pas suivie par votre structure.",
	'messaging.id_reused': 'Ce message a déjà été envoyé ailleurs. Rechargez la page puis réessayez.',
	'messaging.invalid_message': "Ce message n'est pas valide.",
	'messaging.group_invalid': "Ce message groupé n'est pas valide.",
	'messaging.rate_limited': 'Trop de messages envoyés en peu de temps. Attendez un moment avant de réessayer.'
});

/** Unknown id, forged id, or a conversation the person may not see: the same answer. */
export const conversationNotFound = () => new DomainError('messaging.conversation_not_found', 'not_found');

export const youthNotFound = () => new DomainError('messaging.youth_not_found', 'not_found');

/** A client id already used by someone else or in another conversation. */
export const messageIdReused = () => new DomainError('messaging.id_reused', 'conflict');

export function invalidMessage(fields: Record<string, string>): DomainError {
	return new DomainError('messaging.invalid_message', 'invalid', {
		fields,
		message: Object.values(fields)[0] ?? undefined
	});
}

export function invalidGroup(fields: Record<string, string>): DomainError {
	return new DomainError('messaging.group_invalid', 'invalid', {
		fields,
		message: Object.values(fields)[0] ?? undefined
	});
}

export function sendRateLimited(retryAfterSeconds: number): DomainError {
	const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
	return new DomainError('messaging.rate_limited', 'rate_limited', {
		retryAfterSeconds,
		message: `Trop de messages envoyés en peu de temps. Nouvel envoi possible dans ${minutes} minute${minutes > 1 ? 's' : ''}.`
	});
}
