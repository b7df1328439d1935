import { describe, expect, it } from 'vitest';
import { landingPath, safeRedirect } from './authentication.http';

describe('the page to go back to after sign-in', () => {
	it('keeps a same-site path with its query', () => {
		expect(safeRedirect('/pro/jeunes?page=2')).toBe('/pro/jeunes?page=2');
		expect(safeRedirect('/jeune')).toBe('/jeune');
	});

	it('refuses anything that could leave the site', () => {
		for (const bad of [
			'//evil.example/x',
			'/\\evil.example',
			'\\\\evil.example',
			'https://evil.example',
			'javascript:alert(1)',
			'evil.example',
			'/\t/evil.example',
			'/%0a/x'.replace('%0a', '\n'),
			'',
			null,
			undefined,
			'/' + 'a'.repeat(1200)
		]) {
			expect(safeRedirect(bad), String(bad)).toBeNull();
		}
	});

	it('sends a youth home, a professional to /pro, and a session waiting for TOTP to the second factor', () => {
		expect(landingPath({ userId: 'u', role: 'youth', mfaPending: false })).toBe('/jeune');
		expect(landingPath({ userId: 'u', role: 'counselor', mfaPending: false }, '//evil.example')).toBe('/pro');
		expect(landingPath({ userId: 'u', role: 'counselor', mfaPending: false }, '/pro/agenda')).toBe('/pro/agenda');
		expect(landingPath({ userId: 'u', role: 'structure_manager', mfaPending: true }, '/admin')).toBe(
			'/connexion/double-authentification?redirection=%2Fadmin'
		);
	});
});
