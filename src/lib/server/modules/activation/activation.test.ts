import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { DatabaseHandle } from '$lib/server/db/client';
import { referentAssignments, users, youthProfiles } from '$lib/server/modules/accounts/accounts.schema';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { CODE_ALPHABET, formatActivationCode, generateActivationCode, normalizeActivationCode } from './activation.codes';
import { anActivation, givenProfessional, givenStructure, givenYouth } from './activation.fixtures';
import { activationUrl } from './activation.qr';
import { listActivationCodes } from './activation.queries';
import { activationCodes } from './activation.schema';
import {
	activateYouthAccount,
	checkActivationCode,
	createActivationCode,
	revokeActivationCode
} from './activation.usecases';

let handle: DatabaseHandle;
let deps: Deps;
let clock = new Date('2025-03-10T09:00:00Z');
let counselor: Actor;
let manager: Actor;
let otherCounselor: Actor;
let foreignCounselor: Actor;
let place: { structureId: string; networkId: string };
let ipCounter = 0;
/** Each test uses its own IP so that rate limits of one test do not leak into another. */
const freshIp = () => `192.0.2.${++ipCounter}`;

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	place = await givenStructure(deps.db, 'Mission Locale de Lyon');
	const foreign = await givenStructure(deps.db, 'Mission Locale de Villeurbanne');
	counselor = await givenProfessional(deps.db, place, 'counselor', 'Sophie');
	otherCounselor = await givenProfessional(deps.db, place, 'counselor', 'Nadia');
	manager = await givenProfessional(deps.db, place, 'structure_manager', 'Claire');
	foreignCounselor = await givenProfessional(deps.db, foreign, 'counselor', 'Paul');
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

describe('activation code format', () => {
	it('is 9 characters of an alphabet without 0, O, 1, I or L, shown in groups of 3', () => {
		for (let i = 0; i < 50; i++) {
			const code = generateActivationCode();
			expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/);
			for (const c of code.replace(/-/g, '')) expect(CODE_ALPHABET).toContain(c);
			expect(code).not.toMatch(/[01OIL]/);
		}
	});

	it('normalizes what people type: lower case, spaces and dashes', () => {
		expect(normalizeActivationCode(' abc-def ghj ')).toBe('ABCDEFGHJ');
		expect(formatActivationCode('abcdefghj')).toBe('ABC-DEF-GHJ');
	});

	it('builds the QR target URL on the given origin', () => {
		expect(activationUrl('https://tremplin.example', 'ABC-DEF-GHJ')).toBe('https://tremplin.example/activer?code=ABC-DEF-GHJ');
	});
});

describe('creating an activation code', () => {
	it('is allowed to a counselor, who gets the plain code once while only its hash is stored', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: ' Inès ', lastName: 'Benali' });
		expect(created.code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/);
		expect(created.firstName).toBe('Inès');
		expect(created.expiresAt.getTime() - clock.getTime()).toBe(14 * 24 * 3600 * 1000);

		const [row] = await deps.db.select().from(activationCodes).where(eq(activationCodes.id, created.id));
		expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
		const stored = JSON.stringify(row);
		expect(stored).not.toContain(created.code);
		expect(stored).not.toContain(normalizeActivationCode(created.code));
		expect(row!.structureId).toBe(place.structureId);
		expect(row!.counselorId).toBe(counselor.userId);
	});

	it('is allowed to a structure manager', async () => {
		const created = await createActivationCode(deps, manager, { firstName: 'Lucas' });
		expect(created.lastName).toBe('');
	});

	it('is refused to a youth, a mentor, a network referent and to nobody signed in', async () => {
		const youth = await givenYouth(deps.db, place, counselor.userId);
		await expectDomainError(createActivationCode(deps, youth, { firstName: 'X' }), 'access.forbidden');
		const mentor: Actor = { userId: counselor.userId, role: 'mentor', structureId: null, networkId: null, companyId: 'c' };
		await expectDomainError(createActivationCode(deps, mentor, { firstName: 'X' }), 'access.forbidden');
		const referent: Actor = { ...mentor, role: 'network_referent', networkId: place.networkId, companyId: null };
		await expectDomainError(createActivationCode(deps, referent, { firstName: 'X' }), 'access.forbidden');
		await expectDomainError(createActivationCode(deps, null, { firstName: 'X' }), 'access.unauthenticated');
	});

	it('requires a first name, with a French message next to the field', async () => {
		const error = await expectDomainError(createActivationCode(deps, counselor, { firstName: '  ' }), 'validation.invalid');
		expect(error.fields.firstName).toBe('Indiquez le prénom du ou de la jeune.');
	});
});

describe('listing activation codes', () => {
	it('shows a counselor their own codes only, a manager the whole structure, another structure nothing', async () => {
		const mine = await createActivationCode(deps, counselor, { firstName: 'Maya' });
		const hers = await createActivationCode(deps, otherCounselor, { firstName: 'Théo' });

		const counselorView = await listActivationCodes(deps, counselor);
		expect(counselorView.map((c) => c.id)).toContain(mine.id);
		expect(counselorView.map((c) => c.id)).not.toContain(hers.id);
		expect(counselorView.find((c) => c.id === mine.id)!.statusLabel).toBe('En attente');

		const managerView = await listActivationCodes(deps, manager);
		expect(managerView.map((c) => c.id)).toEqual(expect.arrayContaining([mine.id, hers.id]));
		expect(managerView.find((c) => c.id === hers.id)!.counselorName).toBe('Nadia Martin');

		expect(await listActivationCodes(deps, foreignCounselor)).toEqual([]);
	});
});

describe('revoking an activation code', () => {
	it('makes the code unusable', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: 'Léa' });
		await revokeActivationCode(deps, counselor, created.id);
		await expectDomainError(checkActivationCode(deps, { code: created.code, ip: freshIp() }), 'activation.invalid_code');
		const listed = (await listActivationCodes(deps, counselor)).find((c) => c.id === created.id);
		expect(listed!.status).toBe('revoked');
	});

	it('is refused on a code of another structure (it is not even found)', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: 'Noé' });
		await expectDomainError(revokeActivationCode(deps, foreignCounselor, created.id), 'activation.code_not_found');
		await expectDomainError(revokeActivationCode(deps, otherCounselor, created.id), 'activation.code_not_found');
		await revokeActivationCode(deps, manager, created.id);
	});

	it('says so when the code is no longer pending', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: 'Zoé' });
		await revokeActivationCode(deps, counselor, created.id);
		await expectDomainError(revokeActivationCode(deps, counselor, created.id), 'activation.code_not_pending');
	});
});

describe('checking a code', () => {
	it('accepts lower case, spaces and no dashes, and greets the youth by first name', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: 'Inès' });
		const typed = ` ${created.code.toLowerCase().replace(/-/g, ' ')} `;
		const checked = await checkActivationCode(deps, { code: typed, ip: freshIp() });
		expect(checked).toEqual({ code: created.code, firstName: 'Inès' });
	});

	it('refuses an expired code with the same generic message as an unknown one', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: 'Sam' });
		const saved = clock;
		clock = new Date(saved.getTime() + 14 * 24 * 3600 * 1000 + 1000);
		try {
			const expired = await expectDomainError(checkActivationCode(deps, { code: created.code, ip: freshIp() }), 'activation.invalid_code');
			const unknown = await expectDomainError(checkActivationCode(deps, { code: 'ZZZ-ZZZ-ZZZ', ip: freshIp() }), 'activation.invalid_code');
			expect(expired.message).toBe(unknown.message);
			expect((await listActivationCodes(deps, counselor)).find((c) => c.id === created.id)!.statusLabel).toBe('Expiré');
		} finally {
			clock = saved;
		}
	});

	it('locks an IP address after a few wrong codes, even for a right one', async () => {
		const ip = freshIp();
		const created = await createActivationCode(deps, counselor, { firstName: 'Yanis' });
		for (let i = 0; i < 4; i++) {
			await expectDomainError(checkActivationCode(deps, { code: 'ZZZ-ZZZ-ZZ' + (i + 2), ip }), 'activation.invalid_code');
		}
		const error = await expectDomainError(checkActivationCode(deps, { code: created.code, ip }), 'activation.rate_limited');
		expect(error.message).toMatch(/Tu pourras réessayer dans/);
		// Another address is not affected.
		await checkActivationCode(deps, { code: created.code, ip: freshIp() });
	});
});

describe('activating a youth account', () => {
	it('creates the account in the code’s structure, attached to the counselor who made the code, and signs in', async () => {
		const created = await createActivationCode(deps, otherCounselor, { firstName: 'Inès', lastName: 'Benali' });
		const result = await activateYouthAccount(deps, {
			values: anActivation({ code: created.code.toLowerCase(), firstName: 'Inès', contact: '06 12 34 56 78' }),
			ip: freshIp()
		});

		const [user] = await deps.db.select().from(users).where(eq(users.id, result.userId));
		expect(user).toMatchObject({ role: 'youth', structureId: place.structureId, firstName: 'Inès', lastName: 'Benali', phone: '+33612345678' });
		const [profile] = await deps.db.select().from(youthProfiles).where(eq(youthProfiles.userId, result.userId));
		expect(profile!.referentId).toBe(otherCounselor.userId);
		const assignments = await deps.db.select().from(referentAssignments).where(eq(referentAssignments.youthId, result.userId));
		expect(assignments).toHaveLength(1);
		expect(assignments[0]!.counselorId).toBe(otherCounselor.userId);
		expect(assignments[0]!.endedAt).toBeNull();

		const session = await deps.sessions.validate(result.token);
		expect(session!.actor).toMatchObject({ userId: result.userId, role: 'youth', structureId: place.structureId });
		expect(session!.session.method).toBe('activation');

		const listed = (await listActivationCodes(deps, otherCounselor)).find((c) => c.id === created.id);
		expect(listed!.status).toBe('used');
		const [row] = await deps.db.select().from(activationCodes).where(eq(activationCodes.id, created.id));
		expect(row!.youthUserId).toBe(result.userId);
	});

	it('works only once', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: 'Adam' });
		await activateYouthAccount(deps, { values: anActivation({ code: created.code, firstName: 'Adam' }), ip: freshIp() });
		await expectDomainError(
			activateYouthAccount(deps, { values: anActivation({ code: created.code, firstName: 'Adam' }), ip: freshIp() }),
			'activation.invalid_code'
		);
	});

	it('creates exactly one account when the same code is used twice at the same moment', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: 'Jade' });
		const before = (await deps.db.select({ id: users.id }).from(users)).length;
		const attempts = await Promise.allSettled([
			activateYouthAccount(deps, { values: anActivation({ code: created.code, firstName: 'Jade' }), ip: freshIp() }),
			activateYouthAccount(deps, { values: anActivation({ code: created.code, firstName: 'Jade' }), ip: freshIp() })
		]);
		expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
		const rejected = attempts.find((a) => a.status === 'rejected') as PromiseRejectedResult;
		expect((rejected.reason as DomainError).code).toBe('activation.invalid_code');
		const after = (await deps.db.select({ id: users.id }).from(users)).length;
		expect(after).toBe(before + 1);
	});

	it('refuses an e-mail already used by another account, with a clear message, and leaves the code usable', async () => {
		const first = await createActivationCode(deps, counselor, { firstName: 'Rayan' });
		await activateYouthAccount(deps, {
			values: anActivation({ code: first.code, firstName: 'Rayan', contact: 'rayan@exemple.fr' }),
			ip: freshIp()
		});
		const second = await createActivationCode(deps, counselor, { firstName: 'Rayane' });
		const error = await expectDomainError(
			activateYouthAccount(deps, {
				values: anActivation({ code: second.code, firstName: 'Rayane', contact: 'Rayan@Exemple.fr' }),
				ip: freshIp()
			}),
			'activation.contact_taken'
		);
		expect(error.fields.contact).toMatch(/déjà utilisée/);
		expect((await listActivationCodes(deps, counselor)).find((c) => c.id === second.id)!.status).toBe('pending');
	});

	it('requires the terms to be accepted and a valid contact, without using the code', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: 'Emma' });
		const error = await expectDomainError(
			activateYouthAccount(deps, {
				values: anActivation({ code: created.code, conditions: '', contact: '12345' }),
				ip: freshIp()
			}),
			'validation.invalid'
		);
		expect(error.fields.conditions).toBe('Coche la case pour accepter les conditions.');
		expect(error.fields.contact).toMatch(/adresse e-mail/);
		expect((await listActivationCodes(deps, counselor)).find((c) => c.id === created.id)!.status).toBe('pending');
	});

	it('frees a shared connection (the Mission Locale wifi) once somebody activated successfully', async () => {
		const ip = freshIp();
		for (let i = 0; i < 3; i++) {
			await expectDomainError(checkActivationCode(deps, { code: 'YYY-YYY-YY' + (i + 2), ip }), 'activation.invalid_code');
		}
		const created = await createActivationCode(deps, counselor, { firstName: 'Lina' });
		await activateYouthAccount(deps, { values: anActivation({ code: created.code, firstName: 'Lina' }), ip });
		for (let i = 0; i < 2; i++) {
			await expectDomainError(checkActivationCode(deps, { code: 'YYY-YYY-YY' + (i + 5), ip }), 'activation.invalid_code');
		}
		const next = await createActivationCode(deps, counselor, { firstName: 'Sami' });
		await expect(checkActivationCode(deps, { code: next.code, ip })).resolves.toMatchObject({ firstName: 'Sami' });
	});

	it('refuses a revoked code', async () => {
		const created = await createActivationCode(deps, counselor, { firstName: 'Tom' });
		await revokeActivationCode(deps, counselor, created.id);
		await expectDomainError(
			activateYouthAccount(deps, { values: anActivation({ code: created.code }), ip: freshIp() }),
			'activation.invalid_code'
		);
	});
});
