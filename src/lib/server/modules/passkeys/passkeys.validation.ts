import { z } from 'zod';

/** Renaming a passkey (shared account pages: neutral wording). */
export const renameSchema = z.object({
	id: z.string().min(1).max(1024),
	label: z
		.string({ error: 'Donner un nom à la clé.' })
		.trim()
		.min(1, 'Donner un nom à la clé.')
		.max(60, 'Le nom ne doit pas dépasser 60 caractères.')
});

export const deleteSchema = z.object({ id: z.string().min(1).max(1024) });

const b64url = z.string().max(16_384).regex(/^[A-Za-z0-9_-]*={0,2}$/);

/** The shape of `startRegistration()`'s result; the cryptography is checked by @simplewebauthn/server. */
export const registrationResponseSchema = z.looseObject({
	id: b64url.min(1),
	rawId: b64url.min(1),
	type: z.literal('public-key'),
	response: z.looseObject({
		clientDataJSON: b64url,
		attestationObject: b64url,
		transports: z.array(z.string().max(32)).max(10).optional()
	}),
	clientExtensionResults: z.record(z.string(), z.unknown()).optional().default({})
});

/** The shape of `startAuthentication()`'s result. */
export const authenticationResponseSchema = z.looseObject({
	id: b64url.min(1),
	rawId: b64url.min(1),
	type: z.literal('public-key'),
	response: z.looseObject({
		clientDataJSON: b64url,
		authenticatorData: b64url,
		signature: b64url,
		userHandle: b64url.optional().nullable()
	}),
	clientExtensionResults: z.record(z.string(), z.unknown()).optional().default({})
});
