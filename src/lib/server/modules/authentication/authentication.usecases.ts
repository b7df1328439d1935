import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Deps } from '$lib/server/app';
import {
	findAccountByEmail,
	findAccountById,
	findAccountByPhone,
	normalizeEmail,
	type AccountIdentity,
	type Role
} from '$lib/server/modules/accounts';
import { hasConfirmedTotp } from '$lib/server/modules/mfa';
import { requireActor, type Actor } from '$lib/server/platform/access';
import { recordAudit } from '$lib/server/platform/audit';
import { DomainError, isDomainError } from '$lib/server/platform/errors/errors';
import { CODE_POLICY, SEND_POLICY, SIGN_IN_POLICY, type RateLimitPolicy } from '$lib/server/platform/rate-limit';
import type { SessionMethod } from '$lib/server/platform/session';
import { passwordResetEmail, signInCodeEmail, signInCodeSms } from './authentication.emails';
import { invalidCode, invalidCredentials, invalidResetLink, rateLimited } from './authentication.errors';
import { checkNewPassword, type Audience } from './authentication.password-policy';
import { hashPassword, verifyPassword } from './authentication.passwords';
import { createAuthenticationRepository, type VerificationCode } from './authentication.repository';
import type { Destination } from './authentication.validation';

/** The part of the application a sign-in use case needs. */
export type AuthDeps = Pick<Deps, 'config' | 'logger' | 'db' | 'now' | 'mailer' | 'sms' | 'sessions' | 'rateLimiter'>;

export const SIGN_IN_CODE_MINUTES = 10;
export const SIGN_IN_CODE_MAX_ATTEMPTS = 5;
export const RESET_LINK_MINUTES = 60;

/**
 * Limits per IP address are looser than per account: a Mission Locale's Wi-Fi, a school or a
 * mobile operator's NAT puts many honest people behind one address.
 */
export const SIGN_IN_IP_POLICY: RateLimitPolicy = { freeFailures: 30, baseLockSeconds: 30, maxLockSeconds: 900, windowSeconds: 3600 };
export const SEND_IP_POLICY: RateLimitPolicy = { freeFailures: 20, baseLockSeconds: 300, maxLockSeconds: 3600, windowSeconds: 3600 };
export const CODE_IP_POLICY: RateLimitPolicy = { freeFailures: 30, baseLockSeconds: 60, maxLockSeconds: 900, windowSeconds: 3600 };

export const audienceFor = (role: Role): Audience => (role === 'youth' ? 'youth' : 'professional');

/** A new session on this device. `mfaPending`: the person must still give their TOTP code. */
export interface SignedIn {
	token: string;
	expiresAt: Date;
	userId: string;
	role: Role;
	mfaPending: boolean;
}

export const signInKeys = {
	email: (email: string) => `sign-in:email:${normalizeEmail(email)}`,
	ip: (ip: string) => `sign-in:ip:${ip}`
};

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** A sign-in code has only 10^6 values: the hash is bound to its owner so equal codes differ. */
const codeHash = (userId: string, code: string) => sha256(`sign_in:${userId}:${code}`);
const linkHash = (token: string) => sha256(`link:${token}`);

function sameHash(a: string, b: string): boolean {
	const x = Buffer.from(a, 'hex');
	const y = Buffer.from(b, 'hex');
	return x.length === y.length && timingSafeEqual(x, y);
}

/** A real scrypt hash of nothing anyone knows: verifying against it costs the same as a real check. */
let dummyHashPromise: Promise<string> | null = null;
const dummyHash = () => (dummyHashPromise ??= hashPassword(randomBytes(18).toString('base64url')));

/** Runs the rate-limit check and turns its error into one that says how long to wait. */
async function checkLimits(deps: AuthDeps, keys: string[], what?: string): Promise<void> {
	try {
		await deps.rateLimiter.check(keys);
	} catch (error) {
		if (isDomainError(error) && error.kind === 'rate_limited') throw rateLimited(error.retryAfterSeconds ?? 60, what);
		throw error;
	}
}

async function hitLimits(deps: AuthDeps, hits: [string, RateLimitPolicy][]): Promise<void> {
	for (const [key, policy] of hits) await deps.rateLimiter.hit([key], policy);
}

/** Opens a session after a proven identity; a confirmed TOTP leaves it waiting for the second factor. */
export async function openSession(
	deps: AuthDeps,
	account: Pick<AccountIdentity, 'id' | 'role' | 'structureId'>,
	method: SessionMethod,
	userAgent: string | null
): Promise<SignedIn> {
	const mfaPending = await hasConfirmedTotp(deps.db, account.id);
	const { token, expiresAt } = await deps.sessions.create({
		userId: account.id,
		method,
		mfaSatisfied: !mfaPending,
		userAgent
	});
	await recordAudit(deps.db, {
		actorId: account.id,
		action: 'authentication.signed_in',
		targetType: 'user',
		targetId: account.id,
		structureId: account.structureId,
		details: { method, mfaPending }
	});
	deps.logger.info({ userId: account.id, method, mfaPending }, 'signed in');
	return { token, expiresAt, userId: account.id, role: account.role, mfaPending };
}

// ——— Password ———————————————————————————————————————————————————————————————————————————

/**
 * E-mail + password. Whatever fails (unknown e-mail, no password, wrong password, disabled
 * account) the answer is the same generic error, after the same scrypt work.
 */
export async function signInWithPassword(
	deps: AuthDeps,
	input: { email: string; password: string; ip: string; userAgent?: string | null }
): Promise<SignedIn> {
	const emailKey = signInKeys.email(input.email);
	const ipKey = signInKeys.ip(input.ip);
	await checkLimits(deps, [emailKey, ipKey]);

	const account = await findAccountByEmail(deps.db, input.email);
	const stored = account ? await createAuthenticationRepository(deps.db).findPasswordHash(account.id) : null;
	const matches = await verifyPassword(input.password, stored ?? (await dummyHash()));

	if (!account || !stored || !matches || account.disabledAt) {
		await hitLimits(deps, [
			[emailKey, SIGN_IN_POLICY],
			[ipKey, SIGN_IN_IP_POLICY]
		]);
		deps.logger.info({ userId: account?.id ?? null, reason: !account ? 'unknown' : !stored ? 'no_password' : !matches ? 'mismatch' : 'disabled' }, 'sign-in refused');
		throw invalidCredentials();
	}
	await deps.rateLimiter.reset([emailKey]);
	return openSession(deps, account, 'password', input.userAgent ?? null);
}

// ——— One-time code ——————————————————————————————————————————————————————————————————————

const sendKey = (d: Destination) => `code-send:${d.channel}:${d.value}`;
const checkKey = (d: Destination) => `code-check:${d.channel}:${d.value}`;

async function findByDestination(deps: AuthDeps, d: Destination): Promise<AccountIdentity | null> {
	return d.channel === 'email' ? findAccountByEmail(deps.db, d.value) : findAccountByPhone(deps.db, d.value);
}

/**
 * Sends a 6-digit code to the destination when an account matches. The caller shows the same
 * answer in every case; limits count every request, account or not.
 */
export async function requestSignInCode(deps: AuthDeps, input: { destination: Destination; ip: string }): Promise<void> {
	const { destination } = input;
	const keys: [string, RateLimitPolicy][] = [
		[sendKey(destination), SEND_POLICY],
		[`code-send:ip:${input.ip}`, SEND_IP_POLICY]
	];
	await checkLimits(deps, keys.map(([k]) => k), 'Trop de codes demandés.');
	await hitLimits(deps, keys);

	const account = await findByDestination(deps, destination);
	if (!account || account.disabledAt) {
		deps.logger.info({ channel: destination.channel }, 'sign-in code requested for no account');
		return;
	}
	const repo = createAuthenticationRepository(deps.db);
	const now = deps.now();
	await repo.consumeAll(account.id, 'sign_in', now);
	const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
	await repo.insertCode({
		userId: account.id,
		purpose: 'sign_in',
		channel: destination.channel,
		destination: destination.value,
		secretHash: codeHash(account.id, code),
		createdAt: now,
		expiresAt: new Date(now.getTime() + SIGN_IN_CODE_MINUTES * 60_000)
	});
	const audience = audienceFor(account.role);
	if (destination.channel === 'email') {
		await deps.mailer.send({
			to: destination.value,
			...signInCodeEmail({ firstName: account.firstName, code, minutes: SIGN_IN_CODE_MINUTES, audience })
		});
	} else {
		await deps.sms.send({ to: destination.value, text: signInCodeSms({ code, minutes: SIGN_IN_CODE_MINUTES, audience }) });
	}
	deps.logger.info({ userId: account.id, channel: destination.channel }, 'sign-in code sent');
}

/** Checks a code typed by the person; each code allows 5 attempts and one success. */
export async function signInWithCode(
	deps: AuthDeps,
	input: { destination: Destination; code: string; ip: string; userAgent?: string | null }
): Promise<SignedIn> {
	const { destination } = input;
	const destinationKey = checkKey(destination);
	const ipKey = `code-check:ip:${input.ip}`;
	await checkLimits(deps, [destinationKey, ipKey]);

	const fail = async () => {
		await hitLimits(deps, [
			[destinationKey, CODE_POLICY],
			[ipKey, CODE_IP_POLICY]
		]);
		return invalidCode();
	};

	const account = await findByDestination(deps, destination);
	if (!account || account.disabledAt) throw await fail();
	const repo = createAuthenticationRepository(deps.db);
	const now = deps.now();
	const row: VerificationCode | null = await repo.findActiveSignInCode(account.id, destination.value, now);
	if (!row || !(await repo.claimAttempt(row.id, SIGN_IN_CODE_MAX_ATTEMPTS))) throw await fail();
	if (!sameHash(row.secretHash, codeHash(account.id, input.code))) throw await fail();
	if (!(await repo.consume(row.id, now))) throw await fail();

	await deps.rateLimiter.reset([destinationKey]);
	return openSession(deps, account, 'code', input.userAgent ?? null);
}

// ——— Password reset ————————————————————————————————————————————————————————————————————

/**
 * Sends a single-use link valid 1 hour when an account has this e-mail. `baseUrl` is the public
 * address of the site (ORIGIN in production — never the request's Host header alone).
 */
export async function requestPasswordReset(
	deps: AuthDeps,
	input: { email: string; ip: string; baseUrl: string }
): Promise<void> {
	const email = normalizeEmail(input.email);
	const keys: [string, RateLimitPolicy][] = [
		[`reset-send:email:${email}`, SEND_POLICY],
		[`reset-send:ip:${input.ip}`, SEND_IP_POLICY]
	];
	await checkLimits(deps, keys.map(([k]) => k), 'Trop de demandes.');
	await hitLimits(deps, keys);

	const account = await findAccountByEmail(deps.db, email);
	if (!account || account.disabledAt || !account.email) {
		deps.logger.info({}, 'password reset requested for no account');
		return;
	}
	const token = randomBytes(32).toString('base64url');
	const now = deps.now();
	await createAuthenticationRepository(deps.db).insertCode({
		userId: account.id,
		purpose: 'password_reset',
		channel: 'email',
		destination: account.email,
		secretHash: linkHash(token),
		createdAt: now,
		expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000)
	});
	const link = `${input.baseUrl.replace(/\/+$/, '')}/mot-de-passe/nouveau/${token}`;
	await deps.mailer.send({
		to: account.email,
		...passwordResetEmail({ firstName: account.firstName, link, audience: audienceFor(account.role) })
	});
	deps.logger.info({ userId: account.id }, 'password reset link sent');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The account behind a reset link still usable (not used, not expired, account active). */
export async function findValidResetLink(
	deps: Pick<AuthDeps, 'db' | 'now'>,
	token: string
): Promise<{ link: VerificationCode; account: AccountIdentity } | null> {
	if (!TOKEN_SHAPE.test(token)) return null;
	const link = await createAuthenticationRepository(deps.db).findBySecretHash('password_reset', linkHash(token));
	if (!link || link.consumedAt || link.expiresAt.getTime() <= deps.now().getTime()) return null;
	const account = await findAccountById(deps.db, link.userId);
	if (!account || account.disabledAt) return null;
	return { link, account };
}

function checkChoice(
	account: AccountIdentity,
	input: { password: string; confirmation: string }
): void {
	const audience = audienceFor(account.role);
	const problem = checkNewPassword(input.password, { ...account, audience });
	if (problem) throw new DomainError('validation.invalid', 'invalid', { fields: { password: problem } });
	if (input.password !== input.confirmation) {
		throw new DomainError('validation.invalid', 'invalid', {
			fields: { confirmation: 'Les deux mots de passe ne sont pas identiques.' }
		});
	}
}

/**
 * Sets a new password from a reset link: the link is used once, every session of the person is
 * closed (a thief who knew the old password is thrown out), and this device is signed in.
 */
export async function resetPassword(
	deps: AuthDeps,
	input: { token: string; password: string; confirmation: string; userAgent?: string | null }
): Promise<SignedIn> {
	const found = await findValidResetLink(deps, input.token);
	if (!found) throw invalidResetLink();
	const { link, account } = found;
	checkChoice(account, input);

	const repo = createAuthenticationRepository(deps.db);
	const now = deps.now();
	if (!(await repo.consume(link.id, now))) throw invalidResetLink();
	await repo.setPasswordHash(account.id, await hashPassword(input.password), now);
	await repo.consumeAll(account.id, 'password_reset', now);
	const revoked = await deps.sessions.revokeAllForUser(account.id);
	if (account.email) await deps.rateLimiter.reset([signInKeys.email(account.email)]);
	await recordAudit(deps.db, {
		actorId: account.id,
		action: 'authentication.password_reset',
		targetType: 'user',
		targetId: account.id,
		structureId: account.structureId,
		details: { revokedSessions: revoked }
	});
	return openSession(deps, account, 'reset', input.userAgent ?? null);
}

// ——— Change password (signed in) ————————————————————————————————————————————————————————

/**
 * A signed-in person changes their password (the current one is required when they have one) or
 * creates one (youth who signed in with a code or a passkey). Their other sessions are closed.
 */
export async function changePassword(
	deps: AuthDeps,
	actor: Actor | null,
	input: { currentPassword?: string; password: string; confirmation: string; currentSessionId: string }
): Promise<{ created: boolean; revokedSessions: number }> {
	const me = requireActor(actor);
	const account = await findAccountById(deps.db, me.userId);
	if (!account || account.disabledAt) throw new DomainError('access.unauthenticated', 'unauthenticated');
	const repo = createAuthenticationRepository(deps.db);
	const stored = await repo.findPasswordHash(account.id);

	if (stored) {
		const key = `password-change:user:${account.id}`;
		await checkLimits(deps, [key]);
		if (!input.currentPassword || !(await verifyPassword(input.currentPassword, stored))) {
			await deps.rateLimiter.hit([key], SIGN_IN_POLICY);
			throw new DomainError('authentication.wrong_current_password', 'invalid', {
				fields: {
					currentPassword:
						audienceFor(account.role) === 'youth'
							? "Ce n'est pas ton mot de passe actuel."
							: "Ce n'est pas votre mot de passe actuel."
				}
			});
		}
		await deps.rateLimiter.reset([key]);
	}
	checkChoice(account, input);

	await repo.setPasswordHash(account.id, await hashPassword(input.password), deps.now());
	const revokedSessions = await deps.sessions.revokeAllForUser(account.id, input.currentSessionId);
	await recordAudit(deps.db, {
		actorId: account.id,
		action: stored ? 'authentication.password_changed' : 'authentication.password_created',
		targetType: 'user',
		targetId: account.id,
		structureId: account.structureId,
		details: { revokedSessions }
	});
	return { created: !stored, revokedSessions };
}

/** Whether the person has a password (the account page offers to create one otherwise). */
export async function hasPassword(deps: Pick<AuthDeps, 'db'>, userId: string): Promise<boolean> {
	return (await createAuthenticationRepository(deps.db).findPasswordHash(userId)) !== null;
}
