/**
 * Rules for a new password (ASVS 2.1): at least 10 characters, at most 128, any character allowed,
 * not a common password, not built on the person's own name or e-mail. Returns a French message
 * explaining what to change, or null when the password is acceptable.
 */
const COMMON = new Set(
	[
		'123456', '1234567890', '12345678910', 'azertyuiop', 'qwertyuiop', 'motdepasse', 'motdepasse1', 'motdepasse123',
		'password', 'password1', 'password123', 'passw0rd', 'azerty123', 'azerty1234', 'azertyuiop1', '0123456789',
		'1111111111', '0000000000', 'iloveyou123', 'jetaime123', 'soleil1234', 'bonjour123', 'doudou1234',
		'marseille13', 'olympique13', 'loulou1234', 'chouchou123', 'football123', 'princesse1', 'nicolas123',
		'tremplin123', 'tremplin2026', 'missionlocale', 'missionlocale1', 'qwerty1234', 'abcdef1234', 'abc1234567',
		'aaaaaaaaaa', 'lyon69000', 'paris75000', 'jesuisla123', 'bienvenue1', 'bienvenue123', 'changeme123',
		'secret1234', 'admin12345', 'administrateur', 'utilisateur', 'azertyqwerty', '1q2w3e4r5t', 'zaq12wsxcde'
	].map((p) => p.toLowerCase())
);

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export function checkNewPassword(
	password: string,
	context: { email?: string | null; firstName?: string | null; lastName?: string | null } = {}
): string | null {
	if (password.length < PASSWORD_MIN) return `Choisis au moins ${PASSWORD_MIN} caractères. Une petite phrase facile à retenir marche bien.`;
	if (password.length > PASSWORD_MAX) return `Le mot de passe ne doit pas dépasser ${PASSWORD_MAX} caractères.`;
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890)+/.test(password)) {
		return 'Ce mot de passe est trop courant. Choisis-en un autre, par exemple une petite phrase.';
	}
	const personal = [context.email?.split('@')[0], context.firstName, context.lastName]
		.filter((p): p is string => !!p && p.length >= 3)
		.map((p) => p.toLowerCase());
	if (personal.some((p) => lower === p || (lower.includes(p) && lower.length - p.length < 4))) {
		return 'Le mot de passe ne doit pas reprendre ton nom ou ton adresse e-mail.';
	}
	return null;
}
