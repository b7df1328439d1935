import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/access';
import { networks, sites, structureCommunes, structures } from './structures.schema';

export type StructureRow = typeof structures.$inferSelect;
export type SiteRow = typeof sites.$inferSelect;

/**
 * Structures, sites and coverage as the actor may administer or read them:
 * a platform admin sees everything, a network referent the structures of their network, staff
 * (counselor, manager) their own structure, anyone else nothing. Every method is scoped by
 * construction; an id outside the scope reads as "not found".
 */
export function createStructuresRepository(deps: { db: Database; actor: Actor }) {
	const { db, actor } = deps;

	function scope(): SQL | undefined {
		switch (actor.role) {
			case 'platform_admin':
				return undefined;
			case 'network_referent':
				return actor.networkId ? eq(structures.networkId, actor.networkId) : sql`false`;
			case 'structure_manager':
			case 'counselor':
				return actor.structureId ? eq(structures.id, actor.structureId) : sql`false`;
			default:
				return sql`false`;
		}
	}

	const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

	return {
		/** Structures in scope (archived ones too, last), with their network's name. */
		async listStructures(): Promise<(StructureRow & { networkName: string })[]> {
			const rows = await db
				.select({ structure: structures, networkName: networks.name })
				.from(structures)
				.innerJoin(networks, eq(networks.id, structures.networkId))
				.where(scope())
				.orderBy(asc(networks.name), asc(structures.name));
			// Sorted here for French collation ("Mission Locale de …" and "Mission Locale N…" alike).
			return rows
				.map((r) => ({ ...r.structure, networkName: r.networkName }))
				.sort((a, b) => a.networkName.localeCompare(b.networkName, 'fr') || a.name.localeCompare(b.name, 'fr'));
		},

		async findStructure(id: string): Promise<(StructureRow & { networkName: string }) | null> {
			if (!isUuid(id)) return null;
			const rows = await db
				.select({ structure: structures, networkName: networks.name })
				.from(structures)
				.innerJoin(networks, eq(networks.id, structures.networkId))
				.where(and(eq(structures.id, id), scope()))
				.limit(1);
			return rows[0] ? { ...rows[0].structure, networkName: rows[0].networkName } : null;
		},

		async listSites(structureId: string, options: { includeArchived?: boolean } = {}): Promise<SiteRow[]> {
			if (!isUuid(structureId)) return [];
			return db
				.select({ site: sites })
				.from(sites)
				.innerJoin(structures, eq(structures.id, sites.structureId))
				.where(
					and(
						eq(sites.structureId, structureId),
						options.includeArchived ? undefined : isNull(sites.archivedAt),
						scope()
					)
				)
				.orderBy(asc(sites.name))
				.then((rows) => rows.map((r) => r.site));
		},

		async findSite(siteId: string): Promise<(SiteRow & { networkId: string }) | null> {
			if (!isUuid(siteId)) return null;
			const rows = await db
				.select({ site: sites, networkId: structures.networkId })
				.from(sites)
				.innerJoin(structures, eq(structures.id, sites.structureId))
				.where(and(eq(sites.id, siteId), scope()))
				.limit(1);
			return rows[0] ? { ...rows[0].site, networkId: rows[0].networkId } : null;
		},

		/** Number of communes covered, per structure in scope. */
		async countCommunes(structureIds: string[]): Promise<Map<string, number>> {
			if (structureIds.length === 0) return new Map();
			const rows = await db
				.select({ structureId: structureCommunes.structureId, n: count() })
				.from(structureCommunes)
				.innerJoin(structures, eq(structures.id, structureCommunes.structureId))
				.where(and(inArray(structureCommunes.structureId, structureIds), scope()))
				.groupBy(structureCommunes.structureId);
			return new Map(rows.map((r) => [r.structureId, Number(r.n)]));
		},

		/** INSEE codes covered by a structure in scope. */
		async listCommuneCodes(structureId: string): Promise<string[]> {
			if (!isUuid(structureId)) return [];
			const rows = await db
				.select({ code: structureCommunes.communeCode })
				.from(structureCommunes)
				.innerJoin(structures, eq(structures.id, structureCommunes.structureId))
				.where(and(eq(structureCommunes.structureId, structureId), scope()))
				.orderBy(asc(structureCommunes.communeCode));
			return rows.map((r) => r.code);
		}
	};
}

export type StructuresRepository = ReturnType<typeof createStructuresRepository>;
