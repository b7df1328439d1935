import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'messaging.conversation_not_found': "Cette conversation n'existe pas ou n'est plus accessible.",
	'messaging.youth_not_found': "Cette personne n'existe pas ou n'est pas suivie par votre structure.",
	'messaging.id_reused': 'Ce message a déjà été envoyé ailleurs. Rechargez la page puis réessayez.',
	'messaging.invalid_message': "Ce message n'est pas valide.",
	'messaging.group_invalid': "Ce message groupé n'est pas valide.",
	'messaging.rate_limited': 'Trop de messages envoyés en peu de temps. Attendez un moment avant de réessayer.',
	'messaging.invalid_attachment': "Ce fichier n'est pas accepté.",
	'messaging.attachment_quota': "Trop de fichiers envoyés en une heure. Réessayez plus tard ou envoyez un message sans pièce jointe.",
	'messaging.attachment_not_found': "Ce fichier n'existe pas ou n'est plus accessible.",
	'messaging.digest_invalid': "Ce choix n'est pas valide.",
	'messaging.push_invalid': "Ce téléphone n'a pas donné une adresse de notification valide. Réessayez, ou utilisez un autre navigateur.",
	'messaging.push_unavailable': "Les notifications ne sont pas proposées pour ce compte."
});

/** A subscription refused (unknown push service, malformed keys). */
export const invalidPushSubscription = () => new DomainError('messaging.push_invalid', 'invalid');

export const pushUnavailable = () => new DomainError('messaging.push_unavailable', 'forbidden');

/** A refused attachment; the reason (French) is shown under the file field. */
export function invalidAttachment(reason: string): DomainError {
	return new DomainError('messaging.invalid_attachment', 'invalid', { fields: { file: reason }, message: reason });
}

export function attachmentQuotaExceeded(): DomainError {
	return new DomainError('messaging.attachment_quota', 'rate_limited', { retryAfterSeconds: 3600 });
}

export const attachmentNotFound = () => new DomainError('messaging.attachment_not_found', 'not_found');

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
