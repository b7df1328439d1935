import { DomainError, registerMessages } from '../../platform/errors/errors';

registerMessages({
	'accounts.youth_not_found': "Ce jeune n'existe pas ou n'est pas suivi par votre Mission Locale.",
	'accounts.counselor_not_in_structure': 'Choisissez un conseiller ou une conseillère de votre Mission Locale.',
	'accounts.same_referent': 'Cette personne est déjà la référente ou le référent de ce jeune.',
	'accounts.situation_date': 'La date de la situation ne peut pas être dans le futur.'
});

export const youthNotFound = () => new DomainError('accounts.youth_not_found', 'not_found');
export const counselorNotInStructure = () =>
	new DomainError('accounts.counselor_not_in_structure', 'invalid', {
		fields: { counselorId: 'Choisissez un conseiller ou une conseillère de votre Mission Locale.' }
	});
export const sameReferent = () =>
	new DomainError('accounts.same_referent', 'conflict', {
		fields: { counselorId: 'Cette personne suit déjà ce jeune.' }
	});
export const situationInFuture = () =>
	new DomainError('accounts.situation_date', 'invalid', {
		fields: { since: "Indiquez une date passée ou aujourd'hui." }
	});
