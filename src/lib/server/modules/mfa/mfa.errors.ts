import { DomainError, registerMessages } from '../../platform/errors/errors';

registerMessages({
	'mfa.invalid_code': 'Ce code ne fonctionne pas. Vérifiez-le et réessayez.',
	'mfa.not_enrolled': 'La double authentification n’est pas activée sur ce compte.',
	'mfa.already_enabled': 'La double authentification est déjà activée.',
	'mfa.required_for_role':
		'Votre rôle demande la double authentification : elle ne peut pas être désactivée. Vous pouvez enregistrer un nouveau téléphone à la place.',
	'mfa.not_for_youth': 'La double authentification par application est réservée aux comptes professionnels.',
	'mfa.device_not_found': 'Cet appareil n’est plus connecté.'
});

export const invalidCode = () =>
	new DomainError('mfa.invalid_code', 'invalid', {
		fields: { code: 'Ce code ne fonctionne pas. Vérifiez-le et réessayez.' }
	});

/** "1 minute", "5 minutes", "1 heure" — how long to wait, rounded up. */
export function formatWait(seconds: number): string {
	if (seconds < 60) return `${seconds} seconde${seconds > 1 ? 's' : ''}`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `${minutes} minute${minutes > 1 ? 's' : ''}`;
	const hours = Math.ceil(minutes / 60);
	return `${hours} heure${hours > 1 ? 's' : ''}`;
}

export const tooManyAttempts = (retryAfterSeconds: number) =>
	new DomainError('mfa.too_many_attempts', 'rate_limited', {
		retryAfterSeconds,
		message: `Trop d’essais avec un code faux. Par sécurité, attendez ${formatWait(retryAfterSeconds)} avant de réessayer.`
	});
