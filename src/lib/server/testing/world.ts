import type { Database } from '../db/client';
import { companies, networks, sites, structures } from '../modules/structures/structures.schema';
import { users, type Role } from '../modules/accounts/accounts.schema';
import { createYouthAccount } from '../modules/accounts/accounts.identity';
import type { Actor } from '../platform/access';

/**
 * Test fixtures: a small world with two networks, three Missions Locales and one person of every
 * role. Builders are functions; every call creates new rows with unique slugs and e-mails.
 */
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function aNetwork(db: Database, overrides: Partial<typeof networks.$inferInsert> = {}) {
	const u = unique();
	const [row] = await db
		.insert(networks)
		.values({ slug: `reseau-${u}`, name: `Réseau ${u}`, kind: 'departmental', ...overrides })
		.returning();
	return row!;
}

export async function aStructure(db: Database, networkId: string, overrides: Partial<typeof structures.$inferInsert> = {}) {
	const u = unique();
	const [row] = await db
		.insert(structures)
		.values({ networkId, slug: `ml-${u}`, name: `Mission Locale ${u}`, ...overrides })
		.returning();
	return row!;
}

export async function aSite(db: Database, structureId: string, overrides: Partial<typeof sites.$inferInsert> = {}) {
	const [row] = await db
		.insert(sites)
		.values({
			structureId,
			name: 'Accueil principal',
			addressLine: '1 rue de la République',
			postalCode: '69001',
			communeCode: '69381',
			city: 'Lyon',
			openingHours: [{ day: 1, opens: '09:00', closes: '12:30' }],
			...overrides
		})
		.returning();
	return row!;
}

export async function aCompany(db: Database, networkId: string | null = null) {
	const [row] = await db.insert(companies).values({ name: `Entreprise ${unique()}`, networkId }).returning();
	return row!;
}

export async function aProfessional(
	db: Database,
	role: Exclude<Role, 'youth'>,
	scope: { structureId?: string; networkId?: string; companyId?: string } = {},
	overrides: Partial<typeof users.$inferInsert> = {}
) {
	const [row] = await db
		.insert(users)
		.values({
			role,
			email: `${role}-${unique()}@exemple.test`,
			firstName: 'Camille',
			lastName: 'Martin',
			structureId: scope.structureId ?? null,
			networkId: scope.networkId ?? null,
			companyId: scope.companyId ?? null,
			...overrides
		})
		.returning();
	return row!;
}

export async function aYouth(
	db: Database,
	structureId: string,
	referentId: string,
	overrides: { firstName?: string; lastName?: string; email?: string | null; phone?: string | null } = {}
) {
	const { id } = await createYouthAccount(db, {
		structureId,
		referentId,
		firstName: overrides.firstName ?? 'Inès',
		lastName: overrides.lastName ?? 'Benali',
		email: overrides.email === undefined ? `jeune-${unique()}@exemple.test` : overrides.email,
		phone: overrides.phone ?? null
	});
	return { id, structureId, referentId };
}

/** The actor as the session hook would build it. */
export function actorOf(
	user: { id: string; role: Role; structureId: string | null; networkId: string | null; companyId: string | null },
	structureNetworkId: string | null = null
): Actor {
	return {
		userId: user.id,
		role: user.role,
		structureId: user.structureId,
		networkId: user.networkId ?? structureNetworkId,
		companyId: user.companyId
	};
}

/**
 * Two networks; Lyon and Villeurbanne in the first, Sarthe Nord in the second; every role in Lyon
 * or its network, plus counterparts elsewhere for cross-structure and cross-network attempts.
 */
export async function aWorld(db: Database) {
	const rhone = await aNetwork(db, { name: 'Missions Locales du Rhône' });
	const pdl = await aNetwork(db, { name: 'Missions Locales des Pays de la Loire', kind: 'regional' });
	const lyon = await aStructure(db, rhone.id, { name: 'Mission Locale de Lyon' });
	const villeurbanne = await aStructure(db, rhone.id, { name: 'Mission Locale de Villeurbanne' });
	const sarthe = await aStructure(db, pdl.id, { name: 'Mission Locale Sarthe Nord' });
	const company = await aCompany(db, rhone.id);

	const counselor = await aProfessional(db, 'counselor', { structureId: lyon.id });
	const counselor2 = await aProfessional(db, 'counselor', { structureId: lyon.id }, { firstName: 'Sophie' });
	const manager = await aProfessional(db, 'structure_manager', { structureId: lyon.id });
	const referent = await aProfessional(db, 'network_referent', { networkId: rhone.id });
	const mentor = await aProfessional(db, 'mentor', { companyId: company.id });
	const companyContact = await aProfessional(db, 'company_contact', { companyId: company.id });
	const admin = await aProfessional(db, 'platform_admin');

	const otherCounselor = await aProfessional(db, 'counselor', { structureId: villeurbanne.id });
	const otherManager = await aProfessional(db, 'structure_manager', { structureId: villeurbanne.id });
	const farCounselor = await aProfessional(db, 'counselor', { structureId: sarthe.id });
	const farManager = await aProfessional(db, 'structure_manager', { structureId: sarthe.id });
	const farReferent = await aProfessional(db, 'network_referent', { networkId: pdl.id });

	const youth = await aYouth(db, lyon.id, counselor.id, { firstName: 'Karim', lastName: 'Haddad' });
	const youthOfColleague = await aYouth(db, lyon.id, counselor2.id, { firstName: 'Inès', lastName: 'Moreau' });
	const otherYouth = await aYouth(db, villeurbanne.id, otherCounselor.id, { firstName: 'Léa', lastName: 'Nguyen' });
	const farYouth = await aYouth(db, sarthe.id, farCounselor.id, { firstName: 'Tom', lastName: 'Leroy' });

	const youthUser = { id: youth.id, role: 'youth' as const, structureId: lyon.id, networkId: null, companyId: null };
	return {
		networks: { rhone, pdl },
		structures: { lyon, villeurbanne, sarthe },
		company,
		people: {
			counselor,
			counselor2,
			manager,
			referent,
			mentor,
			companyContact,
			admin,
			otherCounselor,
			otherManager,
			farCounselor,
			farManager,
			farReferent
		},
		youths: { youth, youthOfColleague, otherYouth, farYouth },
		actors: {
			youth: actorOf(youthUser, rhone.id),
			counselor: actorOf(counselor, rhone.id),
			counselor2: actorOf(counselor2, rhone.id),
			manager: actorOf(manager, rhone.id),
			referent: actorOf(referent),
			mentor: actorOf(mentor),
			companyContact: actorOf(companyContact),
			admin: actorOf(admin),
			otherCounselor: actorOf(otherCounselor, rhone.id),
			otherManager: actorOf(otherManager, rhone.id),
			farCounselor: actorOf(farCounselor, pdl.id),
			farManager: actorOf(farManager, pdl.id),
			farReferent: actorOf(farReferent)
		}
	};
}
export type World = Awaited<ReturnType<typeof aWorld>>;
