import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './authentication.password-policy';

describe('the password policy', () => {
	it('accepts a long, personal sentence', () => {
		expect(checkNewPassword('mon chat dort sur le radiateur')).toBeNull();
		expect(checkNewPassword('Kq8!zP3@vW1m')).toBeNull();
	});

	it('asks a youth for 10 characters with "tu" and a professional with "vous"', () => {
		expect(checkNewPassword('court')).toBe('Choisis au moins 10 caractères. Une petite phrase facile à retenir marche bien.');
		expect(checkNewPassword('court', { audience: 'professional' })).toMatch(/^Choisissez au moins 10 caractères/);
	});

	it('refuses more than 128 characters', () => {
		expect(checkNewPassword('a'.repeat(60) + 'b'.repeat(69))).toContain('128');
	});

	it('refuses common passwords, common words followed by digits, and repeated characters', () => {
		for (const weak of ['motdepasse123', 'Azerty2026!', 'PASSWORD1234', 'tremplin2027', 'aaaaaaaaaaaa', '1212121212', '0123456789']) {
			expect(checkNewPassword(weak), weak).toContain('trop courant');
		}
	});

	it("refuses a password built on the person's name or e-mail", () => {
		const context = { email: 'karim.benali@exemple.fr', firstName: 'Karim', lastName: 'Benali' };
		expect(checkNewPassword('karim.benali', context)).toContain('ton nom');
		expect(checkNewPassword('benali2026!', { ...context, audience: 'professional' })).toContain('votre nom');
		expect(checkNewPassword('karim aime le foot le dimanche', context)).toBeNull();
	});
});
