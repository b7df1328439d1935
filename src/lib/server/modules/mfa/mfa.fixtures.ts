import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import { networks, structures, users } from '../../db/schema';
import type { Actor, Role } from '../../platform/access/access';

/** Test builders: a network, a structure, and a person with a given role, returned as an Actor. */
export async function aStructure(db: Database): Promise<{ networkId: string; structureId: string }> {
	const suffix = randomUUID().slice(0, 8);
	const [network] = await db
		.insert(networks)
		.values({ slug: `reseau-${suffix}`, name: `Réseau ${suffix}`, kind: 'departmental', departmentCode: '69' })
		.returning({ id: networks.id });
	const [structure] = await db
		.insert(structures)
		.values({ networkId: network!.id, slug: `ml-${suffix}`, name: `Mission Locale ${suffix}`, departmentCode: '69' })
		.returning({ id: structures.id });
	return { networkId: network!.id, structureId: structure!.id };
}

export async function aPerson(
	db: Database,
	overrides: { role?: Role; email?: string; firstName?: string; lastName?: string } = {}
): Promise<Actor> {
	const role = overrides.role ?? 'counselor';
	const place = await aStructure(db);
	const scope =
		role === 'network_referent'
			? { networkId: place.networkId }
			: role === 'platform_admin' || role === 'mentor' || role === 'company_contact'
				? {}
				: { structureId: place.structureId };
	if (role === 'mentor' || role === 'company_contact') throw new Error('aPerson: companies are not needed by these tests');
	const [user] = await db
		.insert(users)
		.values({
			role,
			email: overrides.email ?? `${role}-${randomUUID().slice(0, 8)}@tremplin.test`,
			firstName: overrides.firstName ?? 'Camille',
			lastName: overrides.lastName ?? 'Martin',
			...scope
		})
		.returning({ id: users.id });
	return {
		userId: user!.id,
		role,
		structureId: 'structureId' in scope ? place.structureId : null,
		networkId: role === 'platform_admin' ? null : place.networkId,
		companyId: null
	};
}
