import { createRequire } from 'node:module';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { parisDay } from '$lib/appointments/time';
import type { Database } from '../../db/client';
import { closuresOfStructures, type Closure } from './structures.closures';
import { sites, structureCommunes, structures, type OpeningHours } from './structures.schema';

/**
 * French territory, from @etalab/decoupage-administratif (official COG data). The JSON files are
 * read once, lazily, on first use (≈ 9 MB; ~35 000 communes kept in memory). Only current communes
 * are kept; the municipal arrondissements of Paris, Lyon and Marseille are aliases of their commune
 * (69381 → Lyon 69123), so coverage is always stored at the commune level.
 */

export interface Commune {
	code: string;
	name: string;
	postalCodes: string[];
	departmentCode: string;
	regionCode: string;
	population: number | null;
}

export interface Department {
	code: string;
	name: string;
	regionCode: string;
}

export interface Region {
	code: string;
	name: string;
}

interface RawCommune {
	code: string;
	nom: string;
	type: string;
	commune?: string;
	departement?: string;
	region?: string;
	codesPostaux?: string[];
	population?: number;
}

interface Territory {
	communes: Map<string, Commune>;
	/** Arrondissement municipal code → commune code. */
	aliases: Map<string, string>;
	byPostalCode: Map<string, string[]>;
	/** Normalized name → commune codes (homonyms exist: 11 "Saint-Martin"…). */
	byName: Map<string, string[]>;
	departments: Map<string, Department>;
	regions: Map<string, Region>;
}

let territory: Territory | null = null;

/** Lower case, no accents, hyphens and apostrophes as spaces: "Saint-Étienne" → "saint etienne". */
export function normalizeName(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/[-'’\s]+/g, ' ')
		.trim();
}

function load(): Territory {
	if (territory) return territory;
	const require = createRequire(import.meta.url);
	const rawCommunes = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
	const rawDepartments = require('@etalab/decoupage-administratif/data/departements.json') as {
		code: string;
		nom: string;
		region: string;
	}[];
	const rawRegions = require('@etalab/decoupage-administratif/data/regions.json') as { code: string; nom: string }[];

	const communes = new Map<string, Commune>();
	const aliases = new Map<string, string>();
	const byPostalCode = new Map<string, string[]>();
	const byName = new Map<string, string[]>();
	for (const raw of rawCommunes) {
		if (raw.type === 'arrondissement-municipal' && raw.commune) {
			aliases.set(raw.code, raw.commune);
			continue;
		}
		if (raw.type !== 'commune-actuelle') continue;
		const commune: Commune = {
			code: raw.code,
			name: raw.nom,
			postalCodes: raw.codesPostaux ?? [],
			departmentCode: raw.departement ?? '',
			regionCode: raw.region ?? '',
			population: raw.population ?? null
		};
		communes.set(commune.code, commune);
		for (const postalCode of commune.postalCodes) {
			const list = byPostalCode.get(postalCode) ?? [];
			list.push(commune.code);
			byPostalCode.set(postalCode, list);
		}
		const key = normalizeName(commune.name);
		byName.set(key, [...(byName.get(key) ?? []), commune.code]);
	}
	territory = {
		communes,
		aliases,
		byPostalCode,
		byName,
		departments: new Map(rawDepartments.map((d) => [d.code, { code: d.code, name: d.nom, regionCode: d.region }])),
		regions: new Map(rawRegions.map((r) => [r.code, { code: r.code, name: r.nom }]))
	};
	return territory;
}

/** A current commune by INSEE code; an arrondissement code gives its commune. */
export function findCommune(code: string): Commune | null {
	const t = load();
	const trimmed = code.trim().toUpperCase();
	return t.communes.get(trimmed) ?? t.communes.get(t.aliases.get(trimmed) ?? '') ?? null;
}

/** The communes served by a postal code (often one, sometimes several). */
export function findCommunesByPostalCode(postalCode: string): Commune[] {
	const t = load();
	return (t.byPostalCode.get(postalCode.trim()) ?? []).map((code) => t.communes.get(code)!);
}

/**
 * Communes whose name matches the query: exact names first, then names starting with it, then
 * names containing it; bigger communes first within each group.
 */
export function searchCommunes(query: string, limit = 10): Commune[] {
	const t = load();
	const q = normalizeName(query);
	if (q.length < 2) return [];
	const exact: Commune[] = [];
	const starts: Commune[] = [];
	const contains: Commune[] = [];
	for (const [name, codes] of t.byName) {
		const bucket = name === q ? exact : name.startsWith(q) ? starts : name.includes(q) ? contains : null;
		if (!bucket) continue;
		for (const code of codes) bucket.push(t.communes.get(code)!);
	}
	const byPopulation = (a: Commune, b: Commune) => (b.population ?? 0) - (a.population ?? 0);
	return [...exact.sort(byPopulation), ...starts.sort(byPopulation), ...contains.sort(byPopulation)].slice(0, limit);
}

/** A commune by its exact name in a department ("Tarare", "69"); null when absent or ambiguous. */
export function findCommuneByName(name: string, departmentCode: string): Commune | null {
	const t = load();
	const matches = (t.byName.get(normalizeName(name)) ?? [])
		.map((code) => t.communes.get(code)!)
		.filter((c) => c.departmentCode === departmentCode);
	return matches.length === 1 ? matches[0]! : null;
}

export function findDepartment(code: string): Department | null {
	return load().departments.get(code) ?? null;
}

export function findRegion(code: string): Region | null {
	return load().regions.get(code) ?? null;
}

export interface PublicSite {
	id: string;
	name: string;
	addressLine: string;
	postalCode: string;
	city: string;
	communeCode: string;
	phone: string | null;
	openingHours: OpeningHours;
}

export interface MissionLocaleMatch {
	id: string;
	name: string;
	phone: string | null;
	email: string | null;
	website: string | null;
	/** The communes of the question this Mission Locale covers. */
	communes: { code: string; name: string }[];
	sites: PublicSite[];
	/** Its département code, when set (else a site's postal code tells: `departmentOf`). */
	departmentCode: string | null;
	/** Its exceptional closures not over on the day asked (public: their reason is shown to youth). */
	closures: Closure[];
}

/**
 * Which Mission Locale(s) cover a postal code or a commune? A postal code may span several communes,
 * covered by different structures: every structure is returned once, with the communes it covers.
 * Public information only (the directory); archived structures and sites are left out.
 */
export async function findMissionLocaleFor(
	db: Database,
	query: { postalCode: string } | { communeCode: string },
	at: Date = new Date()
): Promise<MissionLocaleMatch[]> {
	const communes =
		'postalCode' in query
			? findCommunesByPostalCode(query.postalCode)
			: [findCommune(query.communeCode)].filter((c): c is Commune => c !== null);
	if (communes.length === 0) return [];

	const coverage = await db
		.select({
			communeCode: structureCommunes.communeCode,
			id: structures.id,
			name: structures.name,
			phone: structures.phone,
			email: structures.email,
			website: structures.website,
			departmentCode: structures.departmentCode
		})
		.from(structureCommunes)
		.innerJoin(structures, eq(structures.id, structureCommunes.structureId))
		.where(
			and(
				inArray(
					structureCommunes.communeCode,
					communes.map((c) => c.code)
				),
				isNull(structures.archivedAt)
			)
		);

	const matches = new Map<string, MissionLocaleMatch>();
	for (const row of coverage) {
		const commune = communes.find((c) => c.code === row.communeCode)!;
		const match = matches.get(row.id) ?? {
			id: row.id,
			name: row.name,
			phone: row.phone,
			email: row.email,
			website: row.website,
			communes: [],
			sites: [],
			departmentCode: row.departmentCode,
			closures: []
		};
		match.communes.push({ code: commune.code, name: commune.name });
		matches.set(row.id, match);
	}
	if (matches.size === 0) return [];

	const siteRows = await db
		.select({
			id: sites.id,
			structureId: sites.structureId,
			name: sites.name,
			addressLine: sites.addressLine,
			postalCode: sites.postalCode,
			city: sites.city,
			communeCode: sites.communeCode,
			phone: sites.phone,
			openingHours: sites.openingHours
		})
		.from(sites)
		.where(and(inArray(sites.structureId, [...matches.keys()]), isNull(sites.archivedAt)))
		.orderBy(asc(sites.name));
	const askedCodes = new Set(communes.map((c) => c.code));
	for (const { structureId, ...site } of siteRows) matches.get(structureId)!.sites.push(site);
	const closures = await closuresOfStructures(db, [...matches.keys()], parisDay(at));
	for (const match of matches.values()) match.closures = closures.get(match.id) ?? [];
	// Sites in the commune asked about come first.
	for (const match of matches.values()) {
		match.sites.sort((a, b) => Number(askedCodes.has(b.communeCode)) - Number(askedCodes.has(a.communeCode)));
	}
	return [...matches.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
