import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { isDomainError, type DomainError } from '$lib/server/platform/errors/errors';
import { outboxMessages } from '$lib/server/platform/mail';
import { readConfig } from '$lib/server/platform/config/config';
import { verificationCodes } from './authentication.schema';
import { aCounselor, aYouth, disableAccount, givePassword, withConfirmedTotp } from './authentication.fixtures';
import {
	changePassword,
	requestPasswordReset,
	requestSignInCode,
	resetPassword,
	signInWithCode,
	signInWithPassword
} from './authentication.usecases';
import { parseDestination } from './authentication.validation';
import { INVALID_CREDENTIALS_MESSAGE } from './authentication.errors';

let handle: DatabaseHandle;
let deps: Deps;
let clock: Date;
const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

beforeAll(async () => {
	handle = await createTestDatabase();
	clock = new Date('2026-03-02T10:00:00Z');
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent' }), now: () => clock });
});
afterAll(() => handle.close());
beforeEach(() => {
	// Each test starts from its own hour, far from the previous test's rate-limit windows.
	tick(24 * 3600);
});

async function failure(promise: Promise<unknown>): Promise<DomainError> {
	try {
		await promise;
	} catch (error) {
		if (isDomainError(error)) return error;
		throw error;
	}
	throw new Error('expected a domain error');
}

const PASSWORD = 'une phrase de passe solide';
let ipCounter = 0;
const freshIp = () => `192.0.2.${++ipCounter}`;

async function lastOutbox(recipient: string) {
	const rows = await deps.db
		.select()
		.from(outboxMessages)
		.where(eq(outboxMessages.recipient, recipient))
		.orderBy(desc(outboxMessages.createdAt));
	return rows;
}

const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)?.[1] ?? '';
const tokenIn = (text: string) => /\/mot-de-passe\/nouveau\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';

describe('signing in with an e-mail and a password', () => {
	it('opens a session for a counselor with the right password', async () => {
		const counselor = await aCounselor(deps.db, { password: PASSWORD });
		const signedIn = await signInWithPassword(deps, { email: counselor.email.toUpperCase() + '  ', password: PASSWORD, ip: freshIp(), userAgent: 'test' });
		expect(signedIn.userId).toBe(counselor.id);
		expect(signedIn.mfaPending).toBe(false);
		const session = await deps.sessions.validate(signedIn.token);
		expect(session?.actor.userId).toBe(counselor.id);
		expect(session?.session.method).toBe('password');
		expect(session?.session.mfaSatisfied).toBe(true);
	});

	it('gives the same generic message for a wrong password, an unknown e-mail, a disabled account and an account without password', async () => {
		const counselor = await aCounselor(deps.db, { password: PASSWORD });
		const disabled = await aCounselor(deps.db, { password: PASSWORD });
		await disableAccount(deps.db, disabled.id);
		const youthWithoutPassword = await aYouth(deps.db);

		const attempts = [
			{ email: counselor.email, password: 'pas le bon mot de passe' },
			{ email: 'personne@exemple.test', password: PASSWORD },
			{ email: disabled.email, password: PASSWORD },
			{ email: youthWithoutPassword.email!, password: PASSWORD }
		];
		for (const attempt of attempts) {
			const error = await failure(signInWithPassword(deps, { ...attempt, ip: freshIp() }));
			expect(error.code).toBe('authentication.invalid_credentials');
			expect(error.message).toBe(INVALID_CREDENTIALS_MESSAGE);
			expect(error.fields).toEqual({});
		}
	});

	it('leaves the session waiting for the second factor when the person has a confirmed TOTP', async () => {
		const manager = await aCounselor(deps.db, { password: PASSWORD, role: 'structure_manager' });
		await withConfirmedTotp(deps.db, manager.id);
		const signedIn = await signInWithPassword(deps, { email: manager.email, password: PASSWORD, ip: freshIp() });
		expect(signedIn.mfaPending).toBe(true);
		expect((await deps.sessions.validate(signedIn.token))?.session.mfaSatisfied).toBe(false);
	});

	it('locks an e-mail progressively after repeated failures, says how long to wait, and forgets after the lock', async () => {
		const counselor = await aCounselor(deps.db, { password: PASSWORD });
		const attempt = (password: string) => signInWithPassword(deps, { email: counselor.email, password, ip: freshIp() });

		for (let i = 0; i < 5; i++) expect((await failure(attempt('mauvais'))).code).toBe('authentication.invalid_credentials');
		// The 6th failure locks for 30 s.
		expect((await failure(attempt('mauvais'))).code).toBe('authentication.invalid_credentials');
		const locked = await failure(attempt(PASSWORD));
		expect(locked.kind).toBe('rate_limited');
		expect(locked.retryAfterSeconds).toBe(30);
		expect(locked.message).toBe('Trop de tentatives. Nouvel essai possible dans 30 secondes.');

		// After the lock, one more failure doubles it (60 s).
		tick(31);
		await failure(attempt('mauvais'));
		const longer = await failure(attempt(PASSWORD));
		expect(longer.retryAfterSeconds).toBe(60);
		expect(longer.message).toContain('1 minute');

		// The right password after the lock works and clears the counter.
		tick(61);
		const signedIn = await attempt(PASSWORD);
		expect(signedIn.userId).toBe(counselor.id);
		expect((await failure(attempt('mauvais'))).code).toBe('authentication.invalid_credentials');
	});

	it('locks an IP address that tries many accounts', async () => {
		const ip = freshIp();
		const first = await aCounselor(deps.db, { password: PASSWORD });
		for (let i = 0; i < 31; i++) {
			// Known accounts with cheap hashes keep this test fast; each e-mail fails only once.
			const counselor = i === 0 ? first : await aCounselor(deps.db, { password: PASSWORD, structureId: first.structureId });
			await failure(signInWithPassword(deps, { email: counselor.email, password: 'mauvais', ip }));
		}
		const error = await failure(signInWithPassword(deps, { email: 'autre@exemple.test', password: 'x', ip }));
		expect(error.kind).toBe('rate_limited');
	});
});

describe('signing in with a one-time code', () => {
	it('sends a 6-digit code by SMS to a youth and signs in with it, once', async () => {
		const youth = await aYouth(deps.db, { email: null, phone: '06 12 34 56 01' });
		const destination = parseDestination('06.12.34.56.01')!;
		expect(destination).toEqual({ channel: 'sms', value: '+33612345601' });

		await requestSignInCode(deps, { destination, ip: freshIp() });
		const [sms] = await lastOutbox('+33612345601');
		expect(sms?.channel).toBe('sms');
		expect(sms?.text).toContain('ton code');
		const code = codeIn(sms!.text);
		expect(code).toMatch(/^\d{6}$/);

		const stored = await deps.db.select().from(verificationCodes).where(eq(verificationCodes.userId, youth.id));
		expect(stored).toHaveLength(1);
		expect(stored[0]!.secretHash).not.toContain(code);

		const signedIn = await signInWithCode(deps, { destination, code, ip: freshIp() });
		expect(signedIn.userId).toBe(youth.id);
		expect((await deps.sessions.validate(signedIn.token))?.session.method).toBe('code');

		const again = await failure(signInWithCode(deps, { destination, code, ip: freshIp() }));
		expect(again.code).toBe('authentication.invalid_code');
	});

	it('sends the code by e-mail and addresses a professional with "vous"', async () => {
		const counselor = await aCounselor(deps.db);
		await requestSignInCode(deps, { destination: parseDestination(counselor.email)!, ip: freshIp() });
		const [mail] = await lastOutbox(counselor.email);
		expect(mail?.subject).toBe('Votre code de connexion Tremplin');
		expect(mail?.text).toContain('votre code');
		expect(mail?.html).toContain(codeIn(mail!.text));
	});

	it('answers the same for an unknown destination and sends nothing', async () => {
		const destination = parseDestination('07 00 00 00 99')!;
		await expect(requestSignInCode(deps, { destination, ip: freshIp() })).resolves.toBeUndefined();
		expect(await lastOutbox(destination.value)).toHaveLength(0);
		const error = await failure(signInWithCode(deps, { destination, code: '123456', ip: freshIp() }));
		expect(error.code).toBe('authentication.invalid_code');
	});

	it('refuses a code after 10 minutes', async () => {
		const youth = await aYouth(deps.db);
		const destination = parseDestination(youth.email!)!;
		await requestSignInCode(deps, { destination, ip: freshIp() });
		const code = codeIn((await lastOutbox(youth.email!))[0]!.text);
		tick(10 * 60 + 1);
		expect((await failure(signInWithCode(deps, { destination, code, ip: freshIp() }))).code).toBe('authentication.invalid_code');
	});

	it('burns a code after 5 wrong attempts, even if the right one comes next', async () => {
		const youth = await aYouth(deps.db);
		const destination = parseDestination(youth.email!)!;
		await requestSignInCode(deps, { destination, ip: freshIp() });
		const code = codeIn((await lastOutbox(youth.email!))[0]!.text);
		const wrong = code === '000000' ? '111111' : '000000';
		for (let i = 0; i < 5; i++) {
			tick(3600); // step over the progressive lock: this test is about the per-code limit
			await failure(signInWithCode(deps, { destination, code: wrong, ip: freshIp() }));
		}
		tick(3600);
		expect((await failure(signInWithCode(deps, { destination, code, ip: freshIp() }))).code).toBe('authentication.invalid_code');
	});

	it('slows down guesses on one destination with progressive locks', async () => {
		const youth = await aYouth(deps.db);
		const destination = parseDestination(youth.email!)!;
		for (let i = 0; i < 4; i++) await failure(signInWithCode(deps, { destination, code: '123456', ip: freshIp() }));
		const error = await failure(signInWithCode(deps, { destination, code: '123456', ip: freshIp() }));
		expect(error.kind).toBe('rate_limited');
		expect(error.message).toContain('1 minute');
	});

	it('a new code replaces the previous one', async () => {
		const youth = await aYouth(deps.db);
		const destination = parseDestination(youth.email!)!;
		await requestSignInCode(deps, { destination, ip: freshIp() });
		const first = codeIn((await lastOutbox(youth.email!))[0]!.text);
		tick(1);
		await requestSignInCode(deps, { destination, ip: freshIp() });
		const rows = await lastOutbox(youth.email!);
		expect(rows).toHaveLength(2);
		const second = codeIn(rows[0]!.text);
		expect(codeIn(rows[1]!.text)).toBe(first);
		if (first !== second) {
			expect((await failure(signInWithCode(deps, { destination, code: first, ip: freshIp() }))).code).toBe('authentication.invalid_code');
		}
		expect((await signInWithCode(deps, { destination, code: second, ip: freshIp() })).userId).toBe(youth.id);
	});

	it('limits how many codes are sent to one destination', async () => {
		const destination = parseDestination('inconnu-envoi@exemple.test')!;
		for (let i = 0; i < 4; i++) await requestSignInCode(deps, { destination, ip: freshIp() });
		const error = await failure(requestSignInCode(deps, { destination, ip: freshIp() }));
		expect(error.kind).toBe('rate_limited');
		expect(error.message).toBe('Trop de codes demandés. Nouvel essai possible dans 5 minutes.');
	});

	it('applies the TOTP rule to a code sign-in', async () => {
		const counselor = await aCounselor(deps.db);
		await withConfirmedTotp(deps.db, counselor.id);
		const destination = parseDestination(counselor.email)!;
		await requestSignInCode(deps, { destination, ip: freshIp() });
		const code = codeIn((await lastOutbox(counselor.email))[0]!.text);
		expect((await signInWithCode(deps, { destination, code, ip: freshIp() })).mfaPending).toBe(true);
	});
});

describe('resetting a forgotten password', () => {
	const baseUrl = 'https://tremplin.exemple.fr';

	it('sends a single-use link, sets the new password, closes every session and signs in here', async () => {
		const youth = await aYouth(deps.db, { password: PASSWORD });
		const other = await signInWithPassword(deps, { email: youth.email!, password: PASSWORD, ip: freshIp() });

		await requestPasswordReset(deps, { email: youth.email!, ip: freshIp(), baseUrl });
		const [mail] = await lastOutbox(youth.email!);
		expect(mail?.subject).toBe('Changer ton mot de passe Tremplin');
		expect(mail?.text).toContain(`${baseUrl}/mot-de-passe/nouveau/`);
		const token = tokenIn(mail!.text);
		const rows = await deps.db.select().from(verificationCodes).where(eq(verificationCodes.userId, youth.id));
		expect(rows[0]?.secretHash).not.toContain(token);

		const newPassword = 'mon vélo rouge du dimanche';
		const signedIn = await resetPassword(deps, { token, password: newPassword, confirmation: newPassword });
		expect(signedIn.userId).toBe(youth.id);
		expect((await deps.sessions.validate(signedIn.token))?.session.method).toBe('reset');
		expect(await deps.sessions.validate(other.token)).toBeNull();

		expect((await signInWithPassword(deps, { email: youth.email!, password: newPassword, ip: freshIp() })).userId).toBe(youth.id);
		await failure(signInWithPassword(deps, { email: youth.email!, password: PASSWORD, ip: freshIp() }));

		const reused = await failure(resetPassword(deps, { token, password: 'encore une autre phrase', confirmation: 'encore une autre phrase' }));
		expect(reused.code).toBe('authentication.invalid_reset_link');
	});

	it('refuses a link older than 1 hour', async () => {
		const counselor = await aCounselor(deps.db);
		await requestPasswordReset(deps, { email: counselor.email, ip: freshIp(), baseUrl });
		const token = tokenIn((await lastOutbox(counselor.email))[0]!.text);
		tick(3601);
		const error = await failure(resetPassword(deps, { token, password: 'une autre phrase solide', confirmation: 'une autre phrase solide' }));
		expect(error.code).toBe('authentication.invalid_reset_link');
		expect(error.kind).toBe('expired');
	});

	it('applies the password policy and keeps the link usable after a refused choice', async () => {
		const counselor = await aCounselor(deps.db);
		await requestPasswordReset(deps, { email: counselor.email, ip: freshIp(), baseUrl });
		const token = tokenIn((await lastOutbox(counselor.email))[0]!.text);

		const weak = await failure(resetPassword(deps, { token, password: 'Azerty2026!', confirmation: 'Azerty2026!' }));
		expect(weak.fields.password).toContain('Choisissez-en un autre');
		const mismatch = await failure(resetPassword(deps, { token, password: 'une autre phrase solide', confirmation: 'une autre phrase' }));
		expect(mismatch.fields.confirmation).toBeDefined();

		expect((await resetPassword(deps, { token, password: 'une autre phrase solide', confirmation: 'une autre phrase solide' })).userId).toBe(counselor.id);
	});

	it('answers the same for an unknown e-mail and sends nothing', async () => {
		await expect(requestPasswordReset(deps, { email: 'nobody@exemple.test', ip: freshIp(), baseUrl })).resolves.toBeUndefined();
		expect(await lastOutbox('nobody@exemple.test')).toHaveLength(0);
	});

	it('refuses a made-up token', async () => {
		const error = await failure(resetPassword(deps, { token: 'a'.repeat(43), password: 'une autre phrase solide', confirmation: 'une autre phrase solide' }));
		expect(error.code).toBe('authentication.invalid_reset_link');
	});
});

describe('changing one’s password while signed in', () => {
	it('requires the current password, then closes the other sessions only', async () => {
		const counselor = await aCounselor(deps.db, { password: PASSWORD });
		const here = await signInWithPassword(deps, { email: counselor.email, password: PASSWORD, ip: freshIp() });
		const elsewhere = await signInWithPassword(deps, { email: counselor.email, password: PASSWORD, ip: freshIp() });
		const current = (await deps.sessions.validate(here.token))!;

		const wrong = await failure(
			changePassword(deps, current.actor, { currentPassword: 'faux', password: 'nouvelle phrase solide', confirmation: 'nouvelle phrase solide', currentSessionId: current.session.id })
		);
		expect(wrong.fields.currentPassword).toBe("Ce n'est pas votre mot de passe actuel.");

		const result = await changePassword(deps, current.actor, {
			currentPassword: PASSWORD,
			password: 'nouvelle phrase solide',
			confirmation: 'nouvelle phrase solide',
			currentSessionId: current.session.id
		});
		expect(result).toEqual({ created: false, revokedSessions: 1 });
		expect(await deps.sessions.validate(here.token)).not.toBeNull();
		expect(await deps.sessions.validate(elsewhere.token)).toBeNull();
	});

	it('lets a youth without a password create one', async () => {
		const youth = await aYouth(deps.db, { phone: '07 11 22 33 44' });
		const session = await deps.sessions.create({ userId: youth.id, method: 'code' });
		const current = (await deps.sessions.validate(session.token))!;
		const weak = await failure(
			changePassword(deps, current.actor, { password: 'court', confirmation: 'court', currentSessionId: current.session.id })
		);
		expect(weak.fields.password).toContain('Choisis au moins 10 caractères');
		const result = await changePassword(deps, current.actor, {
			password: 'ma phrase à moi 2026',
			confirmation: 'ma phrase à moi 2026',
			currentSessionId: current.session.id
		});
		expect(result.created).toBe(true);
		expect((await signInWithPassword(deps, { email: youth.email!, password: 'ma phrase à moi 2026', ip: freshIp() })).userId).toBe(youth.id);
	});

	it('refuses someone who is not signed in', async () => {
		const error = await failure(changePassword(deps, null, { password: 'x', confirmation: 'x', currentSessionId: 'x' }));
		expect(error.kind).toBe('unauthenticated');
	});
});

describe('fixtures', () => {
	it('givePassword replaces an existing password', async () => {
		const counselor = await aCounselor(deps.db, { password: PASSWORD });
		await givePassword(deps.db, counselor.id, 'autre phrase solide ici');
		expect((await signInWithPassword(deps, { email: counselor.email, password: 'autre phrase solide ici', ip: freshIp() })).userId).toBe(counselor.id);
	});
});
