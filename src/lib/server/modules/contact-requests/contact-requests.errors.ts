import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'contact_request.not_found': "Cette demande n'existe pas ou n'est pas adressée à votre Mission Locale.",
	'contact_request.no_mission_locale':
		"Aucune Mission Locale présente sur Tremplin ne couvre encore cette commune. Tu peux trouver la tienne sur la page « Trouver ma Mission Locale ».",
	'contact_request.unknown_commune': 'Cette commune est inconnue. Vérifie ton code postal et choisis ta commune dans la liste.',
	'contact_request.wrong_status': 'Cette demande a déjà changé d’état : rechargez la page pour voir où elle en est.',
	'contact_request.not_staff': 'Cette personne ne fait pas partie de l’équipe de votre Mission Locale.',
	'contact_request.rate_limited': 'Tu as déjà envoyé plusieurs demandes. Réessaie un peu plus tard.'
});

export const contactRequestNotFound = () => new DomainError('contact_request.not_found', 'not_found');
export const wrongStatus = () => new DomainError('contact_request.wrong_status', 'conflict');
export const notStaffOfStructure = () =>
	new DomainError('contact_request.not_staff', 'invalid', {
		fields: { counselorId: 'Choisissez une personne de votre Mission Locale.' }
	});
export const noMissionLocale = () =>
	new DomainError('contact_request.no_mission_locale', 'invalid', {
		fields: { communeCode: 'Aucune Mission Locale sur Tremplin ne couvre encore cette commune.' }
	});
export const unknownCommune = () =>
	new DomainError('contact_request.unknown_commune', 'invalid', {
		fields: { communeCode: 'Choisis ta commune dans la liste.' }
	});

function formatWait(seconds: number): string {
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `${Math.max(1, minutes)} minute${minutes > 1 ? 's' : ''}`;
	const hours = Math.ceil(minutes / 60);
	return `${hours} heure${hours > 1 ? 's' : ''}`;
}

export const contactRateLimited = (retryAfterSeconds: number, byContact: boolean) =>
	new DomainError('contact_request.rate_limited', 'rate_limited', {
		retryAfterSeconds,
		message: byContact
			? `Tu as déjà envoyé plusieurs demandes avec ce numéro ou cette adresse. La Mission Locale les a bien reçues : elle va te contacter. Tu pourras en envoyer une autre dans ${formatWait(retryAfterSeconds)}.`
			: `Trop de demandes ont été envoyées depuis cette connexion. Tu pourras réessayer dans ${formatWait(retryAfterSeconds)}.`
	});
