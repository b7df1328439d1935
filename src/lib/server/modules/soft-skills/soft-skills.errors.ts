import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'soft_skills.skill_not_found': 'Cette qualité n’existe pas ou ne fait pas partie de ton profil.',
	'soft_skills.youth_not_found': 'Ce ou cette jeune n’existe pas ou n’est pas suivi·e par votre Mission Locale.',
	'soft_skills.experience_not_found': 'Cette expérience n’existe pas ou n’est pas à toi.',
	'soft_skills.invalid_experience': 'Raconte ton expérience en quelques mots (3 à 600 caractères) et choisis son type.',
	'soft_skills.nothing_picked': 'Coche au moins une qualité.',
	'soft_skills.invalid_answers': 'Réponds à au moins une situation pour voir les qualités qu’elle montre.',
	'soft_skills.invalid_proof': 'Ta phrase de preuve doit faire 400 caractères au plus.',
	'soft_skills.too_many_links': 'Tu as déjà 5 demandes en attente pour cette qualité : retire-en une avant d’en créer une autre.',
	'soft_skills.link_not_found': 'Cette demande n’existe pas ou n’est plus liée à cette qualité.',
	'soft_skills.link_unavailable':
		'Ce lien de confirmation n’est plus valable : il a peut-être déjà servi, expiré ou été retiré. Demandez un nouveau lien à la personne qui vous l’a envoyé.',
	'soft_skills.invalid_confirmation': 'Vérifiez votre nom, votre rôle et votre phrase.',
	'soft_skills.already_confirmed': 'Vous avez déjà confirmé cette qualité.',
	'soft_skills.invalid_referential': 'Vérifiez les champs signalés.',
	'soft_skills.no_draft': 'Il n’y a pas de brouillon à publier : modifiez d’abord une qualité.',
	'soft_skills.family_not_found': 'Cette famille n’existe pas dans le référentiel.'
});

export const skillNotFound = () => new DomainError('soft_skills.skill_not_found', 'not_found');
export const youthNotFound = () => new DomainError('soft_skills.youth_not_found', 'not_found');
export const experienceNotFound = () => new DomainError('soft_skills.experience_not_found', 'not_found');
export const invalidExperience = (fields: Record<string, string>) => new DomainError('soft_skills.invalid_experience', 'invalid', { fields });
export const nothingPicked = () => new DomainError('soft_skills.nothing_picked', 'invalid');
export const invalidAnswers = () => new DomainError('soft_skills.invalid_answers', 'invalid');
export const invalidProof = () => new DomainError('soft_skills.invalid_proof', 'invalid', { fields: { proof: '400 caractères au plus.' } });
export const tooManyLinks = () => new DomainError('soft_skills.too_many_links', 'conflict');
export const linkNotFound = () => new DomainError('soft_skills.link_not_found', 'not_found');
export const linkUnavailable = () => new DomainError('soft_skills.link_unavailable', 'not_found');
export const invalidConfirmation = (fields: Record<string, string>) => new DomainError('soft_skills.invalid_confirmation', 'invalid', { fields });
export const alreadyConfirmed = () => new DomainError('soft_skills.already_confirmed', 'conflict');
export const invalidReferential = (fields: Record<string, string>) => new DomainError('soft_skills.invalid_referential', 'invalid', { fields });
export const noDraft = () => new DomainError('soft_skills.no_draft', 'conflict');
export const familyNotFound = () => new DomainError('soft_skills.family_not_found', 'invalid', { fields: { familyId: 'Famille inconnue.' } });
