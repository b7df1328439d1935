import { DataIntegrityProof as DataIntegritySuite } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { OB_CONTEXT, VC_CONTEXT_V2 } from './badges.contexts';
import { extractBakedCredential } from './badges.image';
import { badgeCredentials } from './badges.schema';
import { createDocumentLoader, findPublicKey, publicKeyFromMultibase, verificationMethodId, verifyProof, type DataIntegrityProof } from './badges.signing';

/** What the public verification page says about a presented badge. */
export type Verification =
	| { status: 'authentic' | 'revoked'; badge: VerifiedBadge }
	| { status: 'invalid_signature' | 'unknown_issuer' | 'unknown_badge' }
	| { status: 'malformed'; detail: string };

export interface VerifiedBadge {
	id: string;
	name: string;
	issuerName: string;
	subjectName: string;
	validFrom: Date;
	revokedAt: Date | null;
	revocationReason: string | null;
}

export const MAX_PRESENTED_BYTES = 2_000_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const malformed = (detail: string): Verification => ({ status: 'malformed', detail });

/** The credential in a pasted text or an uploaded file (JSON, or a PNG with the credential baked in). */
export function readPresented(input: { text?: string | null; file?: Uint8Array | null }): { json: string } | { error: string } {
	if (input.file && input.file.length > 0) {
		if (input.file.length > MAX_PRESENTED_BYTES) return { error: 'Ce fichier est trop lourd (2 Mo au plus).' };
		if (input.file[0] === 0x89) {
			const baked = extractBakedCredential(input.file);
			if (baked.ok) return { json: baked.json };
			return {
				error:
					baked.reason === 'not_png'
						? 'Cette image n’est pas un PNG lisible.'
						: 'Cette image ne contient pas de badge : choisissez l’image téléchargée depuis Tremplin (PNG) ou le fichier .json.'
			};
		}
		return { json: new TextDecoder().decode(input.file) };
	}
	const text = input.text?.trim() ?? '';
	if (!text) return { error: 'Collez le contenu du badge (JSON) ou choisissez son fichier.' };
	if (text.length > MAX_PRESENTED_BYTES) return { error: 'Ce texte est trop long pour être un badge.' };
	return { json: text };
}

/**
 * Verifies a badge issued by Tremplin: its shape, the issuer's key (only the Mission Locales'
 * keys published by this Tremplin, never fetched from elsewhere), the eddsa-rdfc-2022 signature
 * over the whole credential, then its status in the register (revoked or not).
 */
export async function verifyBadge(db: Database, json: string, origins: readonly string[], now: Date = new Date()): Promise<Verification> {
	let credential: unknown;
	try {
		credential = JSON.parse(json);
	} catch {
		return malformed('Le contenu n’est pas du JSON valide.');
	}
	if (!isObject(credential)) return malformed('Le contenu n’est pas un badge.');
	const contexts = asArray(credential['@context']);
	const types = asArray(credential.type);
	if (contexts[0] !== VC_CONTEXT_V2 || !contexts.includes(OB_CONTEXT) || !types.includes('OpenBadgeCredential')) {
		return malformed('Ce n’est pas un badge Open Badges 3.0 (OpenBadgeCredential).');
	}
	const proof = credential.proof;
	if (
		!isObject(proof) ||
		proof.type !== 'DataIntegrityProof' ||
		proof.cryptosuite !== 'eddsa-rdfc-2022' ||
		proof.proofPurpose !== 'assertionMethod' ||
		typeof proof.verificationMethod !== 'string' ||
		typeof proof.proofValue !== 'string' ||
		typeof proof.created !== 'string'
	) {
		return malformed('Le badge n’a pas de signature lisible (preuve eddsa-rdfc-2022 attendue).');
	}
	const issuer = credential.issuer;
	const issuerId = isObject(issuer) ? issuer.id : issuer;
	if (typeof issuerId !== 'string') return malformed('Le badge ne dit pas qui l’a délivré.');

	const origin = origins.find((o) => issuerId.startsWith(`${o}/badges/cles/`));
	const structureId = origin ? issuerId.slice(`${origin}/badges/cles/`.length) : '';
	if (!origin || !UUID.test(structureId) || proof.verificationMethod !== verificationMethodId(origin, structureId)) {
		return { status: 'unknown_issuer' };
	}
	const multibase = await findPublicKey(db, structureId);
	const publicKey = multibase ? publicKeyFromMultibase(multibase) : null;
	if (!publicKey) return { status: 'unknown_issuer' };

	// Two independent implementations must agree: Tremplin's own (the one that signs) and Digital
	// Bazaar's W3C VC verifier with the eddsa-rdfc-2022 cryptosuite (which also checks that the key
	// is the issuer's `assertionMethod`).
	const documentLoader = createDocumentLoader(db, [origin]);
	let valid: boolean;
	try {
		valid =
			(await verifyProof(credential, proof as unknown as DataIntegrityProof, publicKey, documentLoader)) &&
			(await verifyCredential({ credential, suite: new DataIntegritySuite({ cryptosuite: eddsaRdfc2022 }), documentLoader, now })).verified;
	} catch {
		valid = false; // a term no context defines, an unknown context: not what was signed
	}
	if (!valid) return { status: 'invalid_signature' };

	const id = typeof credential.id === 'string' ? credential.id : '';
	const badgeId = id.startsWith(`${origin}/badges/`) ? id.slice(`${origin}/badges/`.length) : '';
	if (!UUID.test(badgeId)) return { status: 'unknown_badge' };
	const [row] = await db.select().from(badgeCredentials).where(eq(badgeCredentials.id, badgeId.toLowerCase())).limit(1);
	if (!row || row.structureId !== structureId) return { status: 'unknown_badge' };
	const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
	const badge: VerifiedBadge = {
		id: row.id,
		name: typeof credential.name === 'string' ? credential.name : row.name,
		issuerName: isObject(issuer) && typeof issuer.name === 'string' ? issuer.name : 'Mission Locale',
		subjectName: typeof subject.name === 'string' ? subject.name : '',
		validFrom: new Date(typeof credential.validFrom === 'string' ? credential.validFrom : row.issuedAt),
		revokedAt: row.revokedAt,
		revocationReason: row.revocationReason
	};
	return { status: row.revokedAt ? 'revoked' : 'authentic', badge };
}
