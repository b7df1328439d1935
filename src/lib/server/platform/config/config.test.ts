import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('the configuration', () => {
	it('runs on the embedded database in demo mode by default, without enforcing the second factor', () => {
		const c = readConfig({});
		expect(c).toMatchObject({ databaseUrl: null, demo: true, enforceMfa: false, smtpUrl: null, smsProvider: 'outbox', sessionDays: 30 });
		expect(c.dataDir.endsWith('/data')).toBe(true);
	});

	it('leaves demo mode and enforces the second factor with a PostgreSQL URL', () => {
		const c = readConfig({ DATABASE_URL: 'postgres://db/tremplin' });
		expect(c).toMatchObject({ databaseUrl: 'postgres://db/tremplin', demo: false, enforceMfa: true });
	});

	it('lets TREMPLIN_DEMO force demo mode either way', () => {
		expect(readConfig({ DATABASE_URL: 'postgres://db/x', TREMPLIN_DEMO: '1' }).demo).toBe(true);
		expect(readConfig({ TREMPLIN_DEMO: '0' }).demo).toBe(false);
		expect(readConfig({ TREMPLIN_DEMO: '0' }).enforceMfa).toBe(true);
		expect(readConfig({ TREMPLIN_ENFORCE_MFA: '1' }).enforceMfa).toBe(true);
	});

	it('refuses malformed values with a French message instead of guessing', () => {
		expect(() => readConfig({ TREMPLIN_DEMO: 'peut-être' })).toThrow(/Valeur booléenne invalide/);
		expect(() => readConfig({ TREMPLIN_SESSION_DAYS: '-3' })).toThrow(/entier positif/);
		expect(() => readConfig({ SMS_PROVIDER: 'pigeon' })).toThrow(/SMS_PROVIDER inconnu/);
	});

	it('reads the data directory and the public URL', () => {
		const c = readConfig({ TREMPLIN_DATA_DIR: '/srv/tremplin', ORIGIN: 'https://tremplin.example.org' });
		expect(c.dataDir).toBe('/srv/tremplin');
		expect(c.publicUrl).toBe('https://tremplin.example.org');
	});
});
