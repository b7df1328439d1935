import { DomainError, registerMessages } from '../../platform/errors/errors';

registerMessages({
	'follow_up.youth_not_found': "Ce jeune n'existe pas ou n'est pas suivi par votre Mission Locale.",
	'follow_up.entry_not_found': "Cette note n'existe pas ou n'est plus visible par votre Mission Locale.",
	'follow_up.entry_locked': 'Une note ne peut être modifiée ou supprimée que par son auteur ou son autrice, dans les 24 heures. Ajoutez plutôt une nouvelle note.',
	'follow_up.date_in_future': "La date ne peut pas être dans le futur.",
	'follow_up.step_not_found': "Cette étape n'existe pas ou n'est plus visible par votre Mission Locale.",
	'follow_up.too_many_steps': 'Le parcours compte déjà 50 étapes : marquez-en comme faites ou abandonnées, ou supprimez-en.',
	'follow_up.target_not_found': 'Choisissez une Mission Locale active dans la liste.',
	'follow_up.same_structure': 'Ce jeune est déjà suivi par cette Mission Locale.',
	'follow_up.already_moved': 'Ce jeune vient de changer de Mission Locale : son dossier ne vous est plus accessible.'
});

export const youthNotFound = () => new DomainError('follow_up.youth_not_found', 'not_found');
export const entryNotFound = () => new DomainError('follow_up.entry_not_found', 'not_found');
export const entryLocked = () => new DomainError('follow_up.entry_locked', 'forbidden');
export const dateInFuture = (field: string) =>
	new DomainError('follow_up.date_in_future', 'invalid', { fields: { [field]: "Indiquez une date passée ou aujourd'hui." } });
export const stepNotFound = () => new DomainError('follow_up.step_not_found', 'not_found');
export const tooManySteps = () => new DomainError('follow_up.too_many_steps', 'conflict');
export const targetNotFound = () =>
	new DomainError('follow_up.target_not_found', 'invalid', { fields: { toStructureId: 'Choisissez une Mission Locale active dans la liste.' } });
export const sameStructure = () =>
	new DomainError('follow_up.same_structure', 'invalid', { fields: { toStructureId: 'Choisissez une autre Mission Locale.' } });
export const alreadyMoved = () => new DomainError('follow_up.already_moved', 'conflict');
