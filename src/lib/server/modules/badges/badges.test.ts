import { eq } from 'drizzle-orm';
import { verifyCredential } from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { DomainError } from '$lib/server/platform/errors/errors';
import { aWorld, type World } from '$lib/server/testing/world';
import { aCompletedModule, aStartedModule } from './badges.fixtures';
import { badgeCredentials, badgeKeys } from './badges.schema';
import { createDocumentLoader, OfflineDocumentError } from './badges.signing';
import {
	bakePng,
	badgePng,
	extractBakedCredential,
	getKeyDocument,
	getMyBadges,
	getOwnBadge,
	getPublicBadge,
	issueBadge,
	listYouthBadges,
	readPresented,
	registerAchievementSource,
	revokeBadge,
	verifyBadge
} from './index';

const ORIGIN = 'https://tremplin.example.org';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into and tamper with the signed JSON freely
type Loose = Record<string, any>;
let handle: DatabaseHandle;
let world: World;
const clock = new Date('2026-11-22T10:00:00Z');
const deps = () => ({ db: handle.db, now: () => clock });

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
});
afterAll(() => handle.close());

const codeOf = async (promise: Promise<unknown>) => {
	try {
		await promise;
		return 'ok';
	} catch (error) {
		return error instanceof DomainError ? error.code : String(error);
	}
};

/** Verification by Digital Bazaar's libraries: an implementation independent of Tremplin's signer. */
async function independentlyVerify(credential: unknown) {
	const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
	const loader = createDocumentLoader(handle.db, [ORIGIN]);
	return verifyCredential({ credential, suite, documentLoader: loader, now: clock });
}

async function issuedBadge() {
	const module = await aCompletedModule(deps(), world.actors.youth);
	const row = await issueBadge(deps(), world.actors.youth, { kind: 'learning_module', ref: module.slug, origin: ORIGIN });
	return { module, row };
}

describe('issuing a badge', () => {
	it('lists completed modules as achievements, not started ones', async () => {
		const done = await aCompletedModule(deps(), world.actors.youth);
		const started = await aStartedModule(deps(), world.actors.youth);
		const page = await getMyBadges(deps(), world.actors.youth);
		const refs = page.available.map((a) => a.ref);
		expect(refs).toContain(done.slug);
		expect(refs).not.toContain(started.slug);
		expect(page.available.find((a) => a.ref === done.slug)).toMatchObject({ kind: 'learning_module', name: `Parcours réussi : ${done.content.title}` });
		expect(page.structureName).toBe('Mission Locale de Lyon');
	});

	it('re-checks eligibility: no badge for a module not completed, nor an unknown one', async () => {
		const started = await aStartedModule(deps(), world.actors.youth);
		expect(await codeOf(issueBadge(deps(), world.actors.youth, { kind: 'learning_module', ref: started.slug, origin: ORIGIN }))).toBe('badges.not_achieved');
		expect(await codeOf(issueBadge(deps(), world.actors.youth, { kind: 'learning_module', ref: 'nope', origin: ORIGIN }))).toBe('badges.not_achieved');
		expect(await codeOf(issueBadge(deps(), world.actors.youth, { kind: 'other', ref: 'x', origin: ORIGIN }))).toBe('badges.not_achieved');
		// Another youth's completion does not count for this one.
		const otherYouth = { userId: world.youths.youthOfColleague.id, role: 'youth' as const, structureId: world.structures.lyon.id, networkId: world.networks.rhone.id, companyId: null };
		const theirs = await aCompletedModule(deps(), otherYouth);
		expect(await codeOf(issueBadge(deps(), world.actors.youth, { kind: 'learning_module', ref: theirs.slug, origin: ORIGIN }))).toBe('badges.not_achieved');
		expect(await handle.db.select().from(badgeCredentials).where(eq(badgeCredentials.ref, started.slug))).toHaveLength(0);
	});

	it('is idempotent per youth and achievement, and signs with one key per structure', async () => {
		const { module, row } = await issuedBadge();
		const again = await issueBadge(deps(), world.actors.youth, { kind: 'learning_module', ref: module.slug, origin: ORIGIN });
		expect(again.id).toBe(row.id);
		expect(await handle.db.select().from(badgeCredentials).where(eq(badgeCredentials.ref, module.slug))).toHaveLength(1);
		const keys = await handle.db.select().from(badgeKeys).where(eq(badgeKeys.structureId, world.structures.lyon.id));
		expect(keys).toHaveLength(1);
		const page = await getMyBadges(deps(), world.actors.youth);
		expect(page.badges.map((b) => b.id)).toContain(row.id);
		expect(page.available.map((a) => a.ref)).not.toContain(module.slug);
	});

	it('writes an Open Badges 3.0 credential issued by the structure to the youth', async () => {
		const { module, row } = await issuedBadge();
		const c = row.credential as Loose;
		expect(c['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
		expect(c.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
		expect(c.id).toBe(`${ORIGIN}/badges/${row.id}`);
		expect(c.issuer).toMatchObject({ id: `${ORIGIN}/badges/cles/${world.structures.lyon.id}`, type: ['Profile'], name: 'Mission Locale de Lyon' });
		expect(c.validFrom).toBe('2026-11-22T10:00:00Z');
		expect(c.credentialSubject).toMatchObject({
			type: ['AchievementSubject'],
			name: 'Karim Haddad',
			identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Karim Haddad' }]
		});
		expect(c.credentialSubject.achievement).toMatchObject({ type: ['Achievement'], name: `Parcours réussi : ${module.content.title}` });
		expect(c.credentialSubject.achievement.criteria.narrative).toMatch(/Répondre à toutes les questions/);
		expect(c.proof).toMatchObject({
			type: 'DataIntegrityProof',
			cryptosuite: 'eddsa-rdfc-2022',
			proofPurpose: 'assertionMethod',
			verificationMethod: `${ORIGIN}/badges/cles/${world.structures.lyon.id}#cle-ed25519`
		});
		const keyDoc = await getKeyDocument(deps(), ORIGIN, world.structures.lyon.id);
		expect(keyDoc?.assertionMethod).toEqual([c.proof.verificationMethod]);
		expect(keyDoc?.verificationMethod[0]).toMatchObject({ type: 'Multikey', publicKeyMultibase: expect.stringMatching(/^z6Mk/) });
	});
});

describe('achievement sources', () => {
	it('issues badges from any registered source, re-asked at issuance, and ignores entries of another kind', async () => {
		// A stand-in for the soft-skills module's source (its index is not loaded in this test file).
		let confirmed = true;
		registerAchievementSource('soft_skill', async (_deps, youthId) =>
			youthId === world.youths.youth.id
				? [
						...(confirmed
							? [{ kind: 'soft_skill' as const, ref: 'ecoute', name: 'Écoute', description: 'Sait écouter.', criteria: 'Confirmée par un employeur.', achievedAt: clock }]
							: []),
						{ kind: 'learning_module' as const, ref: 'smuggled', name: 'Faux', description: 'x', criteria: 'x', achievedAt: clock }
					]
				: []
		);
		const page = await getMyBadges(deps(), world.actors.youth);
		expect(page.available.filter((a) => a.kind === 'soft_skill').map((a) => a.ref)).toEqual(['ecoute']);
		expect(page.available.map((a) => a.ref)).not.toContain('smuggled');
		expect(await codeOf(issueBadge(deps(), world.actors.youth, { kind: 'learning_module', ref: 'smuggled', origin: ORIGIN }))).toBe('badges.not_achieved');
		confirmed = false; // the confirmation went away between the page and the click
		expect(await codeOf(issueBadge(deps(), world.actors.youth, { kind: 'soft_skill', ref: 'ecoute', origin: ORIGIN }))).toBe('badges.not_achieved');
		confirmed = true;
		const row = await issueBadge(deps(), world.actors.youth, { kind: 'soft_skill', ref: 'ecoute', origin: ORIGIN });
		expect((row.credential as Loose).credentialSubject.achievement).toMatchObject({ name: 'Écoute', achievementType: 'Competency' });
		expect((await independentlyVerify(row.credential)).verified).toBe(true);
	});

	it('keeps the page working when one source of achievements fails: the others and the badges still show', async () => {
		const done = await aCompletedModule(deps(), world.actors.youth);
		const { row } = await issuedBadge();
		registerAchievementSource('soft_skill', async () => {
			throw new Error('table en cours de migration');
		});
		const failures: string[] = [];
		const page = await getMyBadges({ ...deps(), onSourceError: (kind) => failures.push(kind) }, world.actors.youth);
		expect(page.unavailable).toEqual(['soft_skill']);
		expect(failures).toEqual(['soft_skill']);
		expect(page.available.map((a) => a.ref)).toContain(done.slug);
		expect(page.badges.map((b) => b.id)).toContain(row.id);
		// Issuance never guesses: asking for a badge of the failing kind is refused with a French message.
		expect(await codeOf(issueBadge(deps(), world.actors.youth, { kind: 'soft_skill', ref: 'autonomie', origin: ORIGIN }))).toBe('badges.source_unavailable');
		registerAchievementSource('soft_skill', async () => []);
	});
});

describe('verifying a badge', () => {
	it('is verified by an independent library (Digital Bazaar vc + eddsa-rdfc-2022)', async () => {
		const { row } = await issuedBadge();
		const result = await independentlyVerify(row.credential);
		expect(result.error).toBeUndefined();
		expect(result.verified).toBe(true);
		expect(await verifyBadge(handle.db, JSON.stringify(row.credential), [ORIGIN], clock)).toMatchObject({
			status: 'authentic',
			badge: { id: row.id, issuerName: 'Mission Locale de Lyon', subjectName: 'Karim Haddad' }
		});
	});

	it('is rejected after tampering, by both verifiers', async () => {
		const { row } = await issuedBadge();
		const tampered = structuredClone(row.credential) as Loose;
		tampered.credentialSubject.name = 'Quelqu’un d’autre';
		expect((await independentlyVerify(tampered)).verified).toBe(false);
		expect(await verifyBadge(handle.db, JSON.stringify(tampered), [ORIGIN], clock)).toEqual({ status: 'invalid_signature' });
		const later = structuredClone(row.credential) as Loose;
		later.validFrom = '2020-01-01T00:00:00Z';
		expect((await independentlyVerify(later)).verified).toBe(false);
		expect((await verifyBadge(handle.db, JSON.stringify(later), [ORIGIN], clock)).status).toBe('invalid_signature');
		// A field no context defines cannot be slipped in either.
		const extra = { ...(structuredClone(row.credential) as object), note: 'ajout' };
		expect((await verifyBadge(handle.db, JSON.stringify(extra), [ORIGIN], clock)).status).toBe('invalid_signature');
	});

	it('says revoked once the counselor revoked it, with the reason', async () => {
		const { row } = await issuedBadge();
		await revokeBadge(deps(), world.actors.counselor, { badgeId: row.id, reason: 'Délivré par erreur' });
		const result = await verifyBadge(handle.db, JSON.stringify(row.credential), [ORIGIN], clock);
		expect(result).toMatchObject({ status: 'revoked', badge: { revocationReason: 'Délivré par erreur' } });
		expect((await getPublicBadge(deps(), row.id))?.revokedAt).toEqual(clock);
		expect(await codeOf(revokeBadge(deps(), world.actors.counselor, { badgeId: row.id, reason: 'Encore' }))).toBe('badges.already_revoked');
	});

	it('rejects unknown issuers, other origins and malformed input with a reason', async () => {
		const { row } = await issuedBadge();
		expect(await verifyBadge(handle.db, JSON.stringify(row.credential), ['https://autre.example.org'], clock)).toEqual({ status: 'unknown_issuer' });
		const foreign = structuredClone(row.credential) as Loose;
		foreign.issuer.id = `${ORIGIN}/badges/cles/${world.structures.sarthe.id}`;
		foreign.proof.verificationMethod = `${foreign.issuer.id}#cle-ed25519`;
		expect(await verifyBadge(handle.db, JSON.stringify(foreign), [ORIGIN], clock)).toEqual({ status: 'unknown_issuer' });
		expect(await verifyBadge(handle.db, '{pas du json', [ORIGIN], clock)).toMatchObject({ status: 'malformed' });
		expect(await verifyBadge(handle.db, '{"type":"VerifiableCredential"}', [ORIGIN], clock)).toMatchObject({ status: 'malformed' });
		const unsigned = { ...(structuredClone(row.credential) as Record<string, unknown>) };
		delete unsigned.proof;
		expect(await verifyBadge(handle.db, JSON.stringify(unsigned), [ORIGIN], clock)).toMatchObject({ status: 'malformed' });
		expect(readPresented({ text: '  ' })).toHaveProperty('error');
	});

	it('never fetches the network: the document loader serves only bundled contexts and Tremplin keys', async () => {
		const fetchSpy = vi.spyOn(globalThis, 'fetch');
		const loader = createDocumentLoader(handle.db, [ORIGIN]);
		await expect(loader('https://www.w3.org/ns/credentials/v2')).resolves.toMatchObject({ document: { '@context': expect.anything() } });
		await expect(loader('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json')).resolves.toBeTruthy();
		await expect(loader('https://example.org/context.json')).rejects.toBeInstanceOf(OfflineDocumentError);
		await expect(loader(`https://evil.example.org/badges/cles/${world.structures.lyon.id}`)).rejects.toBeInstanceOf(OfflineDocumentError);
		await expect(loader(`${ORIGIN}/badges/cles/${world.structures.sarthe.id}#cle-ed25519`)).rejects.toBeInstanceOf(OfflineDocumentError);
		// A credential that names an outside context is refused, not fetched.
		const { row } = await issuedBadge();
		const outside = structuredClone(row.credential) as Loose;
		outside['@context'] = [...outside['@context'], 'https://example.org/context.json'];
		expect((await verifyBadge(handle.db, JSON.stringify(outside), [ORIGIN], clock)).status).toBe('invalid_signature');
		expect((await independentlyVerify(outside)).verified).toBe(false);
		expect(fetchSpy).not.toHaveBeenCalled();
		fetchSpy.mockRestore();
	});
});

describe('baked PNG', () => {
	it('round-trips the credential through the iTXt chunk, and the image verifies', async () => {
		const { row } = await issuedBadge();
		const json = JSON.stringify(row.credential);
		const png = await badgePng({ kind: 'learning_module', title: row.name, issuer: 'Mission Locale de Lyon' });
		const baked = bakePng(png, json);
		const extracted = extractBakedCredential(baked);
		expect(extracted).toEqual({ ok: true, json });
		// Baking twice keeps one credential.
		expect(extractBakedCredential(bakePng(baked, json))).toEqual({ ok: true, json });
		const presented = readPresented({ file: baked });
		expect(presented).toEqual({ json });
		expect((await verifyBadge(handle.db, json, [ORIGIN], clock)).status).toBe('authentic');
		expect(extractBakedCredential(png)).toEqual({ ok: false, reason: 'no_credential' });
		expect(extractBakedCredential(new Uint8Array([1, 2, 3]))).toEqual({ ok: false, reason: 'not_png' });
		const sharp = (await import('sharp')).default;
		expect(await sharp(Buffer.from(baked)).metadata()).toMatchObject({ format: 'png', width: 400, height: 400 });
	});
});

describe('access', () => {
	it('lets only the staff of the youth’s Mission Locale see and revoke badges', async () => {
		const { row } = await issuedBadge();
		const a = world.actors;
		expect((await listYouthBadges(deps(), a.counselor, world.youths.youth.id)).badges.map((b) => b.id)).toContain(row.id);
		expect((await listYouthBadges(deps(), a.manager, world.youths.youth.id)).youthName).toBe('Karim Haddad');
		for (const outsider of [a.otherCounselor, a.otherManager, a.farCounselor, a.farManager]) {
			expect(await codeOf(listYouthBadges(deps(), outsider, world.youths.youth.id))).toBe('badges.youth_not_found');
			expect(await codeOf(revokeBadge(deps(), outsider, { badgeId: row.id, reason: 'Pas à moi' }))).toBe('badges.not_found');
		}
		for (const other of [a.mentor, a.companyContact, a.youth, a.referent, a.admin]) {
			expect(await codeOf(revokeBadge(deps(), other, { badgeId: row.id, reason: 'Pas à moi' }))).toBe('access.forbidden');
			expect(await codeOf(listYouthBadges(deps(), other, world.youths.youth.id))).toBe('access.forbidden');
		}
		expect(await codeOf(issueBadge(deps(), a.counselor, { kind: 'learning_module', ref: 'x', origin: ORIGIN }))).toBe('access.forbidden');
		expect(await codeOf(revokeBadge(deps(), a.counselor, { badgeId: row.id, reason: 'x' }))).toBe('badges.invalid_reason');
		expect(await codeOf(revokeBadge(deps(), a.counselor, { badgeId: 'pas-un-id', reason: 'Raison valable' }))).toBe('badges.not_found');
		expect((await handle.db.select().from(badgeCredentials).where(eq(badgeCredentials.id, row.id)))[0]?.revokedAt).toBeNull();
	});

	it('gives a youth their own badges only', async () => {
		const { row } = await issuedBadge();
		expect((await getOwnBadge(deps(), world.actors.youth, row.id))?.id).toBe(row.id);
		const colleagueYouth = { userId: world.youths.youthOfColleague.id, role: 'youth' as const, structureId: world.structures.lyon.id, networkId: world.networks.rhone.id, companyId: null };
		expect(await getOwnBadge(deps(), colleagueYouth, row.id)).toBeNull();
		expect((await getMyBadges(deps(), colleagueYouth)).badges.map((b) => b.id)).not.toContain(row.id);
	});
});
