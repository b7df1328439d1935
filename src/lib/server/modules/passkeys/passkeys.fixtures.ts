import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software authenticator for tests: real P-256 keys, real `clientDataJSON`, `authenticatorData`
 * and a CBOR attestation object (format "none"), so the full @simplewebauthn/server verification runs.
 */

type Cbor = number | string | Uint8Array | CborMap | CborRecord;
type CborMap = Map<Cbor, Cbor>;
interface CborRecord {
	[key: string]: Cbor;
}

function head(major: number, length: number): Buffer {
	if (length < 24) return Buffer.from([(major << 5) | length]);
	if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
	if (length < 0x10000) {
		const b = Buffer.alloc(3);
		b[0] = (major << 5) | 25;
		b.writeUInt16BE(length, 1);
		return b;
	}
	const b = Buffer.alloc(5);
	b[0] = (major << 5) | 26;
	b.writeUInt32BE(length, 1);
	return b;
}

/** A tiny CBOR encoder: integers, byte strings, text strings and maps — what WebAuthn needs. */
export function cbor(value: Cbor): Buffer {
	if (typeof value === 'number') {
		if (!Number.isInteger(value)) throw new Error('only integers');
		return value >= 0 ? head(0, value) : head(1, -1 - value);
	}
	if (typeof value === 'string') {
		const bytes = Buffer.from(value, 'utf8');
		return Buffer.concat([head(3, bytes.length), bytes]);
	}
	if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
	const entries: [Cbor, Cbor][] = value instanceof Map ? [...value.entries()] : Object.entries(value);
	return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export interface SoftwareAuthenticator {
	credentialId: string;
	counter: number;
	/** The answer of `navigator.credentials.create()` for these options, as @simplewebauthn/browser returns it. */
	register(options: { challenge: string; rp: { id?: string }; user: { id: string } }, origin: string, overrides?: { userVerified?: boolean }): Record<string, unknown>;
	/** The answer of `navigator.credentials.get()`. */
	authenticate(
		options: { challenge: string; rpId?: string },
		origin: string,
		overrides?: { userVerified?: boolean; counter?: number; credentialId?: string }
	): Record<string, unknown>;
}

export function createSoftwareAuthenticator(options: { useCounter?: boolean } = {}): SoftwareAuthenticator {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }) as {
		privateKey: KeyObject;
		publicKey: KeyObject;
	};
	const jwk = publicKey.export({ format: 'jwk' });
	const cosePublicKey = cbor(
		new Map<Cbor, Cbor>([
			[1, 2], // kty: EC2
			[3, -7], // alg: ES256
			[-1, 1], // crv: P-256
			[-2, Buffer.from(jwk.x!, 'base64url')],
			[-3, Buffer.from(jwk.y!, 'base64url')]
		])
	);
	const rawId = randomBytes(16);
	let userHandle = '';

	const authenticator: SoftwareAuthenticator = {
		credentialId: b64url(rawId),
		counter: 0,

		register(opts, origin, overrides = {}) {
			const rpId = opts.rp.id ?? new URL(origin).hostname;
			userHandle = opts.user.id;
			const clientDataJSON = Buffer.from(
				JSON.stringify({ type: 'webauthn.create', challenge: opts.challenge, origin, crossOrigin: false })
			);
			const flags = FLAG_UP | FLAG_AT | (overrides.userVerified === false ? 0 : FLAG_UV);
			const idLength = Buffer.alloc(2);
			idLength.writeUInt16BE(rawId.length);
			const signCount = Buffer.alloc(4);
			const authData = Buffer.concat([
				sha256(rpId),
				Buffer.from([flags]),
				signCount,
				Buffer.alloc(16), // AAGUID: unknown authenticator
				idLength,
				rawId,
				cosePublicKey
			]);
			const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData });
			return {
				id: authenticator.credentialId,
				rawId: authenticator.credentialId,
				type: 'public-key',
				response: {
					clientDataJSON: b64url(clientDataJSON),
					attestationObject: b64url(attestationObject),
					transports: ['internal']
				},
				clientExtensionResults: {},
				authenticatorAttachment: 'platform'
			};
		},

		authenticate(opts, origin, overrides = {}) {
			const rpId = opts.rpId ?? new URL(origin).hostname;
			if (options.useCounter) authenticator.counter += 1;
			const counter = overrides.counter ?? (options.useCounter ? authenticator.counter : 0);
			const clientDataJSON = Buffer.from(
				JSON.stringify({ type: 'webauthn.get', challenge: opts.challenge, origin, crossOrigin: false })
			);
			const signCount = Buffer.alloc(4);
			signCount.writeUInt32BE(counter);
			const authenticatorData = Buffer.concat([
				sha256(rpId),
				Buffer.from([FLAG_UP | (overrides.userVerified === false ? 0 : FLAG_UV)]),
				signCount
			]);
			const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), privateKey);
			const id = overrides.credentialId ?? authenticator.credentialId;
			return {
				id,
				rawId: id,
				type: 'public-key',
				response: {
					clientDataJSON: b64url(clientDataJSON),
					authenticatorData: b64url(authenticatorData),
					signature: b64url(signature),
					userHandle
				},
				clientExtensionResults: {},
				authenticatorAttachment: 'platform'
			};
		}
	};
	return authenticator;
}
