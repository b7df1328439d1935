import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '../../app';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { readConfig } from '../../platform/config/config';
import type { DomainError } from '../../platform/errors/errors';
import { aPerson } from './mfa.fixtures';
import {
	confirmTotpEnrolment,
	disableTotp,
	getTotpStatus,
	hasConfirmedTotp,
	passSecondFactor,
	regenerateRecoveryCodes,
	startTotpEnrolment,
	startTotpReplacement
} from './index';
import type { Actor } from '../../platform/access/access';

let handle: DatabaseHandle;
let deps: Deps;
let clock = new Date('2025-03-10T09:00:10Z');
const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

beforeAll(async () => {
	handle = await createTestDatabase();
	// Demo off → enforcement on for managers, referents and admins.
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
});
afterAll(() => handle.close());

/** What the person's authenticator app shows `offsetSeconds` from now. */
function appCode(secret: string, offsetSeconds = 0): string {
	const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
	return totp.generate({ timestamp: clock.getTime() + offsetSeconds * 1000 });
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
	try {
		await promise;
	} catch (error) {
		return error as DomainError;
	}
	throw new Error('expected a rejection');
}

/** A person with a confirmed second factor; returns the secret and the recovery codes. */
async function enrolled(role: Actor['role'] = 'counselor') {
	const actor = await aPerson(handle.db, { role });
	const { secretGrouped } = await startTotpEnrolment(deps, actor, { accountLabel: 'camille@tremplin.test' });
	const secret = secretGrouped.replace(/ /g, '');
	const { recoveryCodes } = await confirmTotpEnrolment(deps, actor, { code: appCode(secret) });
	tick(30); // the next sign-in happens on a later step
	return { actor, secret, recoveryCodes };
}

describe('enrolment', () => {
	it('shows a QR code and a secret in groups of 4, and keeps the same secret on reload', async () => {
		const actor = await aPerson(handle.db);
		const first = await startTotpEnrolment(deps, actor, { accountLabel: 'camille@tremplin.test' });
		expect(first.secretGrouped).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
		expect(first.uri).toContain('otpauth://totp/Tremplin:');
		expect(first.uri).toContain('algorithm=SHA1&digits=6&period=30');
		expect(first.qrSvg).toMatch(/^<svg role="img" aria-label="[^"]+"/);
		const again = await startTotpEnrolment(deps, actor, { accountLabel: 'camille@tremplin.test' });
		expect(again.secretGrouped).toBe(first.secretGrouped);
		expect((await getTotpStatus(deps, actor)).state).toBe('pending');
		expect(await hasConfirmedTotp(handle.db, actor.userId)).toBe(false);
	});

	it('is confirmed by a right code and gives 10 different single-use recovery codes', async () => {
		const { actor, recoveryCodes } = await enrolled();
		expect(recoveryCodes).toHaveLength(10);
		expect(new Set(recoveryCodes).size).toBe(10);
		for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
		expect(await hasConfirmedTotp(handle.db, actor.userId)).toBe(true);
		const status = await getTotpStatus(deps, actor);
		expect(status).toMatchObject({ state: 'on', recoveryCodesLeft: 10, required: false });
	});

	it('stays pending after a wrong code', async () => {
		const actor = await aPerson(handle.db);
		const { secretGrouped } = await startTotpEnrolment(deps, actor, { accountLabel: 'x' });
		const secret = secretGrouped.replace(/ /g, '');
		const wrong = appCode(secret, 600); // a code from 10 minutes later
		const error = await rejection(confirmTotpEnrolment(deps, actor, { code: wrong }));
		expect(error.code).toBe('mfa.invalid_code');
		expect(error.fields.code).toMatch(/ne fonctionne pas/);
		expect(await hasConfirmedTotp(handle.db, actor.userId)).toBe(false);
	});

	it('refuses a code that is not 6 digits with a message next to the field', async () => {
		const actor = await aPerson(handle.db);
		await startTotpEnrolment(deps, actor, { accountLabel: 'x' });
		const error = await rejection(confirmTotpEnrolment(deps, actor, { code: '12ab56' }));
		expect(error.code).toBe('validation.invalid');
		expect(error.fields.code).toBe('Le code contient 6 chiffres, sans lettre.');
	});

	it('is not offered to youth', async () => {
		const youth = await aPerson(handle.db, { role: 'youth' });
		const error = await rejection(startTotpEnrolment(deps, youth, { accountLabel: 'x' }));
		expect(error.code).toBe('mfa.not_for_youth');
	});
});

describe('sign-in challenge', () => {
	async function pendingSession(userId: string) {
		const { token } = await deps.sessions.create({ userId, method: 'password', mfaSatisfied: false });
		const found = await deps.sessions.validate(token);
		return { token, sessionId: found!.session.id };
	}

	it('marks the session as having passed its second factor after a right code', async () => {
		const { actor, secret } = await enrolled();
		const { token, sessionId } = await pendingSession(actor.userId);
		expect((await deps.sessions.validate(token))!.session.mfaSatisfied).toBe(false);
		const result = await passSecondFactor(deps, actor, sessionId, { code: appCode(secret) });
		expect(result.method).toBe('totp');
		expect((await deps.sessions.validate(token))!.session.mfaSatisfied).toBe(true);
	});

	it('never accepts the same code twice, nor an older one once a newer was used', async () => {
		const { actor, secret } = await enrolled();
		const { sessionId } = await pendingSession(actor.userId);
		const code = appCode(secret);
		await passSecondFactor(deps, actor, sessionId, { code });
		const replay = await rejection(passSecondFactor(deps, actor, sessionId, { code }));
		expect(replay.code).toBe('mfa.invalid_code');
		// The previous step's code is inside the window but older than the one used: refused too.
		const older = await rejection(passSecondFactor(deps, actor, sessionId, { code: appCode(secret, -30) }));
		expect(older.code).toBe('mfa.invalid_code');
	});

	it('accepts the code of the previous and of the next 30-second step, not further', async () => {
		const { actor, secret } = await enrolled();
		const { sessionId } = await pendingSession(actor.userId);
		tick(120);
		const tooOld = await rejection(passSecondFactor(deps, actor, sessionId, { code: appCode(secret, -60) }));
		expect(tooOld.code).toBe('mfa.invalid_code');
		const tooNew = await rejection(passSecondFactor(deps, actor, sessionId, { code: appCode(secret, 60) }));
		expect(tooNew.code).toBe('mfa.invalid_code');
		await expect(passSecondFactor(deps, actor, sessionId, { code: appCode(secret, -30) })).resolves.toMatchObject({ method: 'totp' });
		await expect(passSecondFactor(deps, actor, sessionId, { code: appCode(secret, 30) })).resolves.toMatchObject({ method: 'totp' });
	});

	it('accepts a recovery code once, however it is typed', async () => {
		const { actor, recoveryCodes } = await enrolled();
		const { token, sessionId } = await pendingSession(actor.userId);
		const typed = ` ${recoveryCodes[3]!.replace('-', ' ').toLowerCase()} `;
		const result = await passSecondFactor(deps, actor, sessionId, { code: typed });
		expect(result).toEqual({ method: 'recovery', recoveryCodesLeft: 9 });
		expect((await deps.sessions.validate(token))!.session.mfaSatisfied).toBe(true);
		const again = await rejection(passSecondFactor(deps, actor, sessionId, { code: recoveryCodes[3]! }));
		expect(again.code).toBe('mfa.invalid_code');
	});

	it("does not accept another person's recovery code", async () => {
		const alice = await enrolled();
		const bob = await enrolled();
		const { sessionId } = await pendingSession(bob.actor.userId);
		const error = await rejection(passSecondFactor(deps, bob.actor, sessionId, { code: alice.recoveryCodes[0]! }));
		expect(error.code).toBe('mfa.invalid_code');
	});

	it('locks after 3 wrong codes, says how long to wait, and lets a right code in afterwards', async () => {
		const { actor, secret } = await enrolled();
		const { token, sessionId } = await pendingSession(actor.userId);
		for (let i = 0; i < 3; i++) {
			const e = await rejection(passSecondFactor(deps, actor, sessionId, { code: '000000' }));
			expect(e.code).toBe('mfa.invalid_code');
		}
		const locked = await rejection(passSecondFactor(deps, actor, sessionId, { code: '000000' }));
		expect(locked.kind).toBe('rate_limited');
		expect(locked.message).toContain('attendez 1 minute');
		// Even the right code waits for the end of the lock.
		const stillLocked = await rejection(passSecondFactor(deps, actor, sessionId, { code: appCode(secret) }));
		expect(stillLocked.kind).toBe('rate_limited');
		expect((await deps.sessions.validate(token))!.session.mfaSatisfied).toBe(false);
		tick(61);
		await expect(passSecondFactor(deps, actor, sessionId, { code: appCode(secret) })).resolves.toMatchObject({ method: 'totp' });
	});
});

describe('turning it off and renewing recovery codes', () => {
	it('lets a counselor turn it off with a right code', async () => {
		const { actor, secret } = await enrolled('counselor');
		const wrong = await rejection(disableTotp(deps, actor, { code: '123456' }));
		expect(wrong.code).toBe('mfa.invalid_code');
		await disableTotp(deps, actor, { code: appCode(secret) });
		expect(await hasConfirmedTotp(handle.db, actor.userId)).toBe(false);
		expect((await getTotpStatus(deps, actor)).state).toBe('off');
	});

	it('refuses to turn it off for a structure manager when the second factor is enforced', async () => {
		const { actor, secret } = await enrolled('structure_manager');
		expect((await getTotpStatus(deps, actor)).required).toBe(true);
		const error = await rejection(disableTotp(deps, actor, { code: appCode(secret) }));
		expect(error.code).toBe('mfa.required_for_role');
		expect(error.kind).toBe('forbidden');
		expect(await hasConfirmedTotp(handle.db, actor.userId)).toBe(true);
	});

	it('lets a structure manager turn it off when enforcement is switched off', async () => {
		const relaxed = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0', TREMPLIN_ENFORCE_MFA: '0' }), now: () => clock });
		const { actor, secret } = await enrolled('structure_manager');
		await disableTotp(relaxed, actor, { code: appCode(secret) });
		expect(await hasConfirmedTotp(handle.db, actor.userId)).toBe(false);
	});

	it('renews the recovery codes: the old ones stop working', async () => {
		const { actor, secret, recoveryCodes } = await enrolled('network_referent');
		const renewed = await regenerateRecoveryCodes(deps, actor, { code: appCode(secret) });
		expect(renewed.recoveryCodes).toHaveLength(10);
		tick(30);
		const { token } = await deps.sessions.create({ userId: actor.userId, method: 'password', mfaSatisfied: false });
		const sessionId = (await deps.sessions.validate(token))!.session.id;
		const old = await rejection(passSecondFactor(deps, actor, sessionId, { code: recoveryCodes[0]! }));
		expect(old.code).toBe('mfa.invalid_code');
		await expect(passSecondFactor(deps, actor, sessionId, { code: renewed.recoveryCodes[0]! })).resolves.toMatchObject({
			method: 'recovery'
		});
	});
});

describe('moving to a new phone', () => {
	it('keeps the old app working until the new one is confirmed, then only the new one works', async () => {
		const { actor, secret: oldSecret, recoveryCodes } = await enrolled('structure_manager');
		await startTotpReplacement(deps, actor, { code: appCode(oldSecret) });
		expect((await getTotpStatus(deps, actor)).replacing).toBe(true);
		const { secretGrouped } = await startTotpEnrolment(deps, actor, { accountLabel: 'x' });
		const newSecret = secretGrouped.replace(/ /g, '');
		expect(newSecret).not.toBe(oldSecret);

		// Meanwhile the second factor is still on, with the old app.
		tick(30);
		const { token } = await deps.sessions.create({ userId: actor.userId, method: 'password', mfaSatisfied: false });
		const sessionId = (await deps.sessions.validate(token))!.session.id;
		await expect(passSecondFactor(deps, actor, sessionId, { code: appCode(oldSecret) })).resolves.toMatchObject({ method: 'totp' });

		tick(30);
		const { recoveryCodes: fresh } = await confirmTotpEnrolment(deps, actor, { code: appCode(newSecret) });
		expect(fresh).toHaveLength(10);
		expect((await getTotpStatus(deps, actor)).replacing).toBe(false);

		tick(30);
		const oldApp = await rejection(passSecondFactor(deps, actor, sessionId, { code: appCode(oldSecret) }));
		expect(oldApp.code).toBe('mfa.invalid_code');
		const oldRecovery = await rejection(passSecondFactor(deps, actor, sessionId, { code: recoveryCodes[0]! }));
		expect(oldRecovery.code).toBe('mfa.invalid_code');
		await expect(passSecondFactor(deps, actor, sessionId, { code: appCode(newSecret) })).resolves.toMatchObject({ method: 'totp' });
	});

	it('needs a valid code to start', async () => {
		const { actor } = await enrolled();
		const error = await rejection(startTotpReplacement(deps, actor, { code: '999999' }));
		expect(error.code).toBe('mfa.invalid_code');
		expect((await getTotpStatus(deps, actor)).replacing).toBe(false);
	});
});
