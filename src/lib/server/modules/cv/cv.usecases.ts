import { and, asc, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '$lib/server/db/client';
import { requireRole, type Actor } from '$lib/server/platform/access';
import { createAccountsRepository } from '../accounts';
import { cvIdReused, cvNotFound, invalidCvImport, invalidCvName, MAX_CVS_PER_YOUTH, tooManyCvs, tooManyOperations } from './cv.errors';
import { fromJsonResume, JsonResumeError } from './cv.exports';
import { applyCvOperation, CvOperationError, cvOperation, type CvState } from './cv.operations';
import { cvOperations, cvs } from './cv.schema';
import { cvDraft, CV_TEMPLATES, type CvDraft, type CvTemplate } from './cv.validation';

type CvDeps = { db: Database; now: () => Date };

/**
 * The youth's CVs: only the youth themself reads and writes them here (a counselor will read a
 * CV the youth shares with them, through the sharing use cases). Every use case starts by checking
 * the actor is a youth, and every query is scoped to that youth: another youth's CV id and an
 * unknown id look the same (not found).
 */

export interface CvSummary {
	id: string;
	name: string;
	template: CvTemplate;
	title: string;
	revision: number;
	updatedAt: Date;
}

export interface CvRecord extends CvSummary {
	draft: CvDraft;
}

const uuid = z.uuid();
const cvName = z.string().trim().min(1).max(60);

function toRecord(row: typeof cvs.$inferSelect): CvRecord {
	return { id: row.id, name: row.name, template: row.template, title: row.draft.title, revision: row.revision, updatedAt: row.updatedAt, draft: row.draft };
}

export async function listCvs(deps: CvDeps, actor: Actor | null): Promise<CvSummary[]> {
	const youth = requireRole(actor, ['youth']);
	const rows = await deps.db.select().from(cvs).where(eq(cvs.youthId, youth.userId)).orderBy(desc(cvs.updatedAt), asc(cvs.name));
	return rows.map((row) => ({ id: row.id, name: row.name, template: row.template, title: row.draft.title, revision: row.revision, updatedAt: row.updatedAt }));
}

export async function getCv(deps: CvDeps, actor: Actor | null, id: string): Promise<CvRecord> {
	const youth = requireRole(actor, ['youth']);
	if (!uuid.safeParse(id).success) throw cvNotFound();
	const [row] = await deps.db
		.select()
		.from(cvs)
		.where(and(eq(cvs.id, id.toLowerCase()), eq(cvs.youthId, youth.userId)));
	if (!row) throw cvNotFound();
	return toRecord(row);
}

/** Largest JSON Resume file read by the import. */
export const MAX_JSON_RESUME_BYTES = 512 * 1024;

const PLACES: Record<string, string> = {
	contact: 'coordonnées',
	title: 'ce que tu cherches',
	summary: 'profil',
	experiences: 'expérience',
	trainings: 'formation',
	skills: 'compétences',
	softSkills: 'qualités',
	languages: 'langues',
	mobility: 'permis et mobilité',
	interests: 'centres d’intérêt'
};

/** "experiences.2.title" → " (expérience n° 3)", "summary" → " (profil)". */
function placeInFrench(path: string): string {
	const [section = '', index] = path.split('.');
	const place = PLACES[section];
	if (!place) return '';
	return /^\d+$/.test(index ?? '') && (section === 'experiences' || section === 'trainings') ? ` (${place} n° ${Number(index) + 1})` : ` (${place})`;
}

/** The CV content of a JSON Resume file's text, or a French reason (with the field's place). */
function readJsonResume(text: string): CvDraft {
	if (text.length > MAX_JSON_RESUME_BYTES) throw invalidCvImport('Ce fichier est trop gros pour un CV : 500 Ko au plus.');
	let data: unknown;
	try {
		data = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch {
		throw invalidCvImport('Ce fichier n’est pas un fichier JSON lisible : choisis le fichier .json exporté par Tremplin ou par un autre outil de CV (JSON Resume).');
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalidCvImport('Ce fichier JSON ne ressemble pas à un CV (JSON Resume).');
	try {
		const content = fromJsonResume(data);
		// Each experience and training gets its id: the builder edits lists item by item.
		return cvDraft.parse({
			...content,
			experiences: content.experiences.map((e) => ({ ...e, id: e.id ?? randomUUID() })),
			trainings: content.trainings.map((t) => ({ ...t, id: t.id ?? randomUUID() }))
		});
	} catch (error) {
		if (error instanceof JsonResumeError) throw invalidCvImport(`Import impossible : ${error.message}${placeInFrench(error.path)}`);
		throw error;
	}
}

/**
 * Creates a CV (idempotent on its id, which may come from the device): filled with what the
 * account knows (first name, last name, e-mail, phone), empty (`from: 'empty'`), as a copy of
 * another CV of the youth (`copyOf`), or from a JSON Resume file's text (`jsonResume`).
 */
export async function createCv(
	deps: CvDeps,
	actor: Actor | null,
	input: { id?: string; name: string; template?: CvTemplate; copyOf?: string; from?: 'account' | 'empty'; jsonResume?: string }
): Promise<CvRecord> {
	const youth = requireRole(actor, ['youth']);
	const name = cvName.safeParse(input.name);
	if (!name.success) throw invalidCvName();
	const id = (input.id ?? randomUUID()).toLowerCase();
	if (!uuid.safeParse(id).success) throw cvIdReused();
	const template = CV_TEMPLATES.includes(input.template as CvTemplate) ? (input.template as CvTemplate) : 'clair';

	let draft: CvDraft;
	let removedIds: string[] = [];
	if (input.jsonResume !== undefined) {
		draft = readJsonResume(input.jsonResume);
	} else if (input.from === 'empty') {
		draft = cvDraft.parse({});
	} else if (input.copyOf) {
		const source = await getCv(deps, youth, input.copyOf);
		draft = source.draft;
		const [row] = await deps.db.select({ removedIds: cvs.removedIds }).from(cvs).where(eq(cvs.id, source.id));
		removedIds = row?.removedIds ?? [];
	} else {
		const file = await createAccountsRepository({ db: deps.db, actor: youth, now: deps.now }).getYouthFile(youth.userId);
		draft = cvDraft.parse({
			contact: {
				firstName: file?.firstName ?? '',
				lastName: file?.lastName ?? '',
				email: file?.email ?? undefined,
				phone: file?.phone ?? undefined
			}
		});
	}

	return deps.db.transaction(async (tx) => {
		const [existing] = await tx.select().from(cvs).where(eq(cvs.id, id));
		if (existing) {
			if (existing.youthId === youth.userId) return toRecord(existing);
			throw cvIdReused();
		}
		// One youth's creations run one after the other (the count below stays true).
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cv:${youth.userId}`}))`);
		const [{ total }] = (await tx.select({ total: count() }).from(cvs).where(eq(cvs.youthId, youth.userId))) as [{ total: number }];
		if (total >= MAX_CVS_PER_YOUTH) throw tooManyCvs();
		const at = deps.now();
		const [row] = await tx
			.insert(cvs)
			.values({ id, youthId: youth.userId, name: name.data, template, draft, removedIds, createdAt: at, updatedAt: at })
			.onConflictDoNothing({ target: cvs.id })
			.returning();
		if (!row) {
			const [other] = await tx.select().from(cvs).where(eq(cvs.id, id));
			if (other?.youthId === youth.userId) return toRecord(other);
			throw cvIdReused();
		}
		return toRecord(row);
	});
}

export async function updateCvDetails(deps: CvDeps, actor: Actor | null, id: string, input: { name?: string; template?: string }): Promise<CvRecord> {
	const cv = await getCv(deps, actor, id);
	const name = input.name === undefined ? cv.name : cvName.safeParse(input.name);
	if (typeof name !== 'string' && !name.success) throw invalidCvName();
	const template = input.template && CV_TEMPLATES.includes(input.template as CvTemplate) ? (input.template as CvTemplate) : cv.template;
	const [row] = await deps.db
		.update(cvs)
		.set({ name: typeof name === 'string' ? name : name.data, template, updatedAt: deps.now() })
		.where(eq(cvs.id, cv.id))
		.returning();
	return toRecord(row!);
}

export async function deleteCv(deps: CvDeps, actor: Actor | null, id: string): Promise<void> {
	const cv = await getCv(deps, actor, id);
	await deps.db.delete(cvs).where(eq(cvs.id, cv.id));
}

export const MAX_OPERATIONS_PER_BATCH = 100;

export interface OperationOutcome {
	id: string;
	status: 'applied' | 'duplicate' | 'refused';
	field?: string;
	message?: string;
}

/**
 * Applies a batch of operations sent by a device, in order, under the CV's row lock. Each
 * operation is recorded by its id: sent again, it is reported as a duplicate with its first
 * outcome and changes nothing. A refused operation does not stop the others.
 */
export async function applyCvOperations(
	deps: CvDeps,
	actor: Actor | null,
	cvId: string,
	raw: unknown
): Promise<{ revision: number; draft: CvDraft; outcomes: OperationOutcome[] }> {
	const cv = await getCv(deps, actor, cvId);
	const list = z.array(z.object({ id: z.uuid() }).loose()).max(MAX_OPERATIONS_PER_BATCH).safeParse(raw);
	if (!list.success) throw tooManyOperations();

	return deps.db.transaction(async (tx) => {
		const [row] = await tx.select().from(cvs).where(eq(cvs.id, cv.id)).for('update');
		if (!row) throw cvNotFound();
		let state: CvState = { draft: row.draft, removed: row.removedIds };
		let revision = row.revision;
		const ids = list.data.map((o) => o.id.toLowerCase());
		const known = new Map(
			(ids.length ? await tx.select().from(cvOperations).where(inArray(cvOperations.id, ids)) : []).map((o) => [o.id, o])
		);
		const outcomes: OperationOutcome[] = [];
		for (const item of list.data) {
			const id = item.id.toLowerCase();
			const previous = known.get(id);
			if (previous) {
				// The same id on another CV is not this device's retry: refuse it without touching anything.
				outcomes.push(
					previous.cvId === cv.id
						? { id, status: 'duplicate', ...(previous.outcome === 'refused' ? { field: previous.field ?? undefined, message: previous.message ?? undefined } : {}) }
						: { id, status: 'refused', message: 'Cette modification a déjà été utilisée ailleurs.' }
				);
				continue;
			}
			const parsed = cvOperation.safeParse(item);
			let outcome: OperationOutcome;
			if (!parsed.success) {
				outcome = { id, status: 'refused', message: 'Modification illisible : elle a été ignorée.' };
			} else {
				try {
					state = applyCvOperation(state, parsed.data);
					revision += 1;
					outcome = { id, status: 'applied' };
				} catch (error) {
					if (!(error instanceof CvOperationError)) throw error;
					outcome = { id, status: 'refused', field: error.field, message: error.message };
				}
			}
			await tx.insert(cvOperations).values({
				id,
				cvId: cv.id,
				outcome: outcome.status === 'applied' ? 'applied' : 'refused',
				field: outcome.field ?? null,
				message: outcome.message ?? null,
				revision,
				appliedAt: deps.now()
			});
			known.set(id, { id, cvId: cv.id, outcome: outcome.status === 'applied' ? 'applied' : 'refused', field: outcome.field ?? null, message: outcome.message ?? null, revision, appliedAt: deps.now() });
			outcomes.push(outcome);
		}
		if (revision !== row.revision) {
			await tx.update(cvs).set({ draft: state.draft, removedIds: state.removed, revision, updatedAt: deps.now() }).where(eq(cvs.id, cv.id));
		}
		return { revision, draft: state.draft, outcomes };
	});
}

/** Operation ids are kept 90 days: a device offline longer than that sends whole CVs again. */
export async function purgeOldCvOperations(db: Database, now: Date): Promise<void> {
	await db.delete(cvOperations).where(lt(cvOperations.appliedAt, new Date(now.getTime() - 90 * 86_400_000)));
}
