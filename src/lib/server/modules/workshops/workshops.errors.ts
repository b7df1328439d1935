import { DomainError, registerMessages, type ErrorKind } from '$lib/server/platform/errors/errors';

registerMessages({
	// Planning
	'workshops.not_found': 'Cet atelier est introuvable.',
	'workshops.invalid': 'Certaines informations de l’atelier ne sont pas valides. Corrigez les champs indiqués.',
	'workshops.no_questions': 'Ajoutez au moins une question avant d’ouvrir la salle.',
	'workshops.too_many_questions': 'Un atelier compte au plus 50 questions.',
	'workshops.module_not_found': 'Ce parcours est introuvable ou n’est pas publié.',
	'workshops.youth_not_found': 'Ce jeune est introuvable ou n’est pas suivi par votre Mission Locale.',
	'workshops.already_started': 'Cet atelier a déjà commencé : on ne peut plus changer ses questions.',
	'workshops.not_ended': 'Les résultats seront disponibles à la fin de l’atelier.',
	'workshops.locked_after_end': 'Cet atelier est terminé : il ne peut plus être modifié.',
	'workshops.delete_refused': 'Un atelier ne peut être supprimé qu’avant l’ouverture de la salle.',
	'workshops.question_not_found': 'Cette question n’est plus dans l’atelier. Rechargez la page.',
	'workshops.site_not_found': 'Ce lieu n’est pas un lieu de votre Mission Locale.',
	'workshops.replay_failed': 'Le parcours n’a pas pu être publié à partir de cet atelier.',
	// Live session
	'workshops.code_unknown': 'Aucun atelier en cours avec ce code. Vérifiez les 6 chiffres affichés à l’écran.',
	'workshops.code_rate_limited': 'Trop d’essais de code. Attendez quelques minutes puis réessayez.',
	'workshops.nickname_refused': 'Ce pseudo n’est pas accepté. Choisis-en un autre, sans insulte.',
	'workshops.nickname_taken': 'Ce pseudo est déjà pris dans cet atelier. Ajoute une lettre ou un chiffre.',
	'workshops.full': 'L’atelier est complet. Demande à l’animateur ou l’animatrice.',
	'workshops.ended': 'Cet atelier est terminé. Merci d’avoir participé !',
	'workshops.player_unknown': 'Tu ne fais pas (ou plus) partie de cet atelier. Rejoins-le avec son code.',
	'workshops.removed': 'L’animateur ou l’animatrice t’a retiré·e de cet atelier.',
	'workshops.not_open': 'Cette question n’est pas ouverte aux réponses.',
	'workshops.too_late': 'Trop tard : le temps était écoulé, ta réponse n’a pas été comptée.',
	'workshops.paused': 'L’atelier est en pause : réponds quand il reprend.',
	'workshops.already_answered': 'Tu as déjà répondu à cette question : une seule réponse compte.',
	'workshops.invalid_answer': 'Cette réponse n’est pas valide. Choisis parmi les réponses proposées.',
	'workshops.control_refused': 'Cette action n’est pas possible maintenant.'
});

/** Unknown, forged, or of another structure: the same answer. */
export const workshopNotFound = () => new DomainError('workshops.not_found', 'not_found');

export const workshopInvalid = (fields: Record<string, string>) =>
	new DomainError('workshops.invalid', 'invalid', { fields });

export const workshopError = (
	code: `workshops.${string}`,
	kind: ErrorKind,
	options: { fields?: Record<string, string>; retryAfterSeconds?: number } = {}
) => new DomainError(code, kind, options);
