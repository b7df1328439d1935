import { createHash } from 'node:crypto';
import { eq, inArray, max } from 'drizzle-orm';
import { isQuestion, type ModuleContent } from '$lib/learning/content';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { learningModules, learningModuleVersions } from './learning.schema';
import { checkModuleContent, type ContentIssue } from './learning.validation';
/** The order in which a new youth meets Tremplin's modules (slugs); files not listed come after, by name. */
import order from '../../../../../content/ordre-des-parcours.json';

/**
 * Tremplin's own modules: the JSON files of `content/parcours/`, bundled at build time (so the
 * production server needs no content folder) and loaded into the database by the start-up seed.
 */
const files = import.meta.glob<unknown>('/content/parcours/*.json', { eager: true, import: 'default' });

export interface CatalogueFile {
	file: string;
	content: ModuleContent;
	/** Changes when the file changes: the seed publishes a new version only then. */
	hash: string;
}

export function catalogueFiles(): { files: CatalogueFile[]; problems: { file: string; issues: ContentIssue[] }[] } {
	const out: CatalogueFile[] = [];
	const problems: { file: string; issues: ContentIssue[] }[] = [];
	const rank = (path: string) => {
		const i = (order as string[]).indexOf(path.split('/').pop()!.replace(/\.json$/, ''));
		return i === -1 ? Number.MAX_SAFE_INTEGER : i;
	};
	for (const [path, raw] of Object.entries(files).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))) {
		const file = path.split('/').pop()!;
		const checked = checkModuleContent(raw);
		if (!checked.ok) {
			problems.push({ file, issues: checked.issues });
			continue;
		}
		const hash = createHash('sha256').update(JSON.stringify(checked.content)).digest('hex').slice(0, 32);
		out.push({ file, content: checked.content, hash });
	}
	return { files: out, problems };
}

const CATALOGUE_LOCK = 0x7e3d_0003;

/**
 * Loads Tremplin's own modules into the database at start-up (every deployment, not only the demo):
 * a new file becomes a published module for everyone; a changed file publishes a new version
 * (youth who started the old one finish it). Files whose slug belongs to a module written by a
 * structure are skipped and logged. Idempotent and cheap when nothing changed.
 */
export async function loadCatalogue(
	deps: Pick<Deps, 'database' | 'logger'>
): Promise<{ created: number; updated: number; unchanged: number; skipped: string[] }> {
	const { files: list, problems } = catalogueFiles();
	for (const p of problems) deps.logger.error({ file: p.file, issues: p.issues }, 'invalid learning module file: not loaded');
	return deps.database.withAdvisoryLock(CATALOGUE_LOCK, async (db) => {
		const report = { created: 0, updated: 0, unchanged: 0, skipped: [] as string[] };
		const existing = await db
			.select({ id: learningModules.id, slug: learningModules.slug, hash: learningModules.sourceHash, owner: learningModules.ownerStructureId, network: learningModules.ownerNetworkId })
			.from(learningModules)
			.where(inArray(learningModules.slug, list.map((f) => f.content.slug).concat('')));
		const bySlug = new Map(existing.map((e) => [e.slug, e]));
		for (const f of list) {
			const found = bySlug.get(f.content.slug);
			if (found && (found.owner || found.network)) {
				report.skipped.push(f.file);
				deps.logger.warn({ file: f.file }, 'learning module file skipped: its slug belongs to a structure’s module');
				continue;
			}
			if (found?.hash === f.hash) {
				report.unchanged++;
				continue;
			}
			await db.transaction(async (tx) => {
				const t = tx as unknown as Database;
				let moduleId = found?.id;
				if (!moduleId) {
					const [row] = await t
						.insert(learningModules)
						.values({ slug: f.content.slug, scope: 'everyone', status: 'published', draft: f.content, sourceHash: f.hash })
						.returning({ id: learningModules.id });
					moduleId = row!.id;
				}
				await publishVersion(t, { moduleId, content: f.content, publishedBy: null });
				await t.update(learningModules).set({ draft: f.content, sourceHash: f.hash, updatedAt: new Date() }).where(eq(learningModules.id, moduleId));
			});
			if (found) report.updated++;
			else report.created++;
		}
		return report;
	});
}

/**
 * Publishes `content` as the next version of a module and makes it the one youth play. Callers
 * validate the content and authorize first; this runs inside their transaction.
 */
export async function publishVersion(
	tx: Database,
	input: { moduleId: string; content: ModuleContent; publishedBy: string | null }
): Promise<{ versionId: string; number: number }> {
	const [last] = await tx
		.select({ number: max(learningModuleVersions.number) })
		.from(learningModuleVersions)
		.where(eq(learningModuleVersions.moduleId, input.moduleId));
	const number = (last?.number ?? 0) + 1;
	const [version] = await tx
		.insert(learningModuleVersions)
		.values({
			moduleId: input.moduleId,
			number,
			content: input.content,
			questionCount: input.content.steps.filter(isQuestion).length,
			publishedBy: input.publishedBy
		})
		.returning({ id: learningModuleVersions.id });
	await tx
		.update(learningModules)
		.set({ publishedVersionId: version!.id, status: 'published', updatedAt: new Date() })
		.where(eq(learningModules.id, input.moduleId));
	return { versionId: version!.id, number };
}
