import { DomainError, registerMessages } from '../../platform/errors/errors';

registerMessages({
	'diagnostic.unknown_item': 'Cette question n’existe pas dans le diagnostic.',
	'diagnostic.no_attempt': 'Aucun diagnostic en cours sur cet appareil. Commence-le depuis la page du diagnostic.',
	'diagnostic.must_choose': 'Choisis une réponse avant de valider.',
	'diagnostic.invalid_answer': 'Cette réponse ne correspond pas aux choix proposés. Recharge la page et réessaie.',
	'diagnostic.too_long': 'Ce texte est trop long.',
	'diagnostic.already_answered': 'Tu as déjà fait cet exercice : regarde la correction et passe à la suite.',
	'diagnostic.youth_only': 'Le diagnostic se fait sans compte ou avec un compte jeune.',
	'diagnostic.youth_not_found': 'Ce jeune n’existe pas ou n’est pas suivi par votre Mission Locale.',
	'diagnostic.too_many_guests': 'Beaucoup de diagnostics ont commencé depuis ce réseau. Réessaie dans quelques minutes, ou connecte-toi.'
});

export const unknownItem = () => new DomainError('diagnostic.unknown_item', 'not_found');
export const noAttempt = () => new DomainError('diagnostic.no_attempt', 'not_found');
export const mustChoose = () =>
	new DomainError('diagnostic.must_choose', 'invalid', { fields: { answer: 'Choisis une réponse avant de valider.' } });
export const invalidAnswer = () => new DomainError('diagnostic.invalid_answer', 'invalid');
export const tooLong = (field: string, max: number) =>
	new DomainError('diagnostic.too_long', 'invalid', {
		message: `Ce texte est trop long (${max} caractères au plus).`,
		fields: { [field]: `${max} caractères au plus.` }
	});
export const alreadyAnswered = () => new DomainError('diagnostic.already_answered', 'conflict');
export const youthOnly = () => new DomainError('diagnostic.youth_only', 'forbidden');
export const youthNotFound = () => new DomainError('diagnostic.youth_not_found', 'not_found');
