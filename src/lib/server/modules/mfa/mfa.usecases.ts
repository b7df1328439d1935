import type { Deps } from '../../app';
import { MFA_ROLES, PROFESSIONAL_ROLES, requireActor, requireRole, type Actor } from '../../platform/access/access';
import { recordAudit } from '../../platform/audit/audit';
import { DomainError, isDomainError } from '../../platform/errors/errors';
import { validate } from '../../platform/http/forms';
import { CODE_POLICY } from '../../platform/rate-limit/rate-limit';
import { invalidCode, tooManyAttempts } from './mfa.errors';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './mfa.recovery';
import { createMfaRepository, type MfaRepository } from './mfa.repository';
import { groupSecret, matchTotpStep, newTotpSecret, qrCodeSvg, totpUri } from './mfa.totp';
import { secondFactorSchema, totpCodeSchema } from './mfa.validation';

export type MfaDeps = Pick<Deps, 'db' | 'now' | 'config' | 'rateLimiter' | 'sessions'>;

/** Rate-limit key shared by every code entry of a person (challenge, confirmation, disabling). */
export const mfaRateKey = (userId: string) => `mfa:user:${userId}`;

/** Whether the person's role must keep a second factor (only when enforcement is on). */
export const isMfaRequired = (deps: Pick<Deps, 'config'>, actor: Actor) =>
	deps.config.enforceMfa && MFA_ROLES.includes(actor.role);

const professional = (actor: Actor | null) => {
	const a = requireActor(actor);
	if (a.role === 'youth') throw new DomainError('mfa.not_for_youth', 'forbidden');
	return requireRole(a, PROFESSIONAL_ROLES);
};

async function checkNotLocked(deps: MfaDeps, key: string): Promise<void> {
	try {
		await deps.rateLimiter.check([key]);
	} catch (error) {
		if (isDomainError(error) && error.kind === 'rate_limited') throw tooManyAttempts(error.retryAfterSeconds ?? 60);
		throw error;
	}
}

/** Counts a wrong code; says how long to wait when this failure triggered a lock. */
async function countFailure(deps: MfaDeps, key: string): Promise<never> {
	await deps.rateLimiter.hit([key], CODE_POLICY);
	await checkNotLocked(deps, key);
	throw invalidCode();
}

/**
 * Checks a TOTP code or a recovery code against a CONFIRMED second factor, burning what it uses.
 * Wrong codes count towards the rate limit; the message never says which part was wrong.
 */
async function checkSecondFactor(
	deps: MfaDeps,
	repo: MfaRepository,
	userId: string,
	rawCode: string
): Promise<'totp' | 'recovery'> {
	const key = mfaRateKey(userId);
	await checkNotLocked(deps, key);
	const credential = await repo.credential();
	if (!credential?.confirmedAt) throw new DomainError('mfa.not_enrolled', 'invalid');
	const at = deps.now();
	const digits = rawCode.replace(/\s/g, '');
	if (/^\d{6}$/.test(digits)) {
		const step = matchTotpStep(credential.secret, digits, at);
		if (step !== null && (await repo.consumeStep(step))) {
			await deps.rateLimiter.reset([key]);
			return 'totp';
		}
		return countFailure(deps, key);
	}
	const recovery = normalizeRecoveryCode(rawCode);
	if (recovery && (await repo.consumeRecoveryCode(hashRecoveryCode(recovery), at))) {
		await deps.rateLimiter.reset([key]);
		return 'recovery';
	}
	return countFailure(deps, key);
}

export interface TotpStatus {
	state: 'off' | 'pending' | 'on';
	confirmedAt: Date | null;
	recoveryCodesLeft: number;
	/** The role must keep it (enforcement on): no disabling. */
	required: boolean;
	/** A new phone is being set up (state 'on'); the current app keeps working until it is confirmed. */
	replacing: boolean;
}

export async function getTotpStatus(deps: MfaDeps, actor: Actor | null): Promise<TotpStatus> {
	const me = requireActor(actor);
	const repo = createMfaRepository({ db: deps.db, userId: me.userId });
	const credential = await repo.credential();
	return {
		state: !credential ? 'off' : credential.confirmedAt ? 'on' : 'pending',
		confirmedAt: credential?.confirmedAt ?? null,
		recoveryCodesLeft: credential?.confirmedAt ? await repo.recoveryCodesLeft() : 0,
		required: isMfaRequired(deps, me),
		replacing: Boolean(credential?.confirmedAt && credential.pendingSecret)
	};
}

export interface TotpEnrolment {
	/** Secret in groups of 4, for typing by hand. */
	secretGrouped: string;
	uri: string;
	qrSvg: string;
}

/**
 * Starts (or resumes) enrolment: a pending secret is kept until the first code confirms it, so a
 * reload shows the same QR code. Once the second factor is on, only a replacement started with
 * `startTotpReplacement` (new phone) is shown; otherwise it is refused.
 */
export async function startTotpEnrolment(
	deps: MfaDeps,
	actor: Actor | null,
	input: { accountLabel: string }
): Promise<TotpEnrolment> {
	const me = professional(actor);
	const repo = createMfaRepository({ db: deps.db, userId: me.userId });
	const existing = await repo.credential();
	let secret: string;
	if (existing?.confirmedAt) {
		if (!existing.pendingSecret) throw new DomainError('mfa.already_enabled', 'conflict');
		secret = existing.pendingSecret;
	} else if (existing) {
		secret = existing.secret;
	} else {
		secret = newTotpSecret();
		if (!(await repo.savePending(secret, deps.now()))) throw new DomainError('mfa.already_enabled', 'conflict');
	}
	const uri = totpUri(secret, input.accountLabel);
	return {
		secretGrouped: groupSecret(secret),
		uri,
		qrSvg: await qrCodeSvg(uri, 'QR code à scanner avec votre application d’authentification')
	};
}

/** New phone: after a valid code (or recovery code), a new secret waits for its first code. The current one keeps working. */
export async function startTotpReplacement(deps: MfaDeps, actor: Actor | null, values: Record<string, unknown>): Promise<void> {
	const me = professional(actor);
	const { code } = validate(secondFactorSchema, values);
	const repo = createMfaRepository({ db: deps.db, userId: me.userId });
	await checkSecondFactor(deps, repo, me.userId, code);
	await repo.savePendingReplacement(newTotpSecret());
}

/** Gives up setting up a new phone: the current app stays the second factor. */
export async function cancelTotpReplacement(deps: MfaDeps, actor: Actor | null): Promise<void> {
	const me = professional(actor);
	await createMfaRepository({ db: deps.db, userId: me.userId }).savePendingReplacement(null);
}

/**
 * Confirms enrolment (or a new phone) with a first code from the new secret; returns 10 new
 * recovery codes, shown once.
 */
export async function confirmTotpEnrolment(
	deps: MfaDeps,
	actor: Actor | null,
	values: Record<string, unknown>
): Promise<{ recoveryCodes: string[]; replaced: boolean }> {
	const me = professional(actor);
	const { code } = validate(totpCodeSchema, values);
	const key = mfaRateKey(me.userId);
	await checkNotLocked(deps, key);
	const repo = createMfaRepository({ db: deps.db, userId: me.userId });
	const credential = await repo.credential();
	if (!credential) throw new DomainError('mfa.not_enrolled', 'invalid');
	const replacing = credential.confirmedAt !== null;
	const secret = replacing ? credential.pendingSecret : credential.secret;
	if (!secret) throw new DomainError('mfa.already_enabled', 'conflict');
	const at = deps.now();
	const step = matchTotpStep(secret, code, at);
	if (step === null) return countFailure(deps, key);
	const saved = replacing ? await repo.confirmReplacement(secret, step, at) : await repo.confirm(step, at);
	if (!saved) throw new DomainError('mfa.already_enabled', 'conflict');
	await deps.rateLimiter.reset([key]);
	const recoveryCodes = newRecoveryCodes();
	await repo.replaceRecoveryCodes(recoveryCodes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)));
	await recordAudit(deps.db, {
		actorId: me.userId,
		action: replacing ? 'mfa.replaced' : 'mfa.enabled',
		targetType: 'user',
		targetId: me.userId,
		structureId: me.structureId
	});
	return { recoveryCodes, replaced: replacing };
}

/** New recovery codes (the old ones stop working). Needs a valid code. */
export async function regenerateRecoveryCodes(
	deps: MfaDeps,
	actor: Actor | null,
	values: Record<string, unknown>
): Promise<{ recoveryCodes: string[] }> {
	const me = professional(actor);
	const { code } = validate(secondFactorSchema, values);
	const repo = createMfaRepository({ db: deps.db, userId: me.userId });
	await checkSecondFactor(deps, repo, me.userId, code);
	const recoveryCodes = newRecoveryCodes();
	await repo.replaceRecoveryCodes(recoveryCodes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)));
	await recordAudit(deps.db, { actorId: me.userId, action: 'mfa.recovery_codes_renewed', targetType: 'user', targetId: me.userId, structureId: me.structureId });
	return { recoveryCodes };
}

/** Turns the second factor off (needs a valid code). Refused for roles that must keep it. */
export async function disableTotp(deps: MfaDeps, actor: Actor | null, values: Record<string, unknown>): Promise<void> {
	const me = professional(actor);
	if (isMfaRequired(deps, me)) throw new DomainError('mfa.required_for_role', 'forbidden');
	const repo = createMfaRepository({ db: deps.db, userId: me.userId });
	const credential = await repo.credential();
	if (credential && !credential.confirmedAt) {
		// Abandoning an unfinished enrolment needs no code.
		await repo.removeAll();
		return;
	}
	const { code } = validate(secondFactorSchema, values);
	await checkSecondFactor(deps, repo, me.userId, code);
	await repo.removeAll();
	await recordAudit(deps.db, { actorId: me.userId, action: 'mfa.disabled', targetType: 'user', targetId: me.userId, structureId: me.structureId });
}

/**
 * The sign-in challenge: a right TOTP or recovery code marks the session as having passed its
 * second factor. `sessionId` must be the actor's own current session (the route passes locals.session.id).
 */
export async function passSecondFactor(
	deps: MfaDeps,
	actor: Actor | null,
	sessionId: string,
	values: Record<string, unknown>
): Promise<{ method: 'totp' | 'recovery'; recoveryCodesLeft: number }> {
	const me = requireActor(actor);
	const { code } = validate(secondFactorSchema, values);
	const repo = createMfaRepository({ db: deps.db, userId: me.userId });
	const method = await checkSecondFactor(deps, repo, me.userId, code);
	await deps.sessions.markMfaSatisfied(sessionId);
	if (method === 'recovery') {
		await recordAudit(deps.db, { actorId: me.userId, action: 'mfa.recovery_code_used', targetType: 'user', targetId: me.userId, structureId: me.structureId });
	}
	return { method, recoveryCodesLeft: await repo.recoveryCodesLeft() };
}
