import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'badges.not_found': 'Ce badge n’existe pas ou n’est pas accessible.',
	'badges.not_achieved': 'Ce badge n’est pas (ou plus) disponible : termine d’abord ce qu’il récompense.',
	'badges.youth_not_found': 'Ce jeune n’existe pas ou n’est pas suivi par votre Mission Locale.',
	'badges.invalid_reason': 'Indiquez la raison du retrait (entre 3 et 300 caractères).',
	'badges.already_revoked': 'Ce badge a déjà été retiré.',
	'badges.source_unavailable': 'Ce badge ne peut pas être délivré pour l’instant. Réessaie dans quelques minutes.'
});

export const badgeNotFound = () => new DomainError('badges.not_found', 'not_found');
export const notAchieved = () => new DomainError('badges.not_achieved', 'invalid');
export const youthNotFound = () => new DomainError('badges.youth_not_found', 'not_found');
export const invalidReason = () =>
	new DomainError('badges.invalid_reason', 'invalid', { fields: { reason: 'Entre 3 et 300 caractères.' } });
export const alreadyRevoked = () => new DomainError('badges.already_revoked', 'conflict');
/** The module that owns the achievement could not answer: nothing is issued, the youth retries later. */
export const sourceUnavailable = (cause: unknown) =>
	Object.assign(new DomainError('badges.source_unavailable', 'conflict'), { cause });
