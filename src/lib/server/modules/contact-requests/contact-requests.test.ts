import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { activationCodes } from '$lib/server/modules/activation/activation.schema';
import { structureCommunes } from '$lib/server/modules/structures/structures.schema';
import { auditEvents } from '$lib/server/platform/audit/audit.schema';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { purgeExpired } from '$lib/server/platform/maintenance/maintenance';
import { aSite, aWorld, type World } from '$lib/server/testing/world';
import { getContactRequest, listContactRequests } from './contact-requests.queries';
import { contactRequests } from './contact-requests.schema';
import {
	assignContactRequest,
	closeContactRequest,
	convertContactRequest,
	markContactRequestContacted,
	submitContactRequest
} from './contact-requests.usecases';
import './index';

let handle: DatabaseHandle;
let deps: Deps;
let world: World;
let clock = new Date('2025-03-10T09:00:00Z');
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;
let phoneCounter = 10;
const freshPhone = () => `06 12 34 56 ${String(++phoneCounter).padStart(2, '0')}`;

const LYON = '69123';
const VILLEURBANNE = '69266';

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	world = await aWorld(deps.db);
	await deps.db.insert(structureCommunes).values([
		{ communeCode: LYON, structureId: world.structures.lyon.id },
		{ communeCode: VILLEURBANNE, structureId: world.structures.villeurbanne.id }
	]);
	await aSite(deps.db, world.structures.lyon.id);
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

const form = (overrides: Record<string, string> = {}) => ({
	firstName: 'Yanis',
	phone: freshPhone(),
	email: '',
	communeCode: LYON,
	postalCode: '69003',
	message: 'Je cherche une formation.',
	preferredTime: 'soir',
	site_web: '',
	...overrides
});

const countRows = async () => (await deps.db.select({ id: contactRequests.id }).from(contactRequests)).length;

describe('submitting a request (public, no account)', () => {
	it('routes by commune to the Mission Locale that covers it, normalizing the phone', async () => {
		const out = await submitContactRequest(deps, { values: form({ phone: '06 11 22 33 44', email: ' Yanis@Exemple.FR ' }), ip: freshIp() });
		expect(out).toMatchObject({ stored: true, structureId: world.structures.lyon.id, communeCode: LYON });
		const [row] = await deps.db.select().from(contactRequests).where(eq(contactRequests.phone, '+33611223344'));
		expect(row).toMatchObject({ status: 'new', email: 'yanis@exemple.fr', communeName: 'Lyon', preferredTime: 'soir' });
		const out2 = await submitContactRequest(deps, { values: form({ communeCode: VILLEURBANNE, postalCode: '69100' }), ip: freshIp() });
		expect(out2.structureId).toBe(world.structures.villeurbanne.id);
	});

	it('refuses an uncovered or unknown commune with a kind message', async () => {
		const before = await countRows();
		const e = await expectDomainError(
			submitContactRequest(deps, { values: form({ communeCode: '75056' }), ip: freshIp() }),
			'contact_request.no_mission_locale'
		);
		expect(e.message).toContain('Trouver ma Mission Locale');
		await expectDomainError(submitContactRequest(deps, { values: form({ communeCode: '99999' }), ip: freshIp() }), 'contact_request.unknown_commune');
		expect(await countRows()).toBe(before);
	});

	it('stores nothing when the honeypot is filled, but answers like a success', async () => {
		const before = await countRows();
		const out = await submitContactRequest(deps, { values: form({ site_web: 'http://spam.example' }), ip: freshIp() });
		expect(out).toMatchObject({ stored: false, structureId: world.structures.lyon.id });
		expect(await countRows()).toBe(before);
	});

	it('validates: a way to be reached, a mobile number, a message of at most 1000 characters', async () => {
		const before = await countRows();
		let e = await expectDomainError(submitContactRequest(deps, { values: form({ phone: '', email: '' }), ip: freshIp() }), 'validation.invalid');
		expect(e.fields.phone).toContain('au moins un moyen');
		e = await expectDomainError(submitContactRequest(deps, { values: form({ phone: '12345' }), ip: freshIp() }), 'validation.invalid');
		expect(e.fields.phone).toContain('portable');
		e = await expectDomainError(submitContactRequest(deps, { values: form({ message: 'a'.repeat(1001) }), ip: freshIp() }), 'validation.invalid');
		expect(e.fields.message).toContain('1000');
		e = await expectDomainError(submitContactRequest(deps, { values: form({ firstName: '  ' }), ip: freshIp() }), 'validation.invalid');
		expect(e.fields.firstName).toBeTruthy();
		e = await expectDomainError(submitContactRequest(deps, { values: form({ preferredTime: 'minuit' }), ip: freshIp() }), 'validation.invalid');
		expect(e.fields.preferredTime).toBeTruthy();
		expect(await countRows()).toBe(before);
	});

	it('accepts 5 requests per hour from one connection, then refuses in French', async () => {
		const ip = freshIp();
		for (let i = 0; i < 5; i++) await submitContactRequest(deps, { values: form(), ip });
		const before = await countRows();
		const e = await expectDomainError(submitContactRequest(deps, { values: form(), ip }), 'contact_request.rate_limited');
		expect(e.message).toContain('connexion');
		expect(await countRows()).toBe(before);
		clock = new Date(clock.getTime() + 2 * 3600_000);
		await submitContactRequest(deps, { values: form(), ip });
	});

	it('accepts 3 requests per day for one phone number, then refuses', async () => {
		const phone = freshPhone();
		for (let i = 0; i < 3; i++) await submitContactRequest(deps, { values: form({ phone }), ip: freshIp() });
		const e = await expectDomainError(
			submitContactRequest(deps, { values: form({ phone: phone.replace(/ /g, '') }), ip: freshIp() }),
			'contact_request.rate_limited'
		);
		expect(e.message).toContain('ce numéro');
	});
});

describe('triage by the staff of the structure', () => {
	async function aRequest(communeCode = LYON) {
		const phone = freshPhone();
		await submitContactRequest(deps, { values: form({ communeCode, phone }), ip: freshIp() });
		const [row] = await deps.db
			.select()
			.from(contactRequests)
			.where(eq(contactRequests.phone, '+33' + phone.replace(/ /g, '').slice(1)));
		return row!;
	}

	it('shows the queue to the staff of the structure only, new first', async () => {
		const mine = await listContactRequests(deps, world.actors.counselor);
		expect(mine.length).toBeGreaterThan(0);
		expect(mine.every((r) => r.communeName === 'Lyon')).toBe(true);
		expect(mine[0]!.status).toBe('new');
		const theirs = await listContactRequests(deps, world.actors.otherCounselor);
		expect(theirs.every((r) => r.communeName === 'Villeurbanne')).toBe(true);
		for (const actor of ['youth', 'referent', 'admin', 'mentor', 'companyContact'] as const) {
			await expectDomainError(listContactRequests(deps, world.actors[actor]), 'access.forbidden');
		}
	});

	it('assigns, marks contacted and closes with a reason, each audited', async () => {
		const request = await aRequest();
		const { counselor, counselor2 } = world.actors;
		await assignContactRequest(deps, counselor, request.id, { counselorId: counselor2.userId });
		let detail = await getContactRequest(deps, counselor, request.id);
		expect(detail.request).toMatchObject({ status: 'assigned', assignedToId: counselor2.userId });
		await expectDomainError(
			assignContactRequest(deps, counselor, request.id, { counselorId: world.people.otherCounselor.id }),
			'contact_request.not_staff'
		);
		await markContactRequestContacted(deps, counselor2, request.id);
		detail = await getContactRequest(deps, counselor, request.id);
		expect(detail.request.status).toBe('contacted');
		expect(detail.request.contactedAt).not.toBeNull();
		await expectDomainError(markContactRequestContacted(deps, counselor, request.id), 'contact_request.wrong_status');
		await expectDomainError(closeContactRequest(deps, counselor, request.id, { reason: 'other', note: '' }), 'validation.invalid');
		await closeContactRequest(deps, world.actors.manager, request.id, { reason: 'unreachable', note: '' });
		detail = await getContactRequest(deps, counselor, request.id);
		expect(detail.request).toMatchObject({ status: 'closed', closeReason: 'Injoignable' });
		await expectDomainError(assignContactRequest(deps, counselor, request.id, { counselorId: counselor.userId }), 'contact_request.wrong_status');
		const audits = await deps.db.select().from(auditEvents).where(eq(auditEvents.targetId, request.id));
		expect(audits.map((a) => a.action).sort()).toEqual(
			['contact_request.assigned', 'contact_request.closed', 'contact_request.contacted', 'contact_request.received'].sort()
		);
	});

	it('refuses other structures (not found) and other roles (forbidden), changing nothing', async () => {
		const request = await aRequest();
		for (const actor of [world.actors.otherCounselor, world.actors.otherManager, world.actors.farCounselor]) {
			await expectDomainError(getContactRequest(deps, actor, request.id), 'contact_request.not_found');
			await expectDomainError(markContactRequestContacted(deps, actor, request.id), 'contact_request.not_found');
			await expectDomainError(convertContactRequest(deps, actor, request.id), 'contact_request.not_found');
			await expectDomainError(closeContactRequest(deps, actor, request.id, { reason: 'duplicate' }), 'contact_request.not_found');
		}
		for (const key of ['youth', 'referent', 'admin', 'mentor', 'companyContact'] as const) {
			await expectDomainError(markContactRequestContacted(deps, world.actors[key], request.id), 'access.forbidden');
			await expectDomainError(assignContactRequest(deps, world.actors[key], request.id, { counselorId: world.people.counselor.id }), 'access.forbidden');
		}
		await expectDomainError(getContactRequest(deps, world.actors.counselor, 'not-a-uuid'), 'contact_request.not_found');
		const [row] = await deps.db.select().from(contactRequests).where(eq(contactRequests.id, request.id));
		expect(row!.status).toBe('new');
	});

	it('converts into an activation code for that person in the structure', async () => {
		const request = await aRequest();
		const created = await convertContactRequest(deps, world.actors.counselor2, request.id);
		expect(created.code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/);
		const [code] = await deps.db.select().from(activationCodes).where(eq(activationCodes.id, created.id));
		expect(code).toMatchObject({ structureId: world.structures.lyon.id, counselorId: world.people.counselor2.id, youthFirstName: 'Yanis' });
		const detail = await getContactRequest(deps, world.actors.counselor, request.id);
		expect(detail.request).toMatchObject({ status: 'converted', activationCodeId: created.id });
		await expectDomainError(convertContactRequest(deps, world.actors.counselor, request.id), 'contact_request.wrong_status');
	});
});

describe('purge', () => {
	it('deletes requests untouched for a year, keeps recent ones', async () => {
		const recent = await submitContactRequest(deps, { values: form(), ip: freshIp() });
		expect(recent.stored).toBe(true);
		const before = await countRows();
		expect(before).toBeGreaterThan(1);
		await purgeExpired(deps.db, new Date(clock.getTime() + 364 * 24 * 3600_000));
		expect(await countRows()).toBe(before);
		await purgeExpired(deps.db, new Date(clock.getTime() + 400 * 24 * 3600_000));
		expect(await countRows()).toBe(0);
	});
});
