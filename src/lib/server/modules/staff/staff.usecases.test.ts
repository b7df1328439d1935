import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '../../app';
import { createTestDatabase } from '../../db/test-database';
import type { DatabaseHandle } from '../../db/client';
import type { Actor } from '../../platform/access';
import { readConfig } from '../../platform/config/config';
import { outboxMessages } from '../../platform/mail';
import { createProfessionalAccount, findAccountByEmail } from '../accounts';
import { verifyPassword } from '../authentication';
import { passwordCredentials } from '../authentication/authentication.schema';
import { aNetwork, aSite, aStructure } from '../structures/structures.fixtures';
import { listPendingInvitations, listStaff } from './staff.queries';
import { acceptInvitation, findUsableInvitation, inviteStaff, revokeInvitation } from './staff.usecases';
import { failure } from '../../testing/errors';

const PASSWORD = 'une longue phrase pour travailler';

describe('staff invitations', () => {
	let handle: DatabaseHandle;
	let deps: Deps;
	let clock = new Date('2026-03-02T09:00:00Z');
	let rhoneId: string;
	let lyonId: string;
	let villeurbanneId: string;
	let sartheNordId: string;
	let manager: Actor;
	let referent: Actor;
	let counselor: Actor;
	let admin: Actor;

	beforeAll(async () => {
		handle = await createTestDatabase();
		deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0', ORIGIN: 'https://tremplin.exemple' }), now: () => clock });
		const rhone = await aNetwork(handle.db);
		const pdl = await aNetwork(handle.db, { kind: 'regional' });
		rhoneId = rhone.id;
		lyonId = (await aStructure(handle.db, { networkId: rhone.id, name: 'Mission Locale de Lyon' })).id;
		villeurbanneId = (await aStructure(handle.db, { networkId: rhone.id, name: 'Mission Locale de Villeurbanne' })).id;
		sartheNordId = (await aStructure(handle.db, { networkId: pdl.id, name: 'Mission Locale Sarthe Nord' })).id;
		const pro = async (role: 'structure_manager' | 'network_referent' | 'counselor' | 'platform_admin', email: string, where: { structureId?: string; networkId?: string }) => {
			const { id } = await createProfessionalAccount(handle.db, { role, email, firstName: 'Test', lastName: role, ...where });
			return { userId: id, role, structureId: where.structureId ?? null, networkId: where.networkId ?? rhone.id, companyId: null } as Actor;
		};
		manager = await pro('structure_manager', 'direction@lyon.test', { structureId: lyonId });
		counselor = await pro('counselor', 'conseil@lyon.test', { structureId: lyonId });
		referent = await pro('network_referent', 'reseau@rhone.test', { networkId: rhone.id });
		admin = { ...(await pro('platform_admin', 'admin@tremplin.test', {})), networkId: null };
	}, 120_000);
	afterAll(() => handle.close());

	it('lets a manager invite a counselor to a site of their structure; the e-mail carries a single-use link', async () => {
		const site = await aSite(handle.db, { structureId: lyonId });
		const { token } = await inviteStaff(deps, manager, {
			email: 'Nouvelle.Conseillere@Exemple.test',
			firstName: 'Awa',
			role: 'counselor',
			structureId: lyonId,
			siteId: site.id
		});
		const [mail] = await handle.db.select().from(outboxMessages).orderBy(desc(outboxMessages.createdAt)).limit(1);
		expect(mail).toMatchObject({ recipient: 'nouvelle.conseillere@exemple.test', channel: 'email' });
		expect(mail!.subject).toContain('Mission Locale de Lyon');
		expect(mail!.text).toContain('rejoindre la Mission Locale de Lyon');
		expect(mail!.text).toContain(`https://tremplin.exemple/invitation/${token}`);
		const pending = await listPendingInvitations(handle.db, manager, lyonId, clock);
		expect(pending.map((p) => p.email)).toContain('nouvelle.conseillere@exemple.test');
	});

	it('accepts the invitation: account in the right structure and site, password stored hashed, session opened', async () => {
		const { token } = await inviteStaff(deps, manager, { email: 'karima@exemple.test', firstName: 'Karima', role: 'counselor', structureId: lyonId });
		const signedIn = await acceptInvitation(deps, token, { firstName: 'Karima', lastName: 'Saïdi', password: PASSWORD });
		expect(signedIn.role).toBe('counselor');
		const account = await findAccountByEmail(handle.db, 'karima@exemple.test');
		expect(account).toMatchObject({ role: 'counselor', structureId: lyonId, lastName: 'Saïdi' });
		const [credential] = await handle.db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, account!.id));
		expect(credential!.hash).not.toContain(PASSWORD);
		expect(await verifyPassword(PASSWORD, credential!.hash)).toBe(true);
		const session = await deps.sessions.validate(signedIn.token);
		expect(session?.actor.userId).toBe(account!.id);
		expect(session?.session.method).toBe('invitation');

		const reused = await failure(acceptInvitation(deps, token, { firstName: 'X', lastName: 'Y', password: PASSWORD }));
		expect(reused.code).toBe('staff.invitation_used');
	});

	it('refuses a weak password next to the field, and the invitation stays usable', async () => {
		const { token } = await inviteStaff(deps, manager, { email: 'faible@exemple.test', firstName: 'Jo', role: 'counselor', structureId: lyonId });
		const weak = await failure(acceptInvitation(deps, token, { firstName: 'Jo', lastName: 'Lam', password: 'azerty123' }));
		expect(weak.fields.password).toBeTruthy();
		expect((await findUsableInvitation(deps, token)).email).toBe('faible@exemple.test');
	});

	it('refuses an expired link after 7 days', async () => {
		const { token } = await inviteStaff(deps, manager, { email: 'tard@exemple.test', firstName: 'Tom', role: 'counselor', structureId: lyonId });
		const saved = clock;
		clock = new Date(saved.getTime() + 7 * 24 * 3600 * 1000 + 1000);
		try {
			const error = await failure(acceptInvitation(deps, token, { firstName: 'Tom', lastName: 'Lent', password: PASSWORD }));
			expect(error.code).toBe('staff.invitation_expired');
		} finally {
			clock = saved;
		}
	});

	it('refuses a revoked invitation, and an unknown link', async () => {
		const { id, token } = await inviteStaff(deps, manager, { email: 'annule@exemple.test', firstName: 'Ana', role: 'counselor', structureId: lyonId });
		await revokeInvitation(deps, manager, id);
		expect((await failure(acceptInvitation(deps, token, { firstName: 'Ana', lastName: 'B', password: PASSWORD }))).code).toBe('staff.invitation_revoked');
		expect((await failure(findUsableInvitation(deps, 'inconnu'))).code).toBe('staff.invitation_not_found');
		expect((await failure(revokeInvitation(deps, manager, id))).code).toBe('staff.invitation_not_pending');
	});

	it('says clearly when the e-mail already has an account or a pending invitation', async () => {
		const taken = await failure(inviteStaff(deps, manager, { email: 'conseil@lyon.test', firstName: 'A', role: 'counselor', structureId: lyonId }));
		expect(taken.code).toBe('staff.email_taken');
		expect(taken.fields.email).toMatch(/existe déjà/);
		await inviteStaff(deps, manager, { email: 'deux@exemple.test', firstName: 'A', role: 'counselor', structureId: lyonId });
		const twice = await failure(inviteStaff(deps, manager, { email: 'deux@exemple.test', firstName: 'A', role: 'counselor', structureId: lyonId }));
		expect(twice.code).toBe('staff.already_invited');
	});

	it('refuses to accept when an account was created with the address in the meantime', async () => {
		const { token } = await inviteStaff(deps, manager, { email: 'course@exemple.test', firstName: 'Lou', role: 'counselor', structureId: lyonId });
		await createProfessionalAccount(handle.db, { role: 'counselor', email: 'course@exemple.test', firstName: 'Lou', lastName: 'Avant', structureId: lyonId });
		expect((await failure(acceptInvitation(deps, token, { firstName: 'Lou', lastName: 'Après', password: PASSWORD }))).code).toBe('staff.email_taken');
	});

	it('keeps each inviter to their scope and roles', async () => {
		const kinds = async (actor: Actor, input: Parameters<typeof inviteStaff>[2]) => (await failure(inviteStaff(deps, actor, input))).kind;
		// A manager of Lyon cannot invite into Villeurbanne, nor invite a network referent.
		expect(await kinds(manager, { email: 'a@exemple.test', firstName: 'A', role: 'counselor', structureId: villeurbanneId })).toBe('forbidden');
		expect(await kinds(manager, { email: 'a@exemple.test', firstName: 'A', role: 'network_referent', networkId: rhoneId })).toBe('forbidden');
		// A counselor cannot invite anyone.
		expect(await kinds(counselor, { email: 'a@exemple.test', firstName: 'A', role: 'counselor', structureId: lyonId })).toBe('forbidden');
		// The Rhône referent invites a manager of Villeurbanne, not of Sarthe Nord, and not a counselor.
		await inviteStaff(deps, referent, { email: 'dir-vbn@exemple.test', firstName: 'B', role: 'structure_manager', structureId: villeurbanneId });
		expect(await kinds(referent, { email: 'b@exemple.test', firstName: 'B', role: 'structure_manager', structureId: sartheNordId })).toBe('forbidden');
		expect(await kinds(referent, { email: 'b@exemple.test', firstName: 'B', role: 'counselor', structureId: villeurbanneId })).toBe('forbidden');
		// The referent invites another referent of the network; the admin anyone.
		const { token } = await inviteStaff(deps, referent, { email: 'ref2@exemple.test', firstName: 'C', role: 'network_referent' });
		const signedIn = await acceptInvitation(deps, token, { firstName: 'Chloé', lastName: 'Roche', password: PASSWORD });
		expect((await findAccountByEmail(handle.db, 'ref2@exemple.test'))?.networkId).toBe(rhoneId);
		expect(signedIn.role).toBe('network_referent');
		await inviteStaff(deps, admin, { email: 'dir-sarthe@exemple.test', firstName: 'D', role: 'structure_manager', structureId: sartheNordId });
		// A site of another structure is refused.
		const otherSite = await aSite(handle.db, { structureId: villeurbanneId, postalCode: '69100', communeCode: '69266', city: 'Villeurbanne' });
		expect(await kinds(manager, { email: 'e@exemple.test', firstName: 'E', role: 'counselor', structureId: lyonId, siteId: otherSite.id })).toBe('invalid');
	});

	it('lists the staff of a structure for its counselors and managers, not for another structure', async () => {
		const names = (await listStaff(handle.db, counselor, lyonId)).map((s) => s.email);
		expect(names).toEqual(expect.arrayContaining(['conseil@lyon.test', 'direction@lyon.test', 'karima@exemple.test']));
		expect((await failure(listStaff(handle.db, counselor, villeurbanneId))).kind).toBe('forbidden');
		expect((await failure(listPendingInvitations(handle.db, counselor, lyonId, clock))).kind).toBe('forbidden');
		expect((await failure(revokeInvitation(deps, referent, '00000000-0000-4000-8000-000000000000'))).kind).toBe('not_found');
	});
});
