/**
 * Rules for a new password (ASVS 2.1): at least 10 characters, at most 128, any character allowed,
 * not a common password (nor a common word followed by digits or symbols), not built on the
 * person's own name or e-mail. Returns a French message explaining what to change, or null when
 * the password is acceptable.
 *
 * `audience` chooses the voice: youth are addressed with "tu", professionals with "vous".
 * It defaults to 'youth' (the first callers of this function were youth pages).
 */
const COMMON = new Set(
	[
		'123456', '1234567890', '12345678910', 'azertyuiop', 'qwertyuiop', 'motdepasse', 'motdepasse1', 'motdepasse123',
		'password', 'password1', 'password123', 'passw0rd', 'azerty123', 'azerty1234', 'azertyuiop1', '0123456789',
		'1111111111', '0000000000', 'iloveyou123', 'jetaime123', 'soleil1234', 'bonjour123', 'doudou1234',
		'marseille13', 'olympique13', 'loulou1234', 'chouchou123', 'football123', 'princesse1', 'nicolas123',
		'tremplin123', 'tremplin2026', 'missionlocale', 'missionlocale1', 'qwerty1234', 'abcdef1234', 'abc1234567',
		'aaaaaaaaaa', 'lyon69000', 'paris75000', 'jesuisla123', 'bienvenue1', 'bienvenue123', 'changeme123',
		'secret1234', 'admin12345', 'administrateur', 'utilisateur', 'azertyqwerty', '1q2w3e4r5t', 'zaq12wsxcde',
		'1q2w3e4r5t6y', 'qwertzuiop', 'azertyuiopqsdfghjklm', 'a1b2c3d4e5', 'motdepasse!', 'motdepassefort'
	].map((p) => p.toLowerCase())
);

/** Words that stay weak whatever digits or symbols are added after them ("Azerty2026!"). */
const COMMON_STEMS = new Set([
	'azerty', 'azertyuiop', 'qwerty', 'qwertyuiop', 'password', 'passw0rd', 'motdepasse', 'tremplin', 'missionlocale',
	'soleil', 'bonjour', 'jetaime', 'iloveyou', 'marseille', 'olympique', 'football', 'doudou', 'loulou', 'chouchou',
	'princesse', 'bienvenue', 'secret', 'admin', 'administrateur', 'utilisateur', 'changeme', 'abcdef', 'abc'
]);

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export type Audience = 'youth' | 'professional';

const TEXTS: Record<Audience, { short: string; common: string; personal: string }> = {
	youth: {
		short: `Choisis au moins ${PASSWORD_MIN} caractères. Une petite phrase facile à retenir marche bien.`,
		common: 'Ce mot de passe est trop courant. Choisis-en un autre, par exemple une petite phrase.',
		personal: 'Le mot de passe ne doit pas reprendre ton nom ou ton adresse e-mail.'
	},
	professional: {
		short: `Choisissez au moins ${PASSWORD_MIN} caractères. Une courte phrase facile à retenir convient bien.`,
		common: 'Ce mot de passe est trop courant. Choisissez-en un autre, par exemple une courte phrase.',
		personal: 'Le mot de passe ne doit pas reprendre votre nom ou votre adresse e-mail.'
	}
};

export interface PasswordContext {
	email?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	audience?: Audience;
}

export function checkNewPassword(password: string, context: PasswordContext = {}): string | null {
	const texts = TEXTS[context.audience ?? 'youth'];
	if (password.length < PASSWORD_MIN) return texts.short;
	if (password.length > PASSWORD_MAX) return `Le mot de passe ne doit pas dépasser ${PASSWORD_MAX} caractères.`;
	const lower = password.toLowerCase();
	const stem = lower.replace(/[\d\W_]+$/u, '');
	if (
		COMMON.has(lower) ||
		COMMON_STEMS.has(stem) ||
		/^(.)\1+$/u.test(password) ||
		(/^[\d\W_]+$/u.test(password) && new Set(password).size <= 3) ||
		/^(0123456789|1234567890)+/.test(password)
	) {
		return texts.common;
	}
	const personal = [context.email?.split('@')[0], context.firstName, context.lastName]
		.filter((p): p is string => !!p && p.length >= 3)
		.map((p) => p.toLowerCase());
	const close = (text: string, part: string) => text.includes(part) && text.length - part.length < 4;
	if (personal.some((p) => lower === p || close(lower, p) || close(stem, p))) {
		return texts.personal;
	}
	return null;
}
