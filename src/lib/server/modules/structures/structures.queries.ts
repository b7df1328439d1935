import { and, count, eq, inArray, isNull, ne } from 'drizzle-orm';
import { parisDay } from '$lib/appointments/time';
import type { Database } from '../../db/client';
import type { Actor } from '../../platform/access';
// Counting people per structure reads the accounts tables (read-only aggregate, no personal data).
import { users, youthProfiles } from '../accounts/accounts.schema';
import { closureOn, closuresOf, type Closure } from './structures.closures';
import { summarizeHours, type HoursSummary } from './structures.hours';
import { departmentOf, publicHolidaysOf } from './structures.holidays';
import { networks, sites, structures, type OpeningHours } from './structures.schema';
import { createStructuresRepository } from './structures.repository';
import { findCommune, type MissionLocaleMatch, type PublicSite } from './structures.territory';

export interface StructureOverview {
	id: string;
	name: string;
	networkName: string;
	archived: boolean;
	sites: number;
	staff: number;
	youth: number;
	communes: number;
}

/** The structures the actor administers, with counts of sites, staff, youth and covered communes. */
export async function getAdminOverview(db: Database, actor: Actor): Promise<StructureOverview[]> {
	const repo = createStructuresRepository({ db, actor });
	const list = await repo.listStructures();
	if (list.length === 0) return [];
	const ids = list.map((s) => s.id);
	const [siteCounts, staffCounts, youthCounts, communeCounts] = await Promise.all([
		db
			.select({ id: sites.structureId, n: count() })
			.from(sites)
			.where(and(inArray(sites.structureId, ids), isNull(sites.archivedAt)))
			.groupBy(sites.structureId),
		db
			.select({ id: users.structureId, n: count() })
			.from(users)
			.where(and(inArray(users.structureId, ids), ne(users.role, 'youth'), isNull(users.disabledAt)))
			.groupBy(users.structureId),
		db
			.select({ id: youthProfiles.structureId, n: count() })
			.from(youthProfiles)
			.where(inArray(youthProfiles.structureId, ids))
			.groupBy(youthProfiles.structureId),
		repo.countCommunes(ids)
	]);
	const toMap = (rows: { id: string | null; n: number }[]) => new Map(rows.map((r) => [r.id, Number(r.n)]));
	const s = toMap(siteCounts);
	const st = toMap(staffCounts);
	const y = toMap(youthCounts);
	return list.map((structure) => ({
		id: structure.id,
		name: structure.name,
		networkName: structure.networkName,
		archived: structure.archivedAt !== null,
		sites: s.get(structure.id) ?? 0,
		staff: st.get(structure.id) ?? 0,
		youth: y.get(structure.id) ?? 0,
		communes: communeCounts.get(structure.id) ?? 0
	}));
}

/** One structure for its administration page, or null when it is outside the actor's scope. */
export async function getStructureAdmin(db: Database, actor: Actor, structureId: string) {
	const repo = createStructuresRepository({ db, actor });
	const structure = await repo.findStructure(structureId);
	if (!structure) return null;
	const [siteList, communeCodes] = await Promise.all([repo.listSites(structureId), repo.listCommuneCodes(structureId)]);
	const communes = communeCodes
		.map((code) => findCommune(code))
		.filter((c) => c !== null)
		.map((c) => ({ code: c.code, name: c.name }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
	return { structure, sites: siteList, communes };
}

/** A site of a structure in scope, for its edit page. */
export async function getSiteAdmin(db: Database, actor: Actor, structureId: string, siteId: string) {
	const repo = createStructuresRepository({ db, actor });
	const site = await repo.findSite(siteId);
	if (!site || site.structureId !== structureId) return null;
	return site;
}

/** Structures the actor may pick from (forms, import help). */
export async function listStructuresInScope(db: Database, actor: Actor) {
	const repo = createStructuresRepository({ db, actor });
	return (await repo.listStructures()).filter((s) => s.archivedAt === null);
}

/** Whether a site belongs to a structure (for invitations to a site). */
export async function siteBelongsTo(db: Database, siteId: string, structureId: string): Promise<boolean> {
	if (!/^[0-9a-f-]{36}$/i.test(siteId)) return false;
	const rows = await db
		.select({ id: sites.id })
		.from(sites)
		.where(and(eq(sites.id, siteId), eq(sites.structureId, structureId), isNull(sites.archivedAt)))
		.limit(1);
	return rows.length > 0;
}

/** Where a structure lives (public information; used by other modules to authorize). */
export async function findStructurePlace(
	db: Database,
	structureId: string
): Promise<{ id: string; name: string; networkId: string; archived: boolean } | null> {
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(structureId)) return null;
	const rows = await db
		.select({ id: structures.id, name: structures.name, networkId: structures.networkId, archivedAt: structures.archivedAt })
		.from(structures)
		.where(eq(structures.id, structureId))
		.limit(1);
	const row = rows[0];
	return row ? { id: row.id, name: row.name, networkId: row.networkId, archived: row.archivedAt !== null } : null;
}

export async function findNetworkName(db: Database, networkId: string): Promise<string | null> {
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(networkId)) return null;
	const rows = await db.select({ name: networks.name }).from(networks).where(eq(networks.id, networkId)).limit(1);
	return rows[0]?.name ?? null;
}

/**
 * What a structure offers when a Tremplin visio cannot connect (settings of the structure): an
 * external visio link and/or a phone number; null when nothing is configured.
 */
export async function videoFallbackOf(db: Database, structureId: string): Promise<{ url: string | null; phone: string | null } | null> {
	const [row] = await db
		.select({ url: structures.videoFallbackUrl, phone: structures.videoFallbackPhone })
		.from(structures)
		.where(eq(structures.id, structureId))
		.limit(1);
	if (!row || (!row.url && !row.phone)) return null;
	return { url: row.url, phone: row.phone };
}

/** The sites of a structure with their address (public information), archived ones included (past appointments). */
export async function sitesOfStructure(
	db: Database,
	structureId: string
): Promise<{ id: string; name: string; addressLine: string; postalCode: string; city: string; archived: boolean }[]> {
	const rows = await db
		.select({ id: sites.id, name: sites.name, addressLine: sites.addressLine, postalCode: sites.postalCode, city: sites.city, archivedAt: sites.archivedAt })
		.from(sites)
		.where(eq(sites.structureId, structureId))
		.orderBy(sites.name);
	return rows.map(({ archivedAt, ...r }) => ({ ...r, archived: archivedAt !== null }));
}

/**
 * The opening hours of a structure's non-archived sites with the dates they are closed (public
 * holidays of the structure's département, Alsace-Moselle included, and the structure's exceptional
 * closures not over at `at`): what "next opening" needs. `closures` tells youth why.
 */
export async function openingCalendarOfStructure(
	db: Database,
	structureId: string,
	at: Date
): Promise<{ hours: OpeningHours[]; closedOn: (date: string) => boolean; closures: Closure[] }> {
	const [rows, closures] = await Promise.all([
		db
			.select({ openingHours: sites.openingHours, postalCode: sites.postalCode, departmentCode: structures.departmentCode })
			.from(sites)
			.innerJoin(structures, eq(structures.id, sites.structureId))
			.where(and(eq(sites.structureId, structureId), isNull(sites.archivedAt))),
		closuresOf(db, structureId, parisDay(at))
	]);
	const department = departmentOf(rows[0]?.departmentCode, rows[0]?.postalCode);
	return { hours: rows.map((r) => r.openingHours), closedOn: closedDaysOf(department, closures), closures };
}

/**
 * What the public pages say of a directory site's hours at `at`, closed on public holidays and
 * during the structure's exceptional closures (the closure itself: `closureToAnnounce`).
 */
export function publicHoursOf(
	match: Pick<MissionLocaleMatch, 'departmentCode' | 'closures'>,
	site: Pick<PublicSite, 'openingHours' | 'postalCode'>,
	at: Date
): HoursSummary {
	return summarizeHours(site.openingHours, at, closedDaysOf(departmentOf(match.departmentCode, site.postalCode), match.closures));
}

/** Closed dates: public holidays of the département and the given exceptional closures. */
export function closedDaysOf(department: string | null, closures: readonly Closure[]): (date: string) => boolean {
	const holiday = publicHolidaysOf(department);
	return (date) => holiday(date) || closureOn(closures, date) !== null;
}

export async function openingHoursOfStructure(db: Database, structureId: string): Promise<OpeningHours[]> {
	const rows = await db
		.select({ openingHours: sites.openingHours })
		.from(sites)
		.where(and(eq(sites.structureId, structureId), isNull(sites.archivedAt)));
	return rows.map((r) => r.openingHours);
}
