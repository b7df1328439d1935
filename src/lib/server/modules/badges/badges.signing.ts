import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import jsonld, { type DocumentLoader, type RemoteDocument } from 'jsonld';
import type { Database } from '$lib/server/db/client';
import { bundledContext, MULTIKEY_CONTEXT, SECURITY_CONTEXT_V2 } from './badges.contexts';
import { badgeKeys } from './badges.schema';

/**
 * Ed25519 signatures in the Data Integrity `eddsa-rdfc-2022` cryptosuite, written here on
 * node:crypto and jsonld's RDFC-1.0 canonicalization (the tests check them against Digital
 * Bazaar's independent implementation). One key pair per Mission Locale, created at its first
 * issuance; the public key is published as a Multikey in the structure's controller document
 * `<origin>/badges/cles/<structureId>`, which is also the issuer's id.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_FRAGMENT = 'cle-ed25519';
const ED25519_MULTICODEC = Uint8Array.of(0xed, 0x01);
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const issuerUrl = (origin: string, structureId: string) => `${origin}/badges/cles/${structureId}`;
export const verificationMethodId = (origin: string, structureId: string) => `${issuerUrl(origin, structureId)}#${KEY_FRAGMENT}`;

// --- base58btc (multibase "z") ---------------------------------------------------------------

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58Encode(bytes: Uint8Array): string {
	let zeros = 0;
	while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
	let n = 0n;
	for (const b of bytes) n = n * 256n + BigInt(b);
	let out = '';
	while (n > 0n) {
		out = ALPHABET[Number(n % 58n)] + out;
		n /= 58n;
	}
	return '1'.repeat(zeros) + out;
}

export function base58Decode(text: string): Uint8Array | null {
	let n = 0n;
	let zeros = 0;
	while (zeros < text.length && text[zeros] === '1') zeros++;
	for (const c of text) {
		const v = ALPHABET.indexOf(c);
		if (v < 0) return null;
		n = n * 58n + BigInt(v);
	}
	const bytes: number[] = [];
	while (n > 0n) {
		bytes.unshift(Number(n % 256n));
		n /= 256n;
	}
	return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes]);
}

export function publicKeyMultibaseOf(key: KeyObject): string {
	const spki = key.export({ format: 'der', type: 'spki' });
	return `z${base58Encode(Uint8Array.from([...ED25519_MULTICODEC, ...spki.subarray(spki.length - 32)]))}`;
}

export function publicKeyFromMultibase(multibase: string): KeyObject | null {
	if (!multibase.startsWith('z')) return null;
	const bytes = base58Decode(multibase.slice(1));
	if (!bytes || bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) return null;
	try {
		return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, bytes.subarray(2)]), format: 'der', type: 'spki' });
	} catch {
		return null;
	}
}

// --- keys of the structures --------------------------------------------------------------------

export interface StructureKey {
	structureId: string;
	publicKeyMultibase: string;
	privateKey: KeyObject;
}

/** The structure's key pair, created on first use (concurrent first issuances agree on one key). */
export async function ensureStructureKey(db: Database, structureId: string, now: Date): Promise<StructureKey> {
	const existing = await findKeyRow(db, structureId);
	if (!existing) {
		const { privateKey, publicKey } = generateKeyPairSync('ed25519');
		await db
			.insert(badgeKeys)
			.values({
				structureId,
				publicKeyMultibase: publicKeyMultibaseOf(publicKey),
				privateKeyPkcs8: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
				createdAt: now
			})
			.onConflictDoNothing();
	}
	const row = existing ?? (await findKeyRow(db, structureId));
	if (!row) throw new Error(`badge key of ${structureId} missing after insert`);
	return {
		structureId,
		publicKeyMultibase: row.publicKeyMultibase,
		privateKey: createPrivateKey({ key: Buffer.from(row.privateKeyPkcs8), format: 'der', type: 'pkcs8' })
	};
}

async function findKeyRow(db: Pick<Database, 'select'>, structureId: string) {
	const [row] = await db.select().from(badgeKeys).where(eq(badgeKeys.structureId, structureId)).limit(1);
	return row ?? null;
}

/** The public key of a structure (null: it never issued a badge). */
export async function findPublicKey(db: Pick<Database, 'select'>, structureId: string): Promise<string | null> {
	if (!UUID.test(structureId)) return null;
	const [row] = await db
		.select({ publicKeyMultibase: badgeKeys.publicKeyMultibase })
		.from(badgeKeys)
		.where(eq(badgeKeys.structureId, structureId.toLowerCase()))
		.limit(1);
	return row?.publicKeyMultibase ?? null;
}

/** The Multikey verification method document. */
export function verificationMethodDocument(origin: string, structureId: string, publicKeyMultibase: string) {
	return {
		'@context': MULTIKEY_CONTEXT,
		id: verificationMethodId(origin, structureId),
		type: 'Multikey',
		controller: issuerUrl(origin, structureId),
		publicKeyMultibase
	};
}

/** The controller document of a structure: its key, authorised to assert (sign) credentials. */
export function controllerDocument(origin: string, structureId: string, publicKeyMultibase: string) {
	const { '@context': _context, ...method } = verificationMethodDocument(origin, structureId, publicKeyMultibase);
	return {
		'@context': [SECURITY_CONTEXT_V2, MULTIKEY_CONTEXT],
		id: issuerUrl(origin, structureId),
		verificationMethod: [method],
		assertionMethod: [method.id]
	};
}

// --- the document loader ------------------------------------------------------------------------

export class OfflineDocumentError extends Error {
	constructor(readonly url: string) {
		super(`Document refusé (pas d'accès réseau) : ${url}`);
	}
}

/**
 * Serves only the bundled contexts and the key documents of Tremplin's structures (read from the
 * database, for the given origins). Anything else is refused: no network fetch, ever.
 */
export function createDocumentLoader(db: Pick<Database, 'select'>, origins: readonly string[]): DocumentLoader {
	return async (url: string): Promise<RemoteDocument> => {
		const context = bundledContext(url);
		if (context) return { contextUrl: null, documentUrl: url, document: structuredClone(context) };
		for (const origin of origins) {
			const prefix = `${origin}/badges/cles/`;
			if (!url.startsWith(prefix)) continue;
			const [structureId = '', fragment] = url.slice(prefix.length).split('#');
			if (fragment !== undefined && fragment !== KEY_FRAGMENT) break;
			const key = await findPublicKey(db, structureId);
			if (!key) break;
			const document =
				fragment === undefined ? controllerDocument(origin, structureId, key) : verificationMethodDocument(origin, structureId, key);
			return { contextUrl: null, documentUrl: url, document };
		}
		throw new OfflineDocumentError(url);
	};
}

// --- eddsa-rdfc-2022 -----------------------------------------------------------------------------

export interface DataIntegrityProof {
	type: 'DataIntegrityProof';
	cryptosuite: 'eddsa-rdfc-2022';
	created: string;
	verificationMethod: string;
	proofPurpose: 'assertionMethod';
	proofValue: string;
}

const canonize = (doc: unknown, documentLoader: DocumentLoader) =>
	jsonld.canonize(doc, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true, base: null });

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** hash(canonical proof options) ‖ hash(canonical document), as the cryptosuite specifies. */
async function hashData(
	document: Record<string, unknown>,
	options: Omit<DataIntegrityProof, 'proofValue'>,
	documentLoader: DocumentLoader
): Promise<Buffer> {
	const { proof: _proof, ...unsecured } = document;
	const proofConfig = { '@context': document['@context'], ...options };
	return Buffer.concat([sha256(await canonize(proofConfig, documentLoader)), sha256(await canonize(unsecured, documentLoader))]);
}

/** Adds a Data Integrity proof signed by the structure's key. */
export async function signDocument<T extends Record<string, unknown>>(
	document: T,
	key: StructureKey,
	input: { origin: string; created: Date; documentLoader: DocumentLoader }
): Promise<T & { proof: DataIntegrityProof }> {
	const options = {
		type: 'DataIntegrityProof' as const,
		cryptosuite: 'eddsa-rdfc-2022' as const,
		created: input.created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
		verificationMethod: verificationMethodId(input.origin, key.structureId),
		proofPurpose: 'assertionMethod' as const
	};
	const data = await hashData(document, options, input.documentLoader);
	const proofValue = `z${base58Encode(sign(null, data, key.privateKey))}`;
	return { ...document, proof: { ...options, proofValue } };
}

/**
 * Checks the proof of a document against a public key. `false` when the signature does not match
 * (or the document cannot be canonicalized: undefined terms, unknown contexts).
 */
export async function verifyProof(
	document: Record<string, unknown>,
	proof: DataIntegrityProof,
	publicKey: KeyObject,
	documentLoader: DocumentLoader
): Promise<boolean> {
	const { proofValue, ...options } = proof;
	const signature = proofValue.startsWith('z') ? base58Decode(proofValue.slice(1)) : null;
	if (!signature || signature.length !== 64) return false;
	const data = await hashData(document, options, documentLoader);
	return verify(null, data, publicKey, signature);
}
