import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { can, requireActor, type Actor } from '../../platform/access';
import { DomainError } from '../../platform/errors/errors';
import { recordAudit } from '../../platform/audit';
import { importEmpty, importTooLarge, importUnreadable } from './structures.errors';
import { structureCommunes, structures } from './structures.schema';
import { findCommune } from './structures.territory';

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_LINES = 50_000;

export interface ImportedLine {
	line: number;
	communeCode: string;
	communeName: string;
	structureId: string;
	structureName: string;
	/** added: newly covered; moved: taken from another structure ("replace" ticked); unchanged: already so. */
	status: 'added' | 'moved' | 'unchanged';
	previousStructureName?: string;
}

export interface RejectedLine {
	line: number;
	content: string;
	reason: string;
}

export interface CoverageImportReport {
	imported: ImportedLine[];
	rejected: RejectedLine[];
	counts: { added: number; moved: number; unchanged: number; rejected: number };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, '$1').trim();

/**
 * Imports which Mission Locale covers which commune from CSV `code_insee;mission_locale_id`
 * (header optional; `;` or `,`; UTF-8 with or without BOM; CRLF or LF). Every line is checked and
 * either accepted or rejected with its line number and a French reason; the accepted lines are
 * written together in one transaction (all or nothing). A commune covered by another structure is
 * rejected unless `replace` is true and the actor may administer both structures.
 */
export async function importCoverage(
	deps: { db: Database },
	actor: Actor | null,
	input: { csv: string; replace?: boolean }
): Promise<CoverageImportReport> {
	const me = requireActor(actor);
	// Only people who administer coverage somewhere may import; the per-line checks do the rest.
	if (!['structure_manager', 'network_referent', 'platform_admin'].includes(me.role)) {
		throw new DomainError('access.forbidden', 'forbidden');
	}
	const { csv } = input;
	if (Buffer.byteLength(csv, 'utf8') > IMPORT_MAX_BYTES) throw importTooLarge();
	if (csv.includes('\u0000')) throw importUnreadable();
	const lines = csv.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
	if (lines.length > IMPORT_MAX_LINES + 1) throw importTooLarge();
	if (lines.every((l) => l.trim() === '')) throw importEmpty();

	const allStructures = await deps.db
		.select({ id: structures.id, name: structures.name, networkId: structures.networkId, archivedAt: structures.archivedAt })
		.from(structures);
	const structureById = new Map(allStructures.map((s) => [s.id, s]));
	const mayWrite = (structureId: string) => {
		const s = structureById.get(structureId);
		return !!s && can(me, 'write', 'coverage', { structureId: s.id, networkId: s.networkId });
	};

	// Candidate lines first, then one query for the current coverage of all their communes.
	type Candidate = { line: number; content: string; communeCode: string; communeName: string; structureId: string };
	const candidates: Candidate[] = [];
	const rejected: RejectedLine[] = [];
	const seen = new Map<string, { line: number; structureId: string }>();
	let headerSeen = false;

	lines.forEach((raw, index) => {
		const line = index + 1;
		const content = raw.trim();
		if (content === '') return;
		const separator = content.includes(';') ? ';' : ',';
		const cells = content.split(separator).map(unquote);
		if (!headerSeen && candidates.length === 0 && rejected.length === 0 && /insee|code|commune/i.test(cells[0] ?? '')) {
			headerSeen = true;
			return;
		}
		const reject = (reason: string) => rejected.push({ line, content: content.slice(0, 200), reason });
		const [code = '', structureId = ''] = cells;
		if (cells.length < 2 || !structureId) return reject('Il manque une colonne : écrivez code_insee;mission_locale_id.');
		if (cells.length > 2 && cells.slice(2).some((c) => c !== '')) {
			return reject('Trop de colonnes : écrivez seulement code_insee;mission_locale_id.');
		}
		const commune = findCommune(code);
		if (!commune) return reject(`Code INSEE inconnu : « ${code.slice(0, 20)} ».`);
		if (!UUID.test(structureId) || !mayWrite(structureId)) {
			return reject(`Mission Locale inconnue ou hors de votre périmètre : « ${structureId.slice(0, 40)} ».`);
		}
		if (structureById.get(structureId)!.archivedAt) return reject('Cette Mission Locale est fermée.');
		const previous = seen.get(commune.code);
		if (previous) {
			return reject(
				previous.structureId === structureId
					? `Ligne en double : ${commune.name} (${commune.code}) est déjà à la ligne ${previous.line}.`
					: `${commune.name} (${commune.code}) est déjà attribuée à une autre Mission Locale à la ligne ${previous.line}.`
			);
		}
		seen.set(commune.code, { line, structureId });
		candidates.push({ line, content, communeCode: commune.code, communeName: commune.name, structureId });
	});

	const current = new Map<string, string>();
	const codes = candidates.map((c) => c.communeCode);
	for (let i = 0; i < codes.length; i += 5000) {
		const rows = await deps.db
			.select({ communeCode: structureCommunes.communeCode, structureId: structureCommunes.structureId })
			.from(structureCommunes)
			.where(inArray(structureCommunes.communeCode, codes.slice(i, i + 5000)));
		for (const r of rows) current.set(r.communeCode, r.structureId);
	}

	const imported: ImportedLine[] = [];
	for (const c of candidates) {
		const structureName = structureById.get(c.structureId)!.name;
		const base = { line: c.line, communeCode: c.communeCode, communeName: c.communeName, structureId: c.structureId, structureName };
		const owner = current.get(c.communeCode);
		if (!owner) imported.push({ ...base, status: 'added' });
		else if (owner === c.structureId) imported.push({ ...base, status: 'unchanged' });
		else {
			const ownerName = structureById.get(owner)?.name ?? 'une autre Mission Locale';
			if (!mayWrite(owner)) {
				rejected.push({
					line: c.line,
					content: c.content.slice(0, 200),
					reason: `${c.communeName} est déjà couverte par une Mission Locale hors de votre périmètre.`
				});
			} else if (!input.replace) {
				rejected.push({
					line: c.line,
					content: c.content.slice(0, 200),
					reason: `${c.communeName} est déjà couverte par ${ownerName}. Cochez « Remplacer » pour la réattribuer.`
				});
			} else {
				imported.push({ ...base, status: 'moved', previousStructureName: ownerName });
			}
		}
	}
	rejected.sort((a, b) => a.line - b.line);

	const changes = imported.filter((l) => l.status !== 'unchanged');
	if (changes.length > 0) {
		await deps.db.transaction(async (tx) => {
			const moved = changes.filter((l) => l.status === 'moved').map((l) => l.communeCode);
			for (let i = 0; i < moved.length; i += 5000) {
				await tx.delete(structureCommunes).where(inArray(structureCommunes.communeCode, moved.slice(i, i + 5000)));
			}
			for (let i = 0; i < changes.length; i += 1000) {
				await tx
					.insert(structureCommunes)
					.values(changes.slice(i, i + 1000).map((l) => ({ communeCode: l.communeCode, structureId: l.structureId })));
			}
			const byStructure = new Map<string, number>();
			for (const l of changes) byStructure.set(l.structureId, (byStructure.get(l.structureId) ?? 0) + 1);
			for (const [structureId, n] of byStructure) {
				await recordAudit(tx, {
					actorId: me.userId,
					action: 'coverage.imported',
					targetType: 'structure',
					targetId: structureId,
					structureId,
					details: { communes: n, replace: !!input.replace }
				});
			}
		});
	}

	const countOf = (status: ImportedLine['status']) => imported.filter((l) => l.status === status).length;
	return {
		imported,
		rejected,
		counts: { added: countOf('added'), moved: countOf('moved'), unchanged: countOf('unchanged'), rejected: rejected.length }
	};
}
