import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/access';
import { networks, sites, structureCommunes, structures, type OpeningHours } from './structures.schema';

/** Test builders: each inserts one row with sensible defaults and returns it. */

export async function aNetwork(
	db: Database,
	overrides: Partial<typeof networks.$inferInsert> = {}
): Promise<typeof networks.$inferSelect> {
	const suffix = randomUUID().slice(0, 8);
	const [row] = await db
		.insert(networks)
		.values({ slug: `reseau-${suffix}`, name: `Réseau ${suffix}`, kind: 'departmental', departmentCode: '69', regionCode: '84', ...overrides })
		.returning();
	return row!;
}

export async function aStructure(
	db: Database,
	overrides: Partial<typeof structures.$inferInsert> & { networkId: string }
): Promise<typeof structures.$inferSelect> {
	const suffix = randomUUID().slice(0, 8);
	const [row] = await db
		.insert(structures)
		.values({ slug: `ml-${suffix}`, name: `Mission Locale ${suffix}`, departmentCode: '69', ...overrides })
		.returning();
	return row!;
}

export const weekdayHours = (): OpeningHours =>
	[1, 2, 3, 4, 5].flatMap((day) => [
		{ day, opens: '09:00', closes: '12:30' },
		{ day, opens: '13:30', closes: '17:00' }
	]);

export async function aSite(
	db: Database,
	overrides: Partial<typeof sites.$inferInsert> & { structureId: string }
): Promise<typeof sites.$inferSelect> {
	const [row] = await db
		.insert(sites)
		.values({
			name: 'Accueil principal',
			addressLine: '10 rue de la République',
			postalCode: '69001',
			communeCode: '69123',
			city: 'Lyon',
			openingHours: weekdayHours(),
			...overrides
		})
		.returning();
	return row!;
}

export async function coverCommunes(db: Database, structureId: string, communeCodes: string[]): Promise<void> {
	await db.insert(structureCommunes).values(communeCodes.map((communeCode) => ({ communeCode, structureId })));
}

/** An actor without a database row (for pure authorization tests); use real accounts when rows are referenced. */
export function anActor(overrides: Partial<Actor> & Pick<Actor, 'role'>): Actor {
	return { userId: randomUUID(), structureId: null, networkId: null, companyId: null, ...overrides };
}
