import {
	generateAuthenticationOptions,
	generateRegistrationOptions,
	verifyAuthenticationResponse,
	verifyRegistrationResponse,
	type AuthenticationResponseJSON,
	type PublicKeyCredentialCreationOptionsJSON,
	type PublicKeyCredentialRequestOptionsJSON,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import type { Deps } from '$lib/server/app';
import { findAccountById, type Role } from '$lib/server/modules/accounts';
import { hasConfirmedTotp } from '$lib/server/modules/mfa';
import { requireActor, type Actor } from '$lib/server/platform/access';
import { recordAudit } from '$lib/server/platform/audit';
import { DomainError, isDomainError } from '$lib/server/platform/errors/errors';
import { validate } from '$lib/server/platform/http/forms';
import { SIGN_IN_POLICY } from '$lib/server/platform/rate-limit';
import {
	alreadyRegistered,
	challengeExpired,
	passkeyNotFound,
	passkeyRateLimited,
	registrationFailed,
	signInFailed
} from './passkeys.errors';
import {
	consumeChallenge,
	createPasskeysRepository,
	findPasskey,
	recordPasskeyUse,
	storeChallenge
} from './passkeys.repository';
import {
	authenticationResponseSchema,
	deleteSchema,
	registrationResponseSchema,
	renameSchema
} from './passkeys.validation';
import { challengeOf, deviceLabel, userHandleOf, type RelyingParty } from './passkeys.webauthn';

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** ES256 (what phones use), EdDSA, RS256 (Windows Hello). */
const ALGORITHMS = [-7, -8, -257];

type PasskeyDeps = Pick<Deps, 'db' | 'now' | 'logger'>;

const isUniqueViolation = (e: unknown): boolean => {
	const err = e as { code?: string; cause?: { code?: string } } | null;
	return err?.code === '23505' || err?.cause?.code === '23505';
};

/** Step 1 of adding a passkey to one's own account: options for `navigator.credentials.create()`. */
export async function startPasskeyRegistration(
	deps: PasskeyDeps,
	actor: Actor | null,
	rp: RelyingParty
): Promise<PublicKeyCredentialCreationOptionsJSON> {
	const me = requireActor(actor);
	const account = await findAccountById(deps.db, me.userId);
	if (!account) throw new DomainError('access.unauthenticated', 'unauthenticated');
	const existing = await createPasskeysRepository({ db: deps.db, actor: me }).list();
	const options = await generateRegistrationOptions({
		rpName: rp.rpName,
		rpID: rp.rpID,
		userName: account.email ?? account.firstName,
		userDisplayName: `${account.firstName} ${account.lastName}`.trim(),
		userID: userHandleOf(me.userId),
		attestationType: 'none',
		excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
		authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
		supportedAlgorithmIDs: ALGORITHMS
	});
	await storeChallenge(deps.db, {
		challenge: options.challenge,
		purpose: 'registration',
		userId: me.userId,
		now: deps.now(),
		ttlMs: CHALLENGE_TTL_MS
	});
	return options;
}

/** Step 2: checks the authenticator's answer and stores the new passkey. */
export async function finishPasskeyRegistration(
	deps: PasskeyDeps,
	actor: Actor | null,
	rp: RelyingParty,
	input: { response: unknown; userAgent?: string | null }
): Promise<{ id: string; label: string }> {
	const me = requireActor(actor);
	let response: RegistrationResponseJSON;
	try {
		response = validate(registrationResponseSchema, (input.response ?? {}) as Record<string, unknown>) as RegistrationResponseJSON;
	} catch {
		throw registrationFailed();
	}
	const challenge = challengeOf(response.response.clientDataJSON);
	if (!challenge) throw registrationFailed();
	if (!(await consumeChallenge(deps.db, { challenge, purpose: 'registration', userId: me.userId, now: deps.now() }))) {
		throw challengeExpired();
	}

	let info;
	try {
		const verification = await verifyRegistrationResponse({
			response,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.rpID,
			requireUserVerification: false,
			supportedAlgorithmIDs: ALGORITHMS
		});
		if (!verification.verified) throw new Error('not verified');
		info = verification.registrationInfo;
	} catch (e) {
		deps.logger.info({ err: e instanceof Error ? e.message : String(e) }, 'passkey registration refused');
		throw registrationFailed();
	}

	const label = deviceLabel(input.userAgent);
	try {
		await createPasskeysRepository({ db: deps.db, actor: me }).insert({
			id: info.credential.id,
			publicKey: info.credential.publicKey,
			counter: info.credential.counter,
			transports: info.credential.transports ?? response.response.transports ?? [],
			deviceType: info.credentialDeviceType,
			backedUp: info.credentialBackedUp,
			label,
			createdAt: deps.now()
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw alreadyRegistered();
		throw e;
	}
	await recordAudit(deps.db, {
		actorId: me.userId,
		action: 'passkeys.registered',
		targetType: 'passkey',
		targetId: info.credential.id,
		structureId: me.structureId
	});
	return { id: info.credential.id, label };
}

/** Step 1 of signing in: options for `navigator.credentials.get()` with discoverable credentials (no username). */
export async function startPasskeySignIn(deps: PasskeyDeps, rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
	const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'preferred' });
	await storeChallenge(deps.db, {
		challenge: options.challenge,
		purpose: 'authentication',
		userId: null,
		now: deps.now(),
		ttlMs: CHALLENGE_TTL_MS
	});
	return options;
}

export interface PasskeySignInResult {
	userId: string;
	role: Role;
	token: string;
	expiresAt: Date;
	/** A passkey checked with user verification (PIN, fingerprint, face) is a second factor by itself. */
	mfaSatisfied: boolean;
}

const ipKey = (ip: string) => `passkey:ip:${ip}`;

/**
 * Step 2: checks the signed answer against the stored public key and counter, then opens a
 * session. Every failure gives the same message and counts against the IP address.
 */
export async function finishPasskeySignIn(
	deps: PasskeyDeps & Pick<Deps, 'sessions' | 'rateLimiter'>,
	rp: RelyingParty,
	input: { response: unknown; ip: string; userAgent?: string | null }
): Promise<PasskeySignInResult> {
	try {
		await deps.rateLimiter.check([ipKey(input.ip)]);
	} catch (e) {
		if (isDomainError(e) && e.kind === 'rate_limited') throw passkeyRateLimited(e.retryAfterSeconds ?? 60);
		throw e;
	}
	const fail = async (reason: string): Promise<never> => {
		deps.logger.info({ reason }, 'passkey sign-in refused');
		await deps.rateLimiter.hit([ipKey(input.ip)], SIGN_IN_POLICY);
		throw signInFailed();
	};

	let response: AuthenticationResponseJSON;
	try {
		response = validate(authenticationResponseSchema, (input.response ?? {}) as Record<string, unknown>) as AuthenticationResponseJSON;
	} catch {
		return fail('malformed response');
	}
	const challenge = challengeOf(response.response.clientDataJSON);
	if (!challenge) return fail('no challenge');
	if (!(await consumeChallenge(deps.db, { challenge, purpose: 'authentication', userId: null, now: deps.now() }))) {
		return fail('unknown or expired challenge');
	}
	const passkey = await findPasskey(deps.db, response.id);
	if (!passkey) return fail('unknown credential');
	if (response.response.userHandle) {
		const handle = Buffer.from(response.response.userHandle, 'base64url').toString('utf8');
		if (handle !== passkey.userId) return fail('user handle mismatch');
	}

	let info;
	try {
		const verification = await verifyAuthenticationResponse({
			response,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.rpID,
			credential: {
				id: passkey.id,
				publicKey: new Uint8Array(passkey.publicKey),
				counter: passkey.counter,
				transports: passkey.transports
			},
			requireUserVerification: false
		});
		if (!verification.verified) return fail('signature not verified');
		info = verification.authenticationInfo;
	} catch (e) {
		return fail(e instanceof Error ? e.message : 'verification error');
	}

	const account = await findAccountById(deps.db, passkey.userId);
	if (!account || account.disabledAt) return fail('account disabled');
	if (!(await recordPasskeyUse(deps.db, passkey.id, passkey.counter, info.newCounter, deps.now()))) {
		return fail('counter moved concurrently');
	}

	const mfaSatisfied = info.userVerified || !(await hasConfirmedTotp(deps.db, account.id));
	const session = await deps.sessions.create({
		userId: account.id,
		method: 'passkey',
		mfaSatisfied,
		userAgent: input.userAgent ?? null
	});
	await deps.rateLimiter.reset([ipKey(input.ip)]);
	await recordAudit(deps.db, {
		actorId: account.id,
		action: 'passkeys.signed_in',
		targetType: 'passkey',
		targetId: passkey.id,
		structureId: account.structureId,
		details: { userVerified: info.userVerified }
	});
	return { userId: account.id, role: account.role, mfaSatisfied, ...session };
}

export async function renamePasskey(deps: PasskeyDeps, actor: Actor | null, input: Record<string, unknown>): Promise<void> {
	const me = requireActor(actor);
	const { id, label } = validate(renameSchema, input);
	if (!(await createPasskeysRepository({ db: deps.db, actor: me }).rename(id, label))) throw passkeyNotFound();
}

export async function deletePasskey(deps: PasskeyDeps, actor: Actor | null, input: Record<string, unknown>): Promise<void> {
	const me = requireActor(actor);
	const { id } = validate(deleteSchema, input);
	if (!(await createPasskeysRepository({ db: deps.db, actor: me }).remove(id))) throw passkeyNotFound();
	await recordAudit(deps.db, {
		actorId: me.userId,
		action: 'passkeys.deleted',
		targetType: 'passkey',
		targetId: id,
		structureId: me.structureId
	});
}
