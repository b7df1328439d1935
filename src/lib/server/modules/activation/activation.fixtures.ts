import { randomBytes } from 'node:crypto';
import type { Database } from '$lib/server/db/client';
import { createProfessionalAccount, createYouthAccount, type Role } from '$lib/server/modules/accounts';
import { networks, structures } from '$lib/server/modules/structures/structures.schema';
import type { Actor } from '$lib/server/platform/access';

/** Test builders: a network with one Mission Locale, and people in it. */

const suffix = () => randomBytes(4).toString('hex');

export async function givenStructure(db: Database, name = 'Mission Locale de Test') {
	const [network] = await db
		.insert(networks)
		.values({ slug: `reseau-${suffix()}`, name: 'Réseau de test', kind: 'departmental' })
		.returning();
	const [structure] = await db
		.insert(structures)
		.values({ networkId: network!.id, slug: `ml-${suffix()}`, name })
		.returning();
	return { networkId: network!.id, structureId: structure!.id };
}

export async function givenProfessional(
	db: Database,
	place: { structureId: string; networkId: string },
	role: Extract<Role, 'counselor' | 'structure_manager'> = 'counselor',
	firstName = 'Sophie'
): Promise<Actor> {
	const { id } = await createProfessionalAccount(db, {
		role,
		email: `${role}-${suffix()}@tremplin.test`,
		firstName,
		lastName: 'Martin',
		structureId: place.structureId
	});
	return { userId: id, role, structureId: place.structureId, networkId: place.networkId, companyId: null };
}

export async function givenYouth(db: Database, place: { structureId: string; networkId: string }, referentId: string): Promise<Actor> {
	const { id } = await createYouthAccount(db, { structureId: place.structureId, referentId, firstName: 'Karim' });
	return { userId: id, role: 'youth', structureId: place.structureId, networkId: place.networkId, companyId: null };
}

/** Form values of the activation step, with overrides. */
export function anActivation(overrides: Record<string, string> = {}): Record<string, string> {
	return { code: '', firstName: 'Inès', contact: '', conditions: 'oui', ...overrides };
}
