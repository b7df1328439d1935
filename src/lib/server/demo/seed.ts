import { createHash } from 'node:crypto';
import { addDays, parisDay } from '$lib/appointments/time';
import { eq } from 'drizzle-orm';
import type { Deps } from '../app';
import type { Actor } from '../platform/access';
import { auditEvents } from '../platform/audit/audit.schema';
import { recordAudit } from '../platform/audit';
import { isDomainError } from '../platform/errors/errors';
import {
	changeReferent,
	createProfessionalAccount,
	createYouthAccount,
	findAccountByEmail,
	findAccountById,
	type NewProfessional
} from '../modules/accounts';
import { hashPassword, setPasswordHash } from '../modules/authentication';
import { findCommuneByName } from '../modules/structures';
import { inviteStaff } from '../modules/staff';
// The seed is a privileged loader: it writes the reference tables directly.
import { youthProfiles } from '../modules/accounts/accounts.schema';
import { companies, networks, sites, structureClosures, structureCommunes, structures } from '../modules/structures/structures.schema';
import { DEMO_COMPANIES, DEMO_NETWORKS, LYON_YOUTH, VILLEURBANNE_YOUTH, type DemoYouth } from './demo.data';
import { seedLearning } from './demo.learning';
import { seedAppointments } from './demo.appointments';
import { seedFollowUp } from './demo.follow-up';
import { seedWorkshops } from './demo.workshops';
import { seedSoftSkills } from './demo.soft-skills';

export const DEMO_PASSWORD = 'tremplin-demo';
/** Bump when the demo content changes: a database seeded with an older version is completed. */
const SEED_VERSION = 4;
const SEED_LOCK = 0x7e3d_0001;

/** A stable UUID for a demo row, so that re-running the seed finds the same rows (UUID v5-like). */
export function demoId(key: string): string {
	const h = createHash('sha256').update(`tremplin-demo:${key}`).digest('hex');
	const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const demoStructureId = (slug: string) => demoId(`structure:${slug}`);
export const demoNetworkId = (slug: string) => demoId(`network:${slug}`);
const MARKER_ID = demoId(`seed-marker:v${SEED_VERSION}`);

/** The demo accounts (a contract: outside checks sign in with them). */
export const DEMO_ACCOUNTS = [
	{ email: 'jeune@tremplin.test', role: 'youth', structure: 'ml-lyon' },
	{ email: 'conseiller@tremplin.test', role: 'counselor', structure: 'ml-lyon' },
	{ email: 'direction@tremplin.test', role: 'structure_manager', structure: 'ml-lyon' },
	{ email: 'reseau@tremplin.test', role: 'network_referent', network: 'missions-locales-du-rhone' },
	{ email: 'conseiller2@tremplin.test', role: 'counselor', structure: 'ml-villeurbanne' },
	{ email: 'jeune2@tremplin.test', role: 'youth', structure: 'ml-villeurbanne' },
	{ email: 'mentor@tremplin.test', role: 'mentor', company: 'company-1' },
	{ email: 'entreprise@tremplin.test', role: 'company_contact', company: 'company-1' },
	{ email: 'admin@tremplin.test', role: 'platform_admin' },
	{ email: 'jeune3@tremplin.test', role: 'youth', structure: 'ml-sarthe-nord' }
] as const;

/**
 * Loads the demo data. Idempotent: rows have stable ids or natural keys and are inserted with
 * "on conflict do nothing"; a marker row makes the second start return at once.
 */
export async function seedDemo(deps: Deps): Promise<{ skipped: boolean }> {
	const { db } = deps;
	const done = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, MARKER_ID)).limit(1);
	if (done.length > 0) return { skipped: true };
	return deps.database.withAdvisoryLock(SEED_LOCK, async () => {
		// Another process may have finished while we waited for the lock.
		const again = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, MARKER_ID)).limit(1);
		if (again.length > 0) return { skipped: true };
		const started = performance.now();
		await seed(deps);
		deps.logger.info({ ms: Math.round(performance.now() - started) }, 'demo data loaded');
		return { skipped: false };
	});
}

async function seed(deps: Deps): Promise<void> {
	const { db } = deps;
	const now = deps.now();
	const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000);

	// ——— Networks, structures, sites, coverage ———
	for (const network of DEMO_NETWORKS) {
		const networkId = demoNetworkId(network.slug);
		await db
			.insert(networks)
			.values({
				id: networkId,
				slug: network.slug,
				name: network.name,
				kind: network.kind,
				regionCode: network.regionCode,
				departmentCode: network.departmentCode
			})
			.onConflictDoNothing();
		for (const s of network.structures) {
			const structureId = demoStructureId(s.slug);
			await db
				.insert(structures)
				.values({
					id: structureId,
					networkId,
					slug: s.slug,
					name: s.name,
					departmentCode: s.department,
					phone: s.phone,
					email: s.email,
					website: s.website
				})
				.onConflictDoNothing();
			await db
				.insert(sites)
				.values(
					s.sites.map((site) => {
						const commune = resolve(site.commune, s.department);
						return {
							id: demoId(`site:${s.slug}:${site.key}`),
							structureId,
							name: site.name,
							addressLine: site.address,
							postalCode: site.postalCode,
							communeCode: commune.code,
							city: commune.name,
							phone: site.phone,
							openingHours: site.hours
						};
					})
				)
				.onConflictDoNothing();
			await db
				.insert(structureCommunes)
				.values(s.communes.map((name) => ({ communeCode: resolve(name, s.department).code, structureId })))
				.onConflictDoNothing();
		}
	}
	const rhone = demoNetworkId('missions-locales-du-rhone');
	const lyon = demoStructureId('ml-lyon');
	const villeurbanne = demoStructureId('ml-villeurbanne');
	// An exceptional closure of Lyon on a working day about ten days ahead: « Réglages » lists it,
	// Lyon's youth see it announced on their home (two weeks ahead).
	let closedDay = parisDay(new Date(now.getTime() + 10 * 24 * 3600 * 1000));
	while ([0, 6].includes(new Date(`${closedDay}T12:00:00Z`).getUTCDay())) closedDay = addDays(closedDay, 1);
	await db
		.insert(structureClosures)
		.values({
			id: demoId('closure:ml-lyon:formation'),
			structureId: lyon,
			startsOn: closedDay,
			endsOn: closedDay,
			reason: 'Formation de toute l’équipe'
		})
		.onConflictDoNothing();

	for (const company of DEMO_COMPANIES) {
		await db
			.insert(companies)
			.values({ id: demoId(`company:${company.key}`), name: company.name, networkId: rhone })
			.onConflictDoNothing();
	}
	const company1 = demoId('company:company-1');

	// ——— Accounts ———
	let hash: string | null = null;
	const passwordHash = async () => (hash ??= await hashPassword(DEMO_PASSWORD));

	async function professional(input: NewProfessional): Promise<string> {
		const existing = await findAccountByEmail(db, input.email);
		if (existing) return existing.id;
		const { id } = await createProfessionalAccount(db, input);
		await setPasswordHash(db, id, await passwordHash());
		return id;
	}

	const counselor = await professional({ role: 'counselor', email: 'conseiller@tremplin.test', firstName: 'Julien', lastName: 'Moreau', structureId: lyon, siteId: demoId('site:ml-lyon:lyon-7') });
	const manager = await professional({ role: 'structure_manager', email: 'direction@tremplin.test', firstName: 'Hélène', lastName: 'Garnier', structureId: lyon });
	const referent = await professional({ role: 'network_referent', email: 'reseau@tremplin.test', firstName: 'Coralie', lastName: 'Vidal', networkId: rhone });
	const counselor2 = await professional({ role: 'counselor', email: 'conseiller2@tremplin.test', firstName: 'Amadou', lastName: 'Keita', structureId: villeurbanne, siteId: demoId('site:ml-villeurbanne:villeurbanne-centre') });
	await professional({ role: 'mentor', email: 'mentor@tremplin.test', firstName: 'Marc', lastName: 'Lefort', companyId: company1 });
	await professional({ role: 'company_contact', email: 'entreprise@tremplin.test', firstName: 'Isabelle', lastName: 'Fournier', companyId: company1 });
	const admin = await professional({ role: 'platform_admin', email: 'admin@tremplin.test', firstName: 'Morgane', lastName: 'Lucas' });

	// More staff, so that lists are not empty.
	const nadia = await professional({ role: 'counselor', email: 'nadia.cherif@ml-lyon.tremplin.test', firstName: 'Nadia', lastName: 'Chérif', structureId: lyon, siteId: demoId('site:ml-lyon:lyon-8') });
	const paul = await professional({ role: 'counselor', email: 'paul.girard@ml-lyon.tremplin.test', firstName: 'Paul', lastName: 'Girard', structureId: lyon, siteId: demoId('site:ml-lyon:lyon-9') });
	const lina = await professional({ role: 'counselor', email: 'lina.petit@ml-villeurbanne.tremplin.test', firstName: 'Lina', lastName: 'Petit', structureId: villeurbanne });
	await professional({ role: 'structure_manager', email: 'claire.morel@ml-villeurbanne.tremplin.test', firstName: 'Claire', lastName: 'Morel', structureId: villeurbanne });
	await professional({ role: 'counselor', email: 'sophie.meunier@ml-vaulx.tremplin.test', firstName: 'Sophie', lastName: 'Meunier', structureId: demoStructureId('ml-vaulx-en-velin') });

	// Youth. The two contract accounts first, then the others spread over the counselors.
	async function youth(key: string, input: Omit<Parameters<typeof createYouthAccount>[1], 'id'>, activityDaysAgo: number | null) {
		const id = demoId(`youth:${key}`);
		if (await findAccountById(db, id)) return { id, created: false };
		await createYouthAccount(db, { ...input, id, followedSince: daysAgo(Math.max(activityDaysAgo ?? 0, 7) + 30) });
		await db
			.update(youthProfiles)
			.set({ lastActivityAt: activityDaysAgo === null ? null : daysAgo(activityDaysAgo) })
			.where(eq(youthProfiles.userId, id));
		return { id, created: true };
	}

	const karim = await youth('jeune', { structureId: lyon, referentId: counselor, firstName: 'Karim', lastName: 'Mansour', email: 'jeune@tremplin.test', birthDate: '2003-05-12', communeCode: '69123' }, 0);
	if (karim.created) await setPasswordHash(db, karim.id, await passwordHash());
	const lea = await youth('jeune2', { structureId: villeurbanne, referentId: counselor2, firstName: 'Léa', lastName: 'Girard', email: 'jeune2@tremplin.test', birthDate: '2005-10-03', communeCode: '69266' }, 2);
	if (lea.created) await setPasswordHash(db, lea.id, await passwordHash());

	// A youth of another network (Pays de la Loire), with her counselor: what Lyon shares stays in Lyon.
	const sarthe = demoStructureId('ml-sarthe-nord');
	const camille = await professional({ role: 'counselor', email: 'camille.robert@ml-sarthenord.tremplin.test', firstName: 'Camille', lastName: 'Robert', structureId: sarthe });
	const jade = await youth('jeune3', { structureId: sarthe, referentId: camille, firstName: 'Jade', lastName: 'Lemoine', email: 'jeune3@tremplin.test', birthDate: '2004-02-21', communeCode: resolve('Mamers', '72').code }, 3);
	if (jade.created) await setPasswordHash(db, jade.id, await passwordHash());

	const spread = async (list: DemoYouth[], structureId: string, referents: string[], department = '69') => {
		const ids: string[] = [];
		for (const [i, y] of list.entries()) {
			const { id } = await youth(
				y.key,
				{
					structureId,
					referentId: referents[i % referents.length]!,
					firstName: y.firstName,
					lastName: y.lastName,
					email: y.email ?? null,
					phone: y.phone ?? null,
					birthDate: y.birthDate,
					communeCode: resolve(y.commune, department).code
				},
				y.lastActivityDaysAgo
			);
			ids.push(id);
		}
		return ids;
	};
	const lyonYouth = await spread(LYON_YOUTH, lyon, [counselor, nadia, paul]);
	await spread(VILLEURBANNE_YOUTH, villeurbanne, [counselor2, lina]);

	// One youth changed referent: Yasmine (lyon-5, first followed by Nadia) now followed by Julien.
	const managerActor: Actor = { userId: manager, role: 'structure_manager', structureId: lyon, networkId: rhone, companyId: null };
	const yasmine = lyonYouth[4]!;
	const [yasmineProfile] = await db.select({ referentId: youthProfiles.referentId }).from(youthProfiles).where(eq(youthProfiles.userId, yasmine));
	if (yasmineProfile?.referentId === nadia) {
		await changeReferent(deps, managerActor, {
			youthId: yasmine,
			counselorId: counselor,
			reason: 'Déménagement dans le 7e arrondissement, plus près du site de la Guillotière.'
		});
	}

	// ——— Pending invitations (their e-mails land in the outbox) ———
	const referentActor: Actor = { userId: referent, role: 'network_referent', structureId: null, networkId: rhone, companyId: null };
	const adminActor: Actor = { userId: admin, role: 'platform_admin', structureId: null, networkId: null, companyId: null };
	const invitations: [Actor, Parameters<typeof inviteStaff>[2]][] = [
		[managerActor, { email: 'pauline.mercier@ml-lyon.tremplin.test', firstName: 'Pauline', lastName: 'Mercier', role: 'counselor', structureId: lyon, siteId: demoId('site:ml-lyon:lyon-9') }],
		[referentActor, { email: 'direction@ml-vaulx.tremplin.test', firstName: 'Olivier', lastName: 'Blanc', role: 'structure_manager', structureId: demoStructureId('ml-vaulx-en-velin') }],
		[adminActor, { email: 'referente@urml-pdl.tremplin.test', firstName: 'Anne', lastName: 'Le Goff', role: 'network_referent', networkId: demoNetworkId('union-regionale-pays-de-la-loire') }]
	];
	for (const [actor, input] of invitations) {
		try {
			await inviteStaff(deps, actor, { ...input, origin: deps.config.publicUrl ?? 'http://localhost:3000' });
		} catch (error) {
			// Already invited or already a member: nothing to do.
			if (!isDomainError(error) || error.kind !== 'conflict') throw error;
		}
	}

	// ——— Parcours: a module written in Lyon, and Karim's progress ———
	await seedLearning(deps, {
		counselor: { userId: counselor, role: 'counselor', structureId: lyon, networkId: rhone, companyId: null },
		youth: { userId: karim.id, role: 'youth', structureId: lyon, networkId: rhone, companyId: null },
		demoId,
		daysAgo
	});

	// ——— Follow-up: last contacts, Karim's journal and pathway plan ———
	await seedFollowUp(deps, { lyon, counselor, nadia, karim: karim.id, lyonYouth, demoId, daysAgo });

	// ——— Appointments: the Lyon counselor's free slots, Karim's next and past appointments ———
	await seedAppointments(deps, { lyon, counselor, karim: karim.id, siteId: demoId('site:ml-lyon:lyon-7'), demoId });

	// ——— Qualities: Karim's experience, three qualities, one confirmed by his counselor ———
	await seedSoftSkills(deps, {
		karim: { userId: karim.id, role: 'youth', structureId: lyon, networkId: rhone, companyId: null },
		counselor: { userId: counselor, role: 'counselor', structureId: lyon, networkId: rhone, companyId: null }
	});

	// ——— Workshops: « Les codes de l'entretien » planned with Karim invited, and one finished session ———
	await seedWorkshops(deps, {
		lyon,
		counselor: { userId: counselor, role: 'counselor', structureId: lyon, networkId: rhone, companyId: null },
		karim: karim.id,
		otherYouth: lyonYouth[0]!,
		siteId: demoId('site:ml-lyon:lyon-7'),
		demoId,
		sarthe: {
			counselor: { userId: camille, role: 'counselor', structureId: sarthe, networkId: demoNetworkId('union-regionale-pays-de-la-loire'), companyId: null },
			siteId: demoId('site:ml-sarthe-nord:mamers')
		}
	});

	// ——— A few journal entries ———
	await recordAudit(db, { actorId: manager, action: 'structure.updated', targetType: 'structure', targetId: lyon, structureId: lyon, details: { fields: ['phone'] } });
	await recordAudit(db, { actorId: referent, action: 'coverage.imported', targetType: 'structure', targetId: lyon, structureId: lyon, details: { communes: 1, replace: false } });

	await db
		.insert(auditEvents)
		.values({ id: MARKER_ID, actorId: null, action: 'demo.seeded', details: { version: SEED_VERSION } })
		.onConflictDoNothing();
}

function resolve(name: string, department: string) {
	const commune = findCommuneByName(name, department);
	if (!commune) throw new Error(`demo seed: commune not found: ${name} (${department})`);
	return commune;
}
