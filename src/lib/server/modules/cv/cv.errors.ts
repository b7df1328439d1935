import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'cv.not_found': "Ce CV n'existe pas ou n'est pas à toi.",
	'cv.id_reused': 'Ce CV ne peut pas être créé : réessaie depuis la page « Mes CV ».',
	'cv.too_many': 'Tu as déjà 10 CV : supprime-en un avant d’en créer un autre.',
	'cv.invalid_name': 'Donne à ton CV un nom de 1 à 60 caractères (par exemple « CV vente »).',
	'cv.too_many_operations': 'Trop de modifications envoyées d’un coup : réessaie.'
});

export const MAX_CVS_PER_YOUTH = 10;

export const cvNotFound = () => new DomainError('cv.not_found', 'not_found');
export const cvIdReused = () => new DomainError('cv.id_reused', 'conflict');
export const tooManyCvs = () => new DomainError('cv.too_many', 'conflict');
export const invalidCvName = () => new DomainError('cv.invalid_name', 'invalid', { fields: { name: 'Entre 1 et 60 caractères.' } });
export const tooManyOperations = () => new DomainError('cv.too_many_operations', 'invalid');
