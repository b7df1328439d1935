import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'learning.module_not_found': 'Ce parcours n’existe pas ou n’est pas disponible pour toi.',
	'learning.attempt_not_found': 'Cette partie n’existe pas ou n’est pas la tienne. Recommence le parcours depuis sa page.',
	'learning.invalid_response': 'Choisis une réponse avant de valider.',
	'learning.not_a_question': 'Cette étape n’attend pas de réponse.',
	'learning.nothing_to_review': 'Rien à revoir pour le moment dans ce parcours : bravo !',
	'learning.batch_too_large': 'Trop de réponses envoyées d’un coup. Réessaie : elles partiront en plusieurs fois.',
	'learning.answer_conflict': 'Cette réponse a déjà été enregistrée ailleurs.',
	'learning.invalid_batch': 'Les réponses envoyées ne sont pas lisibles.',
	'learning.too_many_guests': 'Beaucoup de parties ont commencé depuis ce réseau. Réessaie dans quelques minutes, ou connecte-toi.'
});

export const moduleNotFound = () => new DomainError('learning.module_not_found', 'not_found');
export const attemptNotFound = () => new DomainError('learning.attempt_not_found', 'not_found');
export const invalidResponse = () =>
	new DomainError('learning.invalid_response', 'invalid', { fields: { response: 'Choisis une réponse avant de valider.' } });
export const notAQuestion = () => new DomainError('learning.not_a_question', 'invalid');
export const nothingToReview = () => new DomainError('learning.nothing_to_review', 'conflict');
export const batchTooLarge = () => new DomainError('learning.batch_too_large', 'invalid');
export const invalidBatch = () => new DomainError('learning.invalid_batch', 'invalid');
