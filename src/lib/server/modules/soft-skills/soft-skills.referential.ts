import { and, desc, eq, max } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { requireRole, type Actor } from '$lib/server/platform/access';
import { INITIAL_REFERENTIAL } from './soft-skills.data';
import { familyNotFound, invalidReferential, noDraft, skillNotFound } from './soft-skills.errors';
import { softSkillReferentials, type SoftSkill, type SoftSkillReferentialContent } from './soft-skills.schema';

/**
 * The referential and its versions. Version 1 comes from `soft-skills.data.ts` and is written the
 * first time anyone reads the referential (idempotent: two processes racing insert it once). A
 * platform admin edits one draft (a copy of the published version) and publishes it. Skills are
 * never deleted, only retired: a retired skill is no longer proposed, and stays readable wherever a
 * youth picked it. Skill ids never change.
 */

type Deps = { db: Database; now: () => Date };
type Reader = Pick<Database, 'select'>;

export interface Referential {
	number: number;
	content: SoftSkillReferentialContent;
}

/** Writes version 1 when the table is empty. */
export async function ensureReferential(db: Database): Promise<void> {
	const [row] = await db.select({ number: softSkillReferentials.number }).from(softSkillReferentials).limit(1);
	if (row) return;
	await db
		.insert(softSkillReferentials)
		.values({ number: 1, status: 'published', content: INITIAL_REFERENTIAL, publishedAt: new Date() })
		.onConflictDoNothing();
}

/** The published referential (seeding it first if needed). */
export async function publishedReferential(db: Database): Promise<Referential> {
	const read = async (r: Reader) =>
		(
			await r
				.select({ number: softSkillReferentials.number, content: softSkillReferentials.content })
				.from(softSkillReferentials)
				.where(eq(softSkillReferentials.status, 'published'))
				.limit(1)
		)[0];
	let row = await read(db);
	if (!row) {
		await ensureReferential(db);
		row = await read(db);
	}
	if (!row) throw new Error('soft-skills referential missing');
	return row;
}

export const skillMap = (content: SoftSkillReferentialContent) => new Map(content.skills.map((s) => [s.id, s]));
export const activeSkills = (content: SoftSkillReferentialContent) => content.skills.filter((s) => !s.retired);

// ---------------------------------------------------------------------------------------------
// Platform admin: draft, edit, retire, publish

export interface ReferentialAdminView {
	published: Referential;
	draft: Referential | null;
	history: { number: number; status: string; publishedAt: Date | null }[];
}

export async function getReferentialForAdmin(deps: Deps, actor: Actor | null): Promise<ReferentialAdminView> {
	requireRole(actor, ['platform_admin']);
	const published = await publishedReferential(deps.db);
	const [draft] = await deps.db
		.select({ number: softSkillReferentials.number, content: softSkillReferentials.content })
		.from(softSkillReferentials)
		.where(eq(softSkillReferentials.status, 'draft'));
	const history = await deps.db
		.select({ number: softSkillReferentials.number, status: softSkillReferentials.status, publishedAt: softSkillReferentials.publishedAt })
		.from(softSkillReferentials)
		.orderBy(desc(softSkillReferentials.number))
		.limit(50);
	return { published, draft: draft ?? null, history };
}

/** Runs `change` on the draft (created from the published version when there is none), in one transaction. */
async function editDraft(deps: Deps, change: (content: SoftSkillReferentialContent) => void): Promise<Referential> {
	const published = await publishedReferential(deps.db);
	return deps.db.transaction(async (tx) => {
		// Editors take turns on the published row: the draft is created once and edits do not overwrite each other.
		await tx.select({ n: softSkillReferentials.number }).from(softSkillReferentials).where(eq(softSkillReferentials.number, published.number)).for('update');
		let [draft] = await tx
			.select({ number: softSkillReferentials.number, content: softSkillReferentials.content })
			.from(softSkillReferentials)
			.where(eq(softSkillReferentials.status, 'draft'));
		if (!draft) {
			const [{ top }] = (await tx.select({ top: max(softSkillReferentials.number) }).from(softSkillReferentials)) as [{ top: number | null }];
			draft = { number: (top ?? 0) + 1, content: structuredClone(published.content) };
			await tx.insert(softSkillReferentials).values({ number: draft.number, status: 'draft', content: draft.content });
		}
		const content = structuredClone(draft.content);
		change(content);
		await tx.update(softSkillReferentials).set({ content }).where(and(eq(softSkillReferentials.number, draft.number), eq(softSkillReferentials.status, 'draft')));
		return { number: draft.number, content };
	});
}

const slug = (name: string) =>
	name
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 40) || 'qualite';

export interface SkillInput {
	name?: unknown;
	definition?: unknown;
	/** One behaviour per line. */
	behaviours?: unknown;
	familyId?: unknown;
}

function readSkillInput(input: SkillInput, content: SoftSkillReferentialContent) {
	const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
	const name = str(input.name);
	const definition = str(input.definition);
	const behaviours = str(input.behaviours)
		.split(/\r?\n/)
		.map((b) => b.trim().replace(/^[-•*]\s*/, ''))
		.filter(Boolean);
	const familyId = str(input.familyId);
	const fields: Record<string, string> = {};
	if (name.length < 2 || name.length > 60) fields.name = 'Entre 2 et 60 caractères.';
	if (definition.length < 10 || definition.length > 300) fields.definition = 'Entre 10 et 300 caractères.';
	if (behaviours.length < 2 || behaviours.length > 4 || behaviours.some((b) => b.length > 150))
		fields.behaviours = 'De 2 à 4 comportements observables, un par ligne, 150 caractères au plus chacun.';
	if (Object.keys(fields).length > 0) throw invalidReferential(fields);
	if (!content.families.some((f) => f.id === familyId)) throw familyNotFound();
	return { name, definition, behaviours, familyId };
}

/** Changes a skill's name, definition, behaviours or family in the draft (its id stays). */
export async function updateSkill(deps: Deps, actor: Actor | null, skillId: string, input: SkillInput): Promise<Referential> {
	requireRole(actor, ['platform_admin']);
	return editDraft(deps, (content) => {
		const skill = content.skills.find((s) => s.id === skillId);
		if (!skill) throw skillNotFound();
		Object.assign(skill, readSkillInput(input, content));
	});
}

/** Adds a skill to the draft; its id is made from its name and never changes afterwards. */
export async function addSkill(deps: Deps, actor: Actor | null, input: SkillInput): Promise<{ id: string }> {
	requireRole(actor, ['platform_admin']);
	let id = '';
	await editDraft(deps, (content) => {
		const fields = readSkillInput(input, content);
		const base = slug(fields.name);
		id = base;
		for (let i = 2; content.skills.some((s) => s.id === id); i++) id = `${base}-${i}`;
		const skill: SoftSkill = { id, ...fields, keywords: [], retired: false };
		content.skills.push(skill);
	});
	return { id };
}

/** Retires a skill in the draft (or brings it back): it stays readable, it is no longer proposed. */
export async function setSkillRetired(deps: Deps, actor: Actor | null, skillId: string, retired: boolean): Promise<void> {
	requireRole(actor, ['platform_admin']);
	await editDraft(deps, (content) => {
		const skill = content.skills.find((s) => s.id === skillId);
		if (!skill) throw skillNotFound();
		skill.retired = retired;
	});
}

/** Publishes the draft: it becomes the referential everyone reads; the previous version is archived. */
export async function publishDraft(deps: Deps, actor: Actor | null): Promise<{ number: number }> {
	const admin = requireRole(actor, ['platform_admin']);
	await publishedReferential(deps.db);
	return deps.db.transaction(async (tx) => {
		const [published] = await tx
			.select({ number: softSkillReferentials.number })
			.from(softSkillReferentials)
			.where(eq(softSkillReferentials.status, 'published'))
			.for('update');
		const [draft] = await tx
			.select({ number: softSkillReferentials.number })
			.from(softSkillReferentials)
			.where(eq(softSkillReferentials.status, 'draft'))
			.for('update');
		if (!draft) throw noDraft();
		if (published) await tx.update(softSkillReferentials).set({ status: 'archived' }).where(eq(softSkillReferentials.number, published.number));
		await tx
			.update(softSkillReferentials)
			.set({ status: 'published', publishedAt: deps.now(), publishedBy: admin.userId })
			.where(eq(softSkillReferentials.number, draft.number));
		return { number: draft.number };
	});
}

/** Throws the draft away. */
export async function discardDraft(deps: Deps, actor: Actor | null): Promise<void> {
	requireRole(actor, ['platform_admin']);
	await deps.db.delete(softSkillReferentials).where(eq(softSkillReferentials.status, 'draft'));
}
