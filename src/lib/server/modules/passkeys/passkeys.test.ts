import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { givenProfessional, givenStructure, givenYouth } from '$lib/server/modules/activation/activation.fixtures';
import { totpCredentials } from '$lib/server/modules/mfa/mfa.schema';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { cbor, createSoftwareAuthenticator, type SoftwareAuthenticator } from './passkeys.fixtures';
import { listMyPasskeys } from './passkeys.queries';
import { passkeys, webauthnChallenges } from './passkeys.schema';
import {
	deletePasskey,
	finishPasskeyRegistration,
	finishPasskeySignIn,
	renamePasskey,
	startPasskeyRegistration,
	startPasskeySignIn
} from './passkeys.usecases';
import { relyingPartyFor } from './passkeys.webauthn';

const ORIGIN = 'https://tremplin.example';
const rp = relyingPartyFor({ publicUrl: null }, new URL(ORIGIN + '/compte/cles-d-acces'));
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

let handle: DatabaseHandle;
let deps: Deps;
let clock = new Date('2025-03-10T09:00:00Z');
let youth: Actor;
let counselor: Actor;
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent' }), now: () => clock });
	const place = await givenStructure(deps.db);
	counselor = await givenProfessional(deps.db, place);
	youth = await givenYouth(deps.db, place, counselor.userId);
});
afterAll(() => handle.close());

async function expectDomainError(promise: Promise<unknown>, code: string) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	expect((error as DomainError).code).toBe(code);
	return error as DomainError;
}

/** Registers a fresh software passkey for `actor` and returns the authenticator. */
async function registerPasskey(actor: Actor, options: { useCounter?: boolean } = {}): Promise<SoftwareAuthenticator> {
	const authenticator = createSoftwareAuthenticator(options);
	const creation = await startPasskeyRegistration(deps, actor, rp);
	await finishPasskeyRegistration(deps, actor, rp, {
		response: authenticator.register(creation, ORIGIN),
		userAgent: ANDROID
	});
	return authenticator;
}

describe('the tiny CBOR encoder of the test authenticator', () => {
	it('encodes integers, strings, bytes and maps as RFC 8949 says', () => {
		expect(cbor(10).toString('hex')).toBe('0a');
		expect(cbor(-7).toString('hex')).toBe('26');
		expect(cbor(500).toString('hex')).toBe('1901f4');
		expect(cbor('fmt').toString('hex')).toBe('63666d74');
		expect(cbor(new Uint8Array([1, 2])).toString('hex')).toBe('420102');
		expect(cbor({ a: 1 }).toString('hex')).toBe('a1616101');
	});
});

describe('registering a passkey', () => {
	it('asks for a discoverable credential bound to the site and names the person', async () => {
		const options = await startPasskeyRegistration(deps, youth, rp);
		expect(options.rp).toEqual({ name: 'Tremplin', id: 'tremplin.example' });
		expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'preferred' });
		expect(options.user.name).toBe('Karim');
		expect(Buffer.from(options.user.id, 'base64url').toString()).toBe(youth.userId);
	});

	it('verifies the authenticator’s answer and stores the public key with a readable name', async () => {
		const authenticator = await registerPasskey(youth);
		const [row] = await deps.db.select().from(passkeys).where(eq(passkeys.id, authenticator.credentialId));
		expect(row!.userId).toBe(youth.userId);
		expect(row!.publicKey.length).toBeGreaterThan(60);
		expect(row!.transports).toEqual(['internal']);
		const listed = await listMyPasskeys(deps, youth);
		expect(listed.find((p) => p.id === authenticator.credentialId)!.label).toBe('Téléphone Android');
	});

	it('excludes the passkeys already registered, so a phone is not added twice', async () => {
		const authenticator = await registerPasskey(youth);
		const options = await startPasskeyRegistration(deps, youth, rp);
		expect(options.excludeCredentials!.map((c) => c.id)).toContain(authenticator.credentialId);
	});

	it('refuses an answer to a challenge that was already used', async () => {
		const authenticator = createSoftwareAuthenticator();
		const creation = await startPasskeyRegistration(deps, youth, rp);
		const response = authenticator.register(creation, ORIGIN);
		await finishPasskeyRegistration(deps, youth, rp, { response });
		await expectDomainError(finishPasskeyRegistration(deps, youth, rp, { response }), 'passkeys.challenge_expired');
	});

	it('refuses an answer after 5 minutes', async () => {
		const authenticator = createSoftwareAuthenticator();
		const creation = await startPasskeyRegistration(deps, youth, rp);
		const saved = clock;
		clock = new Date(saved.getTime() + 5 * 60 * 1000 + 1000);
		try {
			await expectDomainError(
				finishPasskeyRegistration(deps, youth, rp, { response: authenticator.register(creation, ORIGIN) }),
				'passkeys.challenge_expired'
			);
		} finally {
			clock = saved;
		}
	});

	it('refuses an answer made for another site, and the challenge cannot be tried again', async () => {
		const authenticator = createSoftwareAuthenticator();
		const creation = await startPasskeyRegistration(deps, youth, rp);
		await expectDomainError(
			finishPasskeyRegistration(deps, youth, rp, { response: authenticator.register(creation, 'https://hameconnage.example') }),
			'passkeys.registration_failed'
		);
		await expectDomainError(
			finishPasskeyRegistration(deps, youth, rp, { response: authenticator.register(creation, ORIGIN) }),
			'passkeys.challenge_expired'
		);
	});

	it('refuses a challenge issued to somebody else', async () => {
		const authenticator = createSoftwareAuthenticator();
		const creation = await startPasskeyRegistration(deps, counselor, rp);
		await expectDomainError(
			finishPasskeyRegistration(deps, youth, rp, { response: authenticator.register(creation, ORIGIN) }),
			'passkeys.challenge_expired'
		);
	});

	it('needs a signed-in person', async () => {
		await expectDomainError(startPasskeyRegistration(deps, null, rp), 'access.unauthenticated');
	});

	it('refuses garbage without a server error', async () => {
		await expectDomainError(finishPasskeyRegistration(deps, youth, rp, { response: { id: 'x' } }), 'passkeys.registration_failed');
		await expectDomainError(finishPasskeyRegistration(deps, youth, rp, { response: 'nope' }), 'passkeys.registration_failed');
	});
});

describe('signing in with a passkey', () => {
	it('opens a passkey session that counts as a second factor, without any username', async () => {
		const authenticator = await registerPasskey(youth);
		const request = await startPasskeySignIn(deps, rp);
		expect(request.allowCredentials ?? []).toEqual([]);
		expect(request.rpId).toBe('tremplin.example');

		const result = await finishPasskeySignIn(deps, rp, { response: authenticator.authenticate(request, ORIGIN), ip: freshIp() });
		expect(result).toMatchObject({ userId: youth.userId, role: 'youth', mfaSatisfied: true });
		const session = await deps.sessions.validate(result.token);
		expect(session!.session).toMatchObject({ method: 'passkey', mfaSatisfied: true, userId: youth.userId });
		const listed = await listMyPasskeys(deps, youth);
		expect(listed.find((p) => p.id === authenticator.credentialId)!.lastUsedAt).toEqual(clock);
	});

	it('refuses the same signed answer twice (challenge consumed once)', async () => {
		const authenticator = await registerPasskey(youth);
		const request = await startPasskeySignIn(deps, rp);
		const response = authenticator.authenticate(request, ORIGIN);
		await finishPasskeySignIn(deps, rp, { response, ip: freshIp() });
		await expectDomainError(finishPasskeySignIn(deps, rp, { response, ip: freshIp() }), 'passkeys.sign_in_failed');
	});

	it('refuses an expired challenge', async () => {
		const authenticator = await registerPasskey(youth);
		const request = await startPasskeySignIn(deps, rp);
		const saved = clock;
		clock = new Date(saved.getTime() + 5 * 60 * 1000 + 1000);
		try {
			await expectDomainError(
				finishPasskeySignIn(deps, rp, { response: authenticator.authenticate(request, ORIGIN), ip: freshIp() }),
				'passkeys.sign_in_failed'
			);
		} finally {
			clock = saved;
		}
	});

	it('gives the generic message for an unknown credential', async () => {
		const stranger = createSoftwareAuthenticator();
		const request = await startPasskeySignIn(deps, rp);
		const error = await expectDomainError(
			finishPasskeySignIn(deps, rp, { response: stranger.authenticate(request, ORIGIN), ip: freshIp() }),
			'passkeys.sign_in_failed'
		);
		expect(error.message).toMatch(/^Connexion impossible avec cette clé d'accès/);
	});

	it('refuses a signature made by another key for a known credential', async () => {
		const authenticator = await registerPasskey(youth);
		const impostor = createSoftwareAuthenticator();
		const request = await startPasskeySignIn(deps, rp);
		await expectDomainError(
			finishPasskeySignIn(deps, rp, {
				response: impostor.authenticate(request, ORIGIN, { credentialId: authenticator.credentialId }),
				ip: freshIp()
			}),
			'passkeys.sign_in_failed'
		);
	});

	it('refuses a counter that goes backwards (a cloned authenticator)', async () => {
		const authenticator = await registerPasskey(youth, { useCounter: true });
		const first = await startPasskeySignIn(deps, rp);
		await finishPasskeySignIn(deps, rp, { response: authenticator.authenticate(first, ORIGIN, { counter: 5 }), ip: freshIp() });
		const second = await startPasskeySignIn(deps, rp);
		await expectDomainError(
			finishPasskeySignIn(deps, rp, { response: authenticator.authenticate(second, ORIGIN, { counter: 3 }), ip: freshIp() }),
			'passkeys.sign_in_failed'
		);
		const third = await startPasskeySignIn(deps, rp);
		await finishPasskeySignIn(deps, rp, { response: authenticator.authenticate(third, ORIGIN, { counter: 6 }), ip: freshIp() });
	});

	it('without user verification, still asks for the TOTP code of a person who has one', async () => {
		const authenticator = await registerPasskey(counselor);
		await deps.db.insert(totpCredentials).values({ userId: counselor.userId, secret: 'JBSWY3DPEHPK3PXP', confirmedAt: clock });
		const request = await startPasskeySignIn(deps, rp);
		const result = await finishPasskeySignIn(deps, rp, {
			response: authenticator.authenticate(request, ORIGIN, { userVerified: false }),
			ip: freshIp()
		});
		expect(result.mfaSatisfied).toBe(false);
		const verified = await startPasskeySignIn(deps, rp);
		const again = await finishPasskeySignIn(deps, rp, { response: authenticator.authenticate(verified, ORIGIN), ip: freshIp() });
		expect(again.mfaSatisfied).toBe(true);
	});

	it('locks an IP address after repeated failures', async () => {
		const ip = freshIp();
		const stranger = createSoftwareAuthenticator();
		for (let i = 0; i < 5; i++) {
			const request = await startPasskeySignIn(deps, rp);
			await expectDomainError(finishPasskeySignIn(deps, rp, { response: stranger.authenticate(request, ORIGIN), ip }), 'passkeys.sign_in_failed');
		}
		const request = await startPasskeySignIn(deps, rp);
		await expectDomainError(finishPasskeySignIn(deps, rp, { response: stranger.authenticate(request, ORIGIN), ip }), 'passkeys.sign_in_failed');
		const authenticator = await registerPasskey(youth);
		const next = await startPasskeySignIn(deps, rp);
		await expectDomainError(
			finishPasskeySignIn(deps, rp, { response: authenticator.authenticate(next, ORIGIN), ip }),
			'passkeys.rate_limited'
		);
	});

	it('keeps only live challenges in the database', async () => {
		await startPasskeySignIn(deps, rp);
		const saved = clock;
		clock = new Date(saved.getTime() + 10 * 60 * 1000);
		try {
			await startPasskeySignIn(deps, rp);
			const rows = await deps.db.select().from(webauthnChallenges);
			expect(rows.every((r) => r.expiresAt > clock)).toBe(true);
		} finally {
			clock = saved;
		}
	});
});

describe('managing one’s passkeys', () => {
	it('renames and deletes one’s own passkey, never somebody else’s', async () => {
		const authenticator = await registerPasskey(youth);
		const id = authenticator.credentialId;
		await expectDomainError(renamePasskey(deps, counselor, { id, label: 'Volée' }), 'passkeys.not_found');
		await expectDomainError(deletePasskey(deps, counselor, { id }), 'passkeys.not_found');
		expect((await listMyPasskeys(deps, counselor)).map((p) => p.id)).not.toContain(id);

		await renamePasskey(deps, youth, { id, label: ' Mon téléphone ' });
		expect((await listMyPasskeys(deps, youth)).find((p) => p.id === id)!.label).toBe('Mon téléphone');
		const error = await expectDomainError(renamePasskey(deps, youth, { id, label: '' }), 'validation.invalid');
		expect(error.fields.label).toBe('Donner un nom à la clé.');

		await deletePasskey(deps, youth, { id });
		expect((await listMyPasskeys(deps, youth)).map((p) => p.id)).not.toContain(id);
		const request = await startPasskeySignIn(deps, rp);
		await expectDomainError(
			finishPasskeySignIn(deps, rp, { response: authenticator.authenticate(request, ORIGIN), ip: freshIp() }),
			'passkeys.sign_in_failed'
		);
	});
});

describe('the relying party', () => {
	it('uses the configured public URL when there is one, else the request', () => {
		expect(relyingPartyFor({ publicUrl: 'https://tremplin.fr' }, new URL('http://10.0.0.1:3000/x'))).toEqual({
			rpName: 'Tremplin',
			rpID: 'tremplin.fr',
			origin: 'https://tremplin.fr'
		});
		expect(relyingPartyFor({ publicUrl: null }, new URL('http://localhost:5206/x'))).toMatchObject({
			rpID: 'localhost',
			origin: 'http://localhost:5206'
		});
	});
});
