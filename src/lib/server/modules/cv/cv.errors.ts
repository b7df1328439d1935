import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'cv.not_found': "Ce CV n'existe pas ou n'est pas à toi.",
	'cv.id_reused': 'Ce CV ne peut pas être créé : réessaie depuis la page « Mes CV ».',
	'cv.too_many': 'Tu as déjà 10 CV : supprime-en un avant d’en créer un autre.',
	'cv.invalid_name': 'Donne à ton CV un nom de 1 à 60 caractères (par exemple « CV vente »).',
	'cv.too_many_operations': 'Trop de modifications envoyées d’un coup : réessaie.',
	'cv.invalid_photo': 'Cette photo ne peut pas être utilisée : choisis une photo en JPEG, PNG ou WebP.',
	'cv.invalid_import': 'Ce fichier ne peut pas être importé : choisis un fichier JSON Resume (.json).',
	'cv.not_ready': 'Ton CV n’est pas encore prêt : il lui faut au moins ton prénom et ce que tu cherches.'
});

export const MAX_CVS_PER_YOUTH = 10;

export const cvNotFound = () => new DomainError('cv.not_found', 'not_found');
export const cvIdReused = () => new DomainError('cv.id_reused', 'conflict');
export const tooManyCvs = () => new DomainError('cv.too_many', 'conflict');
export const invalidCvName = () => new DomainError('cv.invalid_name', 'invalid', { fields: { name: 'Entre 1 et 60 caractères.' } });
export const tooManyOperations = () => new DomainError('cv.too_many_operations', 'invalid');
export const cvNotReady = () => new DomainError('cv.not_ready', 'invalid');
/** A JSON Resume file that cannot be imported, with the French reason (also on the form's `file` field). */
export const invalidCvImport = (reason: string) => new DomainError('cv.invalid_import', 'invalid', { fields: { file: reason }, message: reason });
/** A photo that cannot be used, with the French reason (also on the form's `photo` field). */
export const invalidCvPhoto = (reason?: string) =>
	new DomainError('cv.invalid_photo', 'invalid', reason ? { fields: { photo: reason }, message: reason } : { fields: { photo: 'Photo refusée.' } });

// Sharing (cv.sharing.ts): share links, sharing with the staff, comments.
registerMessages({
	'cv.share_invalid_duration': 'Choisis une durée : 7, 30 ou 90 jours.',
	'cv.share_too_many_links': 'Ce CV a déjà 5 liens actifs : retire-en un avant d’en créer un autre.',
	'cv.share_link_not_found': 'Ce lien n’existe pas ou n’est plus lié à ce CV.',
	'cv.share_unavailable':
		'Ce CV n’est pas disponible : le lien est peut-être expiré ou a été retiré. Demandez un nouveau lien à la personne qui vous l’a envoyé.',
	'cv.shared_not_found': 'Ce CV n’existe pas ou n’est pas partagé avec vous.',
	'cv.comment_not_found': 'Ce commentaire n’existe pas ou n’est plus sur ce CV.',
	'cv.comment_invalid': 'Le commentaire n’a pas pu être enregistré : vérifiez le texte.',
	'cv.comment_id_reused': 'Ce commentaire ne peut pas être enregistré : rechargez la page et réessayez.'
});

export const MAX_ACTIVE_SHARE_LINKS = 5;
export const invalidShareDuration = () => new DomainError('cv.share_invalid_duration', 'invalid', { fields: { days: 'Durée : 7, 30 ou 90 jours.' } });
export const tooManyShareLinks = () => new DomainError('cv.share_too_many_links', 'conflict');
export const shareLinkNotFound = () => new DomainError('cv.share_link_not_found', 'not_found');
/** Unknown, expired or revoked token: the same answer, no hint which. */
export const shareLinkUnavailable = () => new DomainError('cv.share_unavailable', 'not_found');
export const sharedCvNotFound = () => new DomainError('cv.shared_not_found', 'not_found');
export const commentNotFound = () => new DomainError('cv.comment_not_found', 'not_found');
export const invalidComment = (fields: Record<string, string>) => new DomainError('cv.comment_invalid', 'invalid', { fields });
export const commentIdReused = () => new DomainError('cv.comment_id_reused', 'conflict');
