import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import jsonMap, { type Pointer } from 'json-source-map';
import {
	isQuestion,
	MODULE_FORMAT,
	QUESTION_KINDS,
	type ModuleContent,
	type Step
} from '$lib/learning/content';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { findNetworkName, findStructurePlace } from '$lib/server/modules/structures';
import { authorize, can, requireActor, type Actor, type Place } from '$lib/server/platform/access';
import { recordAudit } from '$lib/server/platform/audit';
import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';
import { publishVersion } from './learning.catalogue';
import { isUuid } from './learning.repository';
import { learningModules, learningModuleVersions, MODULE_SCOPES, type ModuleScope, type ModuleStatus } from './learning.schema';
import {
	checkModuleContent,
	moduleMetaSchema,
	normalizeModule,
	pathToWords,
	stepSchema,
	type ContentIssue
} from './learning.validation';

/**
 * Professionals write learning modules ("parcours"): a draft edited step by step, published as
 * numbered immutable versions (youth finish the version they started), shared with their
 * structure, their network or everyone, imported and exported as JSON (docs/learning-module-format.md).
 * Every use case authorizes first against the module's owner (`learning_module` in access.ts).
 */

registerMessages({
	'learning.authoring.not_found': 'Ce parcours n’existe pas ou vous n’y avez pas accès.',
	'learning.authoring.step_not_found': 'Cette étape n’existe plus : elle a peut-être été supprimée entre-temps.',
	'learning.authoring.invalid': 'Certaines informations ne sont pas valides. Vérifiez les champs signalés.',
	'learning.authoring.step_invalid': 'Cette étape n’est pas encore complète. Vérifiez les champs signalés.',
	'learning.authoring.scope_not_allowed': 'Ce partage n’est pas possible pour ce parcours.',
	'learning.authoring.slug_taken': 'Cette adresse est déjà prise par un autre parcours. Choisissez-en une autre.',
	'learning.authoring.slug_locked': 'L’adresse d’un parcours déjà publié ne change plus : des jeunes l’ont peut-être gardée.',
	'learning.authoring.too_many_steps': 'Un parcours a 80 étapes au plus.',
	'learning.authoring.unknown_kind': 'Choisissez un type d’étape de la liste.',
	'learning.authoring.not_published': 'Ce parcours n’est pas publié : il n’y a rien à retirer.',
	'learning.authoring.version_not_found': 'Cette version du parcours n’existe pas.',
	'learning.authoring.import_empty': 'Choisissez un fichier JSON ou collez son contenu.',
	'learning.authoring.import_too_large': 'Ce fichier est trop lourd : 200 Ko au plus.'
});

type AuthorDeps = Pick<Deps, 'db' | 'now'>;

export const IMPORT_MAX_BYTES = 200 * 1024;
export const MAX_STEPS = 80;
/** Rows shown by the step editor (empty rows are ignored). */
export const CHOICE_ROWS = 6;
export const ITEM_ROWS = 7;
const MAX_CHOICES = { single: 8, multiple: 8, situation: 6 } as const;

export type StepKind = Step['kind'];
export const STEP_KINDS: readonly StepKind[] = ['card', ...QUESTION_KINDS];

export const SCOPE_LABELS: Record<ModuleScope, string> = {
	structure: 'Ma Mission Locale',
	network: 'Mon réseau',
	everyone: 'Tout le monde'
};
export const STATUS_LABELS: Record<ModuleStatus, string> = {
	draft: 'Brouillon',
	published: 'Publié',
	archived: 'Retiré'
};

const AUTHOR_ROLES = ['counselor', 'structure_manager', 'network_referent', 'platform_admin'] as const;
export const canAuthorModules = (actor: Pick<Actor, 'role'> | null): boolean =>
	!!actor && (AUTHOR_ROLES as readonly string[]).includes(actor.role);

const notFound = () => new DomainError('learning.authoring.not_found', 'not_found');
const stepNotFound = () => new DomainError('learning.authoring.step_not_found', 'not_found');
const invalid = (fields: Record<string, string>, code = 'learning.authoring.invalid') => new DomainError(code, 'invalid', { fields });
const slugTaken = () =>
	new DomainError('learning.authoring.slug_taken', 'conflict', {
		fields: { slug: 'Cette adresse est déjà prise par un autre parcours.' }
	});

type ModuleRow = typeof learningModules.$inferSelect;

const placeOf = (row: Pick<ModuleRow, 'ownerStructureId' | 'ownerNetworkId'>): Place => ({
	structureId: row.ownerStructureId,
	networkId: row.ownerNetworkId
});

/** Who owns what the actor writes: their structure (and its network), their network, or Tremplin. */
function ownerFor(actor: Actor): Place {
	switch (actor.role) {
		case 'counselor':
		case 'structure_manager':
			return { structureId: actor.structureId, networkId: actor.networkId };
		case 'network_referent':
			return { structureId: null, networkId: actor.networkId };
		case 'platform_admin':
			return { structureId: null, networkId: null };
		default:
			// Anyone else is refused by `authorize` (no role may write learning modules there).
			return { structureId: actor.structureId, networkId: actor.networkId };
	}
}

/** The sharing scopes possible for a module with this owner. */
export function scopesFor(owner: Place): ModuleScope[] {
	return MODULE_SCOPES.filter((s) => (s === 'structure' ? !!owner.structureId : s === 'network' ? !!owner.networkId : true));
}

function checkScope(scope: unknown, owner: Place): ModuleScope {
	if (!MODULE_SCOPES.includes(scope as ModuleScope)) {
		throw invalid({ scope: 'Choisissez avec qui partager ce parcours.' });
	}
	const s = scope as ModuleScope;
	if (s === 'structure' && !owner.structureId) {
		throw new DomainError('learning.authoring.scope_not_allowed', 'invalid', {
			fields: { scope: 'Ce parcours n’appartient pas à une Mission Locale : choisissez « Mon réseau » ou « Tout le monde ».' }
		});
	}
	if (s === 'network' && !owner.networkId) {
		throw new DomainError('learning.authoring.scope_not_allowed', 'invalid', {
			fields: { scope: 'Ce parcours n’appartient pas à un réseau : choisissez « Tout le monde ».' }
		});
	}
	return s;
}

const defaultScope = (owner: Place): ModuleScope => (owner.structureId ? 'structure' : owner.networkId ? 'network' : 'everyone');

const isUniqueViolation = (error: unknown) => {
	const err = error as { code?: string; cause?: { code?: string } } | null;
	return err?.code === '23505' || err?.cause?.code === '23505';
};

/** A random id that will never be reused after a deletion (old answers must not find a new question). */
const freshId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** "Mon premier entretien !" → "mon-premier-entretien". */
export function slugify(text: string): string {
	const slug = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 50)
		.replace(/-+$/g, '');
	return slug.length >= 3 ? slug : `parcours-${slug || randomBytes(2).toString('hex')}`.replace(/-+$/, '');
}

async function slugExists(db: Database, slug: string, exceptId?: string): Promise<boolean> {
	const rows = await db.select({ id: learningModules.id }).from(learningModules).where(eq(learningModules.slug, slug)).limit(1);
	return rows.length > 0 && rows[0]!.id !== exceptId;
}

async function freeSlug(db: Database, base: string): Promise<string> {
	if (!(await slugExists(db, base))) return base;
	for (let n = 2; n < 50; n++) {
		const candidate = `${base.slice(0, 56)}-${n}`;
		if (!(await slugExists(db, candidate))) return candidate;
	}
	return `${base.slice(0, 50)}-${randomBytes(3).toString('hex')}`;
}

/** JSON with sorted keys: jsonb does not keep key order, so contents are compared this way. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

async function lockModule(tx: Database, moduleId: string): Promise<ModuleRow> {
	if (!isUuid(moduleId)) throw notFound();
	const [row] = await tx.select().from(learningModules).where(eq(learningModules.id, moduleId)).for('update');
	if (!row) throw notFound();
	return row;
}

/** Runs an edit of the draft with the module row locked: two editors never lose each other's change. */
async function editDraft<T>(
	deps: AuthorDeps,
	actor: Actor | null,
	moduleId: string,
	edit: (draft: ModuleContent, row: ModuleRow) => { draft: ModuleContent; result: T }
): Promise<T> {
	requireActor(actor);
	return deps.db.transaction(async (raw) => {
		const tx = raw as unknown as Database;
		const row = await lockModule(tx, moduleId);
		authorize(actor, 'write', 'learning_module', placeOf(row));
		const { draft, result } = edit(structuredClone(row.draft), row);
		await tx.update(learningModules).set({ draft, updatedAt: deps.now() }).where(eq(learningModules.id, row.id));
		return result;
	});
}

// ── Creating and describing a module ──────────────────────────────────────────────────────────

/** Creates an empty draft owned by the actor's structure, network, or Tremplin (platform admins). */
export async function createModule(
	deps: AuthorDeps,
	actor: Actor | null,
	input: { title: unknown; summary?: unknown; scope?: unknown }
): Promise<{ id: string; slug: string }> {
	const me = requireActor(actor);
	const owner = ownerFor(me);
	authorize(me, 'write', 'learning_module', owner);
	const title = moduleMetaSchema.shape.title.safeParse(input.title);
	if (!title.success) throw invalid({ title: title.error.issues[0]!.message });
	const summary = typeof input.summary === 'string' ? input.summary.trim().slice(0, 240) : '';
	const scope = checkScope(input.scope === undefined || input.scope === '' ? defaultScope(owner) : input.scope, owner);
	for (let tries = 0; ; tries++) {
		const slug = await freeSlug(deps.db, slugify(title.data));
		const draft: ModuleContent = {
			format: MODULE_FORMAT,
			slug,
			title: title.data,
			summary,
			theme: '',
			emoji: '📘',
			minutes: 5,
			steps: []
		};
		try {
			const id = await deps.db.transaction(async (raw) => {
				const tx = raw as unknown as Database;
				const [row] = await tx
					.insert(learningModules)
					.values({
						slug,
						ownerStructureId: owner.structureId,
						ownerNetworkId: owner.networkId,
						authorId: me.userId,
						scope,
						status: 'draft',
						draft,
						createdAt: deps.now(),
						updatedAt: deps.now()
					})
					.returning({ id: learningModules.id });
				await recordAudit(tx, {
					actorId: me.userId,
					action: 'learning_module.created',
					targetType: 'learning_module',
					targetId: row!.id,
					structureId: owner.structureId,
					details: { slug, scope }
				});
				return row!.id;
			});
			return { id, slug };
		} catch (error) {
			// Another author took the same address at the same instant: pick the next one.
			if (isUniqueViolation(error) && tries < 3) continue;
			throw error;
		}
	}
}

export interface ModuleMetaInput {
	title: unknown;
	summary: unknown;
	theme: unknown;
	emoji: unknown;
	minutes: unknown;
	slug?: unknown;
	scope: unknown;
}

/** Title, summary, theme, emoji, duration, address (until first published) and sharing. */
export async function updateModuleMeta(deps: AuthorDeps, actor: Actor | null, moduleId: string, input: ModuleMetaInput): Promise<void> {
	requireActor(actor);
	try {
		await deps.db.transaction(async (raw) => {
			const tx = raw as unknown as Database;
			const row = await lockModule(tx, moduleId);
			authorize(actor, 'write', 'learning_module', placeOf(row));
			const slugInput = input.slug === undefined || input.slug === null || input.slug === '' ? row.slug : input.slug;
			const parsed = moduleMetaSchema.safeParse({ ...input, slug: slugInput });
			const fields: Record<string, string> = {};
			if (!parsed.success) for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
			let scope: ModuleScope | null = null;
			try {
				scope = checkScope(input.scope, placeOf(row));
			} catch (e) {
				if (e instanceof DomainError) Object.assign(fields, e.fields);
				else throw e;
			}
			if (!parsed.success || !scope) throw invalid(fields);
			const meta = parsed.data;
			if (meta.slug !== row.slug) {
				if (row.publishedVersionId) {
					throw new DomainError('learning.authoring.slug_locked', 'invalid', {
						fields: { slug: 'L’adresse d’un parcours déjà publié ne change plus.' }
					});
				}
				if (await slugExists(tx, meta.slug, row.id)) throw slugTaken();
			}
			const draft: ModuleContent = { ...row.draft, ...meta, format: MODULE_FORMAT };
			await tx
				.update(learningModules)
				.set({ slug: meta.slug, scope, draft, updatedAt: deps.now() })
				.where(eq(learningModules.id, row.id));
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw slugTaken();
		throw error;
	}
}

// ── Steps ─────────────────────────────────────────────────────────────────────────────────────

function emptyStep(kind: StepKind, id: string): Step {
	switch (kind) {
		case 'card':
			return { kind, id, title: '', body: '' };
		case 'single':
		case 'multiple':
			return { kind, id, prompt: '', choices: [], explanation: '' };
		case 'true_false':
			return { kind, id, prompt: '', answer: true, explanation: '' };
		case 'order':
			return { kind, id, prompt: '', items: [], explanation: '' };
		case 'situation':
			return { kind, id, situation: '', prompt: 'Que fais-tu ?', choices: [], explanation: '' };
	}
}

/** Adds an empty step at the end of the draft (filled in by the step editor). */
export async function addStep(deps: AuthorDeps, actor: Actor | null, moduleId: string, kind: unknown): Promise<{ stepId: string }> {
	if (!STEP_KINDS.includes(kind as StepKind)) {
		throw new DomainError('learning.authoring.unknown_kind', 'invalid', { fields: { kind: 'Choisissez un type d’étape de la liste.' } });
	}
	return editDraft(deps, actor, moduleId, (draft) => {
		if (draft.steps.length >= MAX_STEPS) throw new DomainError('learning.authoring.too_many_steps', 'invalid');
		const taken = new Set(draft.steps.map((s) => s.id));
		let id: string;
		do id = freshId(kind === 'card' ? 'carte' : 'q');
		while (taken.has(id));
		draft.steps.push(emptyStep(kind as StepKind, id));
		return { draft, result: { stepId: id } };
	});
}

/** zod path → form-like field key: ['choices', 2, 'label'] → "choices_2_label". */
const fieldKey = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join('_') : 'form');

/**
 * Replaces a step of the draft (its kind and id are kept). The step must be valid: errors come
 * back by field ("choices_2_label", "choices", "prompt"…), and nothing is saved.
 */
export async function updateStep(deps: AuthorDeps, actor: Actor | null, moduleId: string, stepId: string, input: unknown): Promise<void> {
	await editDraft(deps, actor, moduleId, (draft) => {
		const index = draft.steps.findIndex((s) => s.id === stepId);
		if (index === -1) throw stepNotFound();
		const existing = draft.steps[index]!;
		const parsed = stepSchema.safeParse({ ...(input as object), kind: existing.kind, id: existing.id });
		if (!parsed.success) {
			const fields: Record<string, string> = {};
			for (const issue of parsed.error.issues) fields[fieldKey(issue.path)] ??= frenchMessage(issue.message);
			throw invalid(fields, 'learning.authoring.step_invalid');
		}
		const [step] = normalizeModule({ ...draft, steps: [parsed.data as Step] }).steps;
		draft.steps[index] = step!;
		return { draft, result: undefined };
	});
}

export async function moveStep(deps: AuthorDeps, actor: Actor | null, moduleId: string, stepId: string, direction: 'up' | 'down'): Promise<void> {
	await editDraft(deps, actor, moduleId, (draft) => {
		const index = draft.steps.findIndex((s) => s.id === stepId);
		if (index === -1) throw stepNotFound();
		const target = direction === 'up' ? index - 1 : index + 1;
		if (target >= 0 && target < draft.steps.length) {
			[draft.steps[index], draft.steps[target]] = [draft.steps[target]!, draft.steps[index]!];
		}
		return { draft, result: undefined };
	});
}

export async function deleteStep(deps: AuthorDeps, actor: Actor | null, moduleId: string, stepId: string): Promise<void> {
	await editDraft(deps, actor, moduleId, (draft) => {
		const index = draft.steps.findIndex((s) => s.id === stepId);
		if (index === -1) throw stepNotFound();
		draft.steps.splice(index, 1);
		return { draft, result: undefined };
	});
}

// ── The step editor's plain form (works without JavaScript) ───────────────────────────────────

/** Which form row each kept choice/item came from, to put errors next to the right row. */
interface RowMap {
	choices: number[];
	items: number[];
}

/** A one-line text of the form (a line break typed in a textarea becomes a space). */
const str = (values: Record<string, string>, key: string) => (values[key] ?? '').replace(/\s*\r?\n\s*/g, ' ').trim();
/** A text of several lines (situation, explanation). */
const multiline = (values: Record<string, string>, key: string) => (values[key] ?? '').replace(/\r\n/g, '\n').trim();

/** Number of choice rows the editor shows for a step. */
export function choiceRowsFor(step: Step): number {
	if (step.kind === 'single' || step.kind === 'multiple' || step.kind === 'situation') {
		return Math.min(MAX_CHOICES[step.kind], Math.max(CHOICE_ROWS, step.choices.length));
	}
	return 0;
}

/**
 * Reads the step editor's form: fixed rows `choice_<n>_label|feedback|id|correct|verdict`,
 * `item_<n>_label|id`, radio `correct` (single), `answer` (true/false). Empty rows are ignored.
 */
export function stepFromForm(kind: StepKind, values: Record<string, string>): { input: Record<string, unknown>; rows: RowMap } {
	const rows: RowMap = { choices: [], items: [] };
	const maxRows = 8;
	switch (kind) {
		case 'card': {
			const url = str(values, 'video_url');
			const title = str(values, 'video_title');
			return {
				input: {
					title: str(values, 'title'),
					body: multiline(values, 'body'),
					emoji: str(values, 'emoji'),
					...(url || title ? { video: { url, title } } : {})
				},
				rows
			};
		}
		case 'true_false': {
			const answer = values.answer === 'true' ? true : values.answer === 'false' ? false : undefined;
			return { input: { prompt: str(values, 'prompt'), answer, explanation: multiline(values, 'explanation') }, rows };
		}
		case 'order': {
			const items: { id?: string; label: string }[] = [];
			for (let i = 0; i < ITEM_ROWS; i++) {
				const label = str(values, `item_${i}_label`);
				if (!label) continue;
				const id = str(values, `item_${i}_id`);
				items.push({ ...(id ? { id } : {}), label });
				rows.items.push(i);
			}
			return { input: { prompt: str(values, 'prompt'), items, explanation: multiline(values, 'explanation') }, rows };
		}
		case 'single':
		case 'multiple':
		case 'situation': {
			const choices: Record<string, unknown>[] = [];
			for (let i = 0; i < maxRows; i++) {
				const label = str(values, `choice_${i}_label`);
				const feedback = str(values, `choice_${i}_feedback`);
				if (!label && !feedback) continue;
				const id = str(values, `choice_${i}_id`);
				const base = { ...(id ? { id } : {}), label };
				if (kind === 'situation') {
					choices.push({ ...base, verdict: values[`choice_${i}_verdict`] || undefined, feedback });
				} else {
					const correct = kind === 'single' ? values.correct === String(i) : values[`choice_${i}_correct`] === 'on';
					choices.push({ ...base, correct, ...(feedback ? { feedback } : {}) });
				}
				rows.choices.push(i);
			}
			return {
				input: {
					...(kind === 'situation' ? { situation: multiline(values, 'situation') } : {}),
					prompt: str(values, 'prompt'),
					choices,
					explanation: multiline(values, 'explanation')
				},
				rows
			};
		}
	}
}

/** The step editor's form values for a saved step (the inverse of `stepFromForm`). */
export function stepFormValues(step: Step): Record<string, string> {
	const v: Record<string, string> = {};
	switch (step.kind) {
		case 'card':
			Object.assign(v, { title: step.title, body: step.body, emoji: step.emoji ?? '', video_url: step.video?.url ?? '', video_title: step.video?.title ?? '' });
			break;
		case 'true_false':
			Object.assign(v, { prompt: step.prompt, answer: String(step.answer), explanation: step.explanation });
			break;
		case 'order':
			Object.assign(v, { prompt: step.prompt, explanation: step.explanation });
			step.items.forEach((item, i) => Object.assign(v, { [`item_${i}_id`]: item.id, [`item_${i}_label`]: item.label }));
			break;
		case 'single':
		case 'multiple':
		case 'situation':
			Object.assign(v, { prompt: step.prompt, explanation: step.explanation });
			if (step.kind === 'situation') v.situation = step.situation;
			step.choices.forEach((c, i) => {
				Object.assign(v, { [`choice_${i}_id`]: c.id, [`choice_${i}_label`]: c.label, [`choice_${i}_feedback`]: c.feedback ?? '' });
				if ('verdict' in c) v[`choice_${i}_verdict`] = c.verdict;
				else if (c.correct) {
					if (step.kind === 'single') v.correct = String(i);
					else v[`choice_${i}_correct`] = 'on';
				}
			});
			break;
	}
	return v;
}

function remapFields(fields: Record<string, string>, rows: RowMap): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, message] of Object.entries(fields)) {
		const m = /^(choices|items)_(\d+)_(.+)$/.exec(key);
		if (m) {
			const list = m[1] === 'choices' ? rows.choices : rows.items;
			const row = list[Number(m[2])] ?? Number(m[2]);
			// The form offers a list of verdicts: the JSON wording ("best", "avoid") would not help there.
			const text = m[3] === 'verdict' ? 'Choisissez un avis pour cette réponse.' : message;
			out[`${m[1] === 'choices' ? 'choice' : 'item'}_${row}_${m[3]}`] ??= text;
		} else {
			out[key] ??= message;
		}
	}
	return out;
}

/** Saves the step editor's form; errors come back with the form's own field names. */
export async function saveStepForm(
	deps: AuthorDeps,
	actor: Actor | null,
	moduleId: string,
	stepId: string,
	values: Record<string, string>
): Promise<void> {
	const module = await getModuleForEditing(deps, actor, moduleId);
	if (!module) throw notFound();
	const step = module.draft.steps.find((s) => s.id === stepId);
	if (!step) throw stepNotFound();
	const { input, rows } = stepFromForm(step.kind, values);
	try {
		await updateStep(deps, actor, moduleId, stepId, input);
	} catch (error) {
		if (error instanceof DomainError && error.code === 'learning.authoring.step_invalid') {
			throw invalid(remapFields(error.fields, rows), error.code);
		}
		throw error;
	}
}

// ── Publishing ────────────────────────────────────────────────────────────────────────────────

export interface PublishIssue extends ContentIssue {
	/** The step concerned (for a link to its editor), when the issue is inside a step. */
	stepId: string | null;
	stepIndex: number | null;
}

export type PublishResult =
	| { ok: true; number: number; unchanged: boolean }
	| { ok: false; issues: PublishIssue[] };

function stepOfPath(path: string, draft: ModuleContent): { stepId: string | null; stepIndex: number | null } {
	const m = /^steps\[(\d+)\]/.exec(path);
	if (!m) return { stepId: null, stepIndex: null };
	const index = Number(m[1]);
	return { stepId: draft.steps[index]?.id ?? null, stepIndex: index };
}

/**
 * Validates the whole draft and publishes it as the next version (youth who started an earlier
 * version finish it). The row is locked: two publishes cannot race. An unchanged draft creates no
 * new version (it only puts a withdrawn module back online).
 */
export async function publishModule(deps: AuthorDeps, actor: Actor | null, moduleId: string): Promise<PublishResult> {
	const me = requireActor(actor);
	return deps.db.transaction(async (raw) => {
		const tx = raw as unknown as Database;
		const row = await lockModule(tx, moduleId);
		authorize(me, 'write', 'learning_module', placeOf(row));
		const checked = checkModuleContent({ ...row.draft, slug: row.slug });
		if (!checked.ok) {
			return {
				ok: false as const,
				issues: checked.issues.map((i) => ({ ...i, message: frenchMessage(i.message), ...stepOfPath(i.path, row.draft) }))
			};
		}
		const content = checked.content;
		if (row.publishedVersionId) {
			const [current] = await tx
				.select({ number: learningModuleVersions.number, content: learningModuleVersions.content })
				.from(learningModuleVersions)
				.where(eq(learningModuleVersions.id, row.publishedVersionId));
			if (current && canonical(current.content) === canonical(content)) {
				if (row.status !== 'published') {
					await tx.update(learningModules).set({ status: 'published', updatedAt: deps.now() }).where(eq(learningModules.id, row.id));
					await audit(tx, me, row, 'learning_module.published', { version: current.number, republished: true });
				}
				return { ok: true as const, number: current.number, unchanged: row.status === 'published' };
			}
		}
		const version = await publishVersion(tx, { moduleId: row.id, content, publishedBy: me.userId });
		await tx.update(learningModules).set({ draft: content, updatedAt: deps.now() }).where(eq(learningModules.id, row.id));
		await audit(tx, me, row, 'learning_module.published', { version: version.number });
		return { ok: true as const, number: version.number, unchanged: false };
	});
}

const audit = (tx: Database, actor: Actor, row: ModuleRow, action: string, details: Record<string, unknown> = {}) =>
	recordAudit(tx, {
		actorId: actor.userId,
		action,
		targetType: 'learning_module',
		targetId: row.id,
		structureId: row.ownerStructureId,
		details: { slug: row.slug, ...details }
	});

/** Withdraws a published module: youth no longer see it; attempts and answers are kept. */
export async function unpublishModule(deps: AuthorDeps, actor: Actor | null, moduleId: string): Promise<void> {
	const me = requireActor(actor);
	await deps.db.transaction(async (raw) => {
		const tx = raw as unknown as Database;
		const row = await lockModule(tx, moduleId);
		authorize(me, 'write', 'learning_module', placeOf(row));
		if (row.status !== 'published') throw new DomainError('learning.authoring.not_published', 'conflict');
		await tx.update(learningModules).set({ status: 'archived', updatedAt: deps.now() }).where(eq(learningModules.id, row.id));
		await audit(tx, me, row, 'learning_module.archived');
	});
}

// ── Import and export (JSON, docs/learning-module-format.md) ──────────────────────────────────

export interface ImportIssue {
	/** 1-based line in the file, when known. */
	line: number | null;
	column: number | null;
	/** e.g. "steps[3].choices" */
	path: string;
	/** e.g. "Étape 4 › réponses" */
	where: string;
	message: string;
}

export type ImportResult = { ok: true; id: string; slug: string } | { ok: false; issues: ImportIssue[] };

const TYPE_WORDS: Record<string, string> = {
	object: 'un objet { … }',
	array: 'une liste [ … ]',
	string: 'un texte entre guillemets',
	number: 'un nombre',
	boolean: 'true ou false',
	null: 'null',
	undefined: 'rien'
};

/** zod's own (English) messages, for shapes the module schema does not name, said in French. */
export function frenchMessage(message: string): string {
	const typed = /expected (\w+), received (\w+)/i.exec(message);
	if (typed) {
		const expected = TYPE_WORDS[typed[1]!.toLowerCase()] ?? typed[1];
		if (typed[2] === 'undefined') return `Champ manquant : ${expected} est attendu.`;
		return `Type inattendu : ${expected} est attendu ici, pas ${TYPE_WORDS[typed[2]!.toLowerCase()] ?? typed[2]}.`;
	}
	if (/^(Invalid|Unrecognized|Too (small|big)|Expected)/.test(message)) return 'Valeur inattendue à cet endroit.';
	return message;
}

function lineAndColumn(text: string, pos: number): { line: number; column: number } {
	const before = text.slice(0, Math.max(0, Math.min(pos, text.length)));
	const lines = before.split('\n');
	return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function syntaxIssue(text: string, error: unknown): ImportIssue {
	const message = error instanceof Error ? error.message : '';
	const at = /position (\d+)/.exec(message);
	const pos = at ? Number(at[1]) : text.length;
	const { line, column } = lineAndColumn(text, pos);
	const token = /Unexpected token (.)/.exec(message)?.[1];
	const why = at
		? `Le fichier n’est pas un JSON valide : caractère inattendu${token ? ` « ${token} »` : ''} ligne ${line}, colonne ${column}. Une virgule, un guillemet ou une accolade manque peut-être juste avant.`
		: `Le fichier n’est pas un JSON valide : il s’arrête avant la fin (ligne ${line}). Une accolade } ou un crochet ] manque peut-être.`;
	return { line, column, path: '', where: 'Fichier', message: why };
}

/** "steps[3].choices[0].label" → "/steps/3/choices/0/label" */
const pointerOf = (path: string) => (path ? '/' + path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean).join('/') : '');

function locate(pointers: Record<string, Pointer>, path: string): { line: number | null; column: number | null } {
	let pointer = pointerOf(path);
	for (;;) {
		const found = pointers[pointer];
		if (found) {
			const at = found.key ?? found.value;
			return { line: at.line + 1, column: at.column + 1 };
		}
		if (!pointer) return { line: null, column: null };
		pointer = pointer.slice(0, pointer.lastIndexOf('/'));
	}
}

/**
 * Imports a module from its JSON text, as a draft of the actor's structure/network. Everything is
 * checked first (syntax → line and column; content → line and field; address taken); on any
 * problem nothing is written.
 */
export async function importModule(
	deps: AuthorDeps,
	actor: Actor | null,
	input: { text: string; scope?: unknown }
): Promise<ImportResult> {
	const me = requireActor(actor);
	const owner = ownerFor(me);
	authorize(me, 'write', 'learning_module', owner);
	const scope = checkScope(input.scope === undefined || input.scope === '' ? defaultScope(owner) : input.scope, owner);
	const text = (input.text ?? '').replace(/^\uFEFF/, '');
	if (!text.trim()) throw new DomainError('learning.authoring.import_empty', 'invalid', { fields: { file: 'Choisissez un fichier JSON ou collez son contenu.' } });
	if (Buffer.byteLength(text, 'utf8') > IMPORT_MAX_BYTES) {
		throw new DomainError('learning.authoring.import_too_large', 'invalid', { fields: { file: 'Ce fichier est trop lourd : 200 Ko au plus.' } });
	}
	let parsed: { data: unknown; pointers: Record<string, Pointer> };
	try {
		parsed = jsonMap.parse(text);
	} catch (error) {
		return { ok: false, issues: [syntaxIssue(text, error)] };
	}
	const { data, pointers } = parsed;
	if (!data || typeof data !== 'object' || Array.isArray(data)) {
		return {
			ok: false,
			issues: [{ line: 1, column: 1, path: '', where: 'Fichier', message: 'Le fichier doit contenir un parcours : un objet { … } avec "format", "slug", "title"… et "steps".' }]
		};
	}
	const checked = checkModuleContent(data);
	if (!checked.ok) {
		return {
			ok: false,
			issues: checked.issues.map((i) => ({ ...locate(pointers, i.path), path: i.path, where: i.where, message: frenchMessage(i.message) }))
		};
	}
	const content = checked.content;
	const taken = (): ImportResult => ({
		ok: false,
		issues: [
			{
				...locate(pointers, 'slug'),
				path: 'slug',
				where: pathToWords(['slug']),
				message: `L’adresse « ${content.slug} » est déjà prise par un autre parcours. Changez "slug" dans le fichier (ex. : ${content.slug}-2).`
			}
		]
	});
	if (await slugExists(deps.db, content.slug)) return taken();
	try {
		return await deps.db.transaction(async (raw) => {
			const tx = raw as unknown as Database;
			const [row] = await tx
				.insert(learningModules)
				.values({
					slug: content.slug,
					ownerStructureId: owner.structureId,
					ownerNetworkId: owner.networkId,
					authorId: me.userId,
					scope,
					status: 'draft',
					draft: content,
					createdAt: deps.now(),
					updatedAt: deps.now()
				})
				.returning();
			await audit(tx, me, row!, 'learning_module.imported', { steps: content.steps.length });
			return { ok: true as const, id: row!.id, slug: content.slug };
		});
	} catch (error) {
		if (isUniqueViolation(error)) return taken();
		throw error;
	}
}

/** The module as a JSON file: the draft, or a published version (`version` = its number). */
export async function exportModule(
	deps: AuthorDeps,
	actor: Actor | null,
	moduleId: string,
	options: { version?: number } = {}
): Promise<{ filename: string; json: string }> {
	const me = requireActor(actor);
	if (!isUuid(moduleId)) throw notFound();
	const [row] = await deps.db.select().from(learningModules).where(eq(learningModules.id, moduleId));
	if (!row) throw notFound();
	authorize(me, 'read', 'learning_module', placeOf(row));
	let content = row.draft;
	let suffix = '';
	if (options.version !== undefined) {
		const [version] = await deps.db
			.select({ content: learningModuleVersions.content })
			.from(learningModuleVersions)
			.where(and(eq(learningModuleVersions.moduleId, row.id), eq(learningModuleVersions.number, options.version)));
		if (!version) throw new DomainError('learning.authoring.version_not_found', 'not_found');
		content = version.content;
		suffix = `-v${options.version}`;
	}
	const ordered = {
		format: MODULE_FORMAT,
		slug: row.slug,
		title: content.title,
		summary: content.summary,
		theme: content.theme,
		emoji: content.emoji,
		minutes: content.minutes,
		steps: content.steps.map(orderStep)
	};
	return { filename: `${row.slug}${suffix}.json`, json: JSON.stringify(ordered, null, 2) + '\n' };
}

/** Keys in the order of the format document, so exported files read well. */
function orderStep(step: Step): Record<string, unknown> {
	const pick = (obj: object, keys: string[]) =>
		Object.fromEntries(keys.filter((k) => (obj as Record<string, unknown>)[k] !== undefined).map((k) => [k, (obj as Record<string, unknown>)[k]]));
	switch (step.kind) {
		case 'card':
			return pick(step, ['kind', 'id', 'title', 'emoji', 'body', 'video']);
		case 'single':
		case 'multiple':
			return { ...pick(step, ['kind', 'id', 'prompt']), choices: step.choices.map((c) => pick(c, ['id', 'label', 'correct', 'feedback'])), explanation: step.explanation };
		case 'true_false':
			return pick(step, ['kind', 'id', 'prompt', 'answer', 'explanation']);
		case 'order':
			return { ...pick(step, ['kind', 'id', 'prompt']), items: step.items.map((i) => pick(i, ['id', 'label'])), explanation: step.explanation };
		case 'situation':
			return {
				...pick(step, ['kind', 'id', 'situation', 'prompt']),
				choices: step.choices.map((c) => pick(c, ['id', 'label', 'verdict', 'feedback'])),
				explanation: step.explanation
			};
	}
}

// ── Reads for the authoring pages ─────────────────────────────────────────────────────────────

export interface AuthorableModule {
	id: string;
	slug: string;
	title: string;
	emoji: string;
	status: ModuleStatus;
	scope: ModuleScope;
	/** Number of the version youth play; null before the first publication. */
	versionNumber: number | null;
	/** The draft differs from the published version. */
	hasUnpublishedChanges: boolean;
	stepCount: number;
	questionCount: number;
	owner: string;
	updatedAt: Date;
}

async function ownerLabel(db: Database, row: Pick<ModuleRow, 'ownerStructureId' | 'ownerNetworkId'>, cache = new Map<string, string>()) {
	const key = `${row.ownerStructureId ?? ''}/${row.ownerNetworkId ?? ''}`;
	const hit = cache.get(key);
	if (hit) return hit;
	let label = 'Tremplin';
	if (row.ownerStructureId) label = (await findStructurePlace(db, row.ownerStructureId))?.name ?? 'Mission Locale';
	else if (row.ownerNetworkId) label = (await findNetworkName(db, row.ownerNetworkId)) ?? 'Réseau';
	cache.set(key, label);
	return label;
}

/** The modules the actor may edit, most recently changed first. */
export async function listAuthorableModules(deps: Pick<Deps, 'db'>, actor: Actor | null): Promise<AuthorableModule[]> {
	if (!actor || !canAuthorModules(actor)) return [];
	let where: SQL | undefined;
	if (actor.role === 'platform_admin') where = undefined;
	else if (actor.role === 'network_referent') {
		if (!actor.networkId) return [];
		where = eq(learningModules.ownerNetworkId, actor.networkId);
	} else {
		if (!actor.structureId) return [];
		where = eq(learningModules.ownerStructureId, actor.structureId);
	}
	const rows = await deps.db.select().from(learningModules).where(where).orderBy(desc(learningModules.updatedAt), learningModules.slug);
	const mine = rows.filter((r) => can(actor, 'read', 'learning_module', placeOf(r)));
	const versionIds = mine.flatMap((r) => (r.publishedVersionId ? [r.publishedVersionId] : []));
	const versions = versionIds.length
		? await deps.db
				.select({ id: learningModuleVersions.id, number: learningModuleVersions.number, content: learningModuleVersions.content })
				.from(learningModuleVersions)
				.where(inArray(learningModuleVersions.id, versionIds))
		: [];
	const byId = new Map(versions.map((v) => [v.id, v]));
	const cache = new Map<string, string>();
	const out: AuthorableModule[] = [];
	for (const r of mine) {
		const version = r.publishedVersionId ? byId.get(r.publishedVersionId) : undefined;
		out.push({
			id: r.id,
			slug: r.slug,
			title: r.draft.title || 'Sans titre',
			emoji: r.draft.emoji || '📘',
			status: r.status,
			scope: r.scope,
			versionNumber: version?.number ?? null,
			hasUnpublishedChanges: version ? canonical(version.content) !== canonical(r.draft) : true,
			stepCount: r.draft.steps.length,
			questionCount: r.draft.steps.filter(isQuestion).length,
			owner: await ownerLabel(deps.db, r, cache),
			updatedAt: r.updatedAt
		});
	}
	return out;
}

export interface ModuleForEditing {
	id: string;
	slug: string;
	status: ModuleStatus;
	scope: ModuleScope;
	/** Sharing scopes possible for this module's owner. */
	scopes: ModuleScope[];
	owner: string;
	/** Tremplin's own module (from content/parcours): a new file at deployment may replace edits. */
	fromCatalogueFile: boolean;
	draft: ModuleContent;
	versions: { number: number; publishedAt: Date; questionCount: number }[];
	versionNumber: number | null;
	hasUnpublishedChanges: boolean;
	/** The address no longer changes once published. */
	slugLocked: boolean;
	/** What publishing would refuse now (empty when the draft is ready). */
	issues: PublishIssue[];
	updatedAt: Date;
}

/** One module for its editor, or null when it does not exist or is outside the actor's reach. */
export async function getModuleForEditing(deps: Pick<Deps, 'db'>, actor: Actor | null, moduleId: string): Promise<ModuleForEditing | null> {
	if (!actor || !isUuid(moduleId)) return null;
	const [row] = await deps.db.select().from(learningModules).where(eq(learningModules.id, moduleId));
	if (!row || !can(actor, 'read', 'learning_module', placeOf(row))) return null;
	const versions = await deps.db
		.select({
			id: learningModuleVersions.id,
			number: learningModuleVersions.number,
			publishedAt: learningModuleVersions.publishedAt,
			questionCount: learningModuleVersions.questionCount,
			content: learningModuleVersions.content
		})
		.from(learningModuleVersions)
		.where(eq(learningModuleVersions.moduleId, row.id))
		.orderBy(desc(learningModuleVersions.number));
	const current = versions.find((v) => v.id === row.publishedVersionId);
	const checked = checkModuleContent({ ...row.draft, slug: row.slug });
	const issues: PublishIssue[] = checked.ok
		? []
		: checked.issues.map((i) => ({ ...i, message: frenchMessage(i.message), ...stepOfPath(i.path, row.draft) }));
	return {
		id: row.id,
		slug: row.slug,
		status: row.status,
		scope: row.scope,
		scopes: scopesFor(placeOf(row)),
		owner: await ownerLabel(deps.db, row),
		fromCatalogueFile: row.sourceHash !== null,
		draft: row.draft,
		versions: versions.map((v) => ({ number: v.number, publishedAt: v.publishedAt, questionCount: v.questionCount })),
		versionNumber: current?.number ?? null,
		hasUnpublishedChanges: current ? canonical(current.content) !== canonical(row.draft) : true,
		slugLocked: row.publishedVersionId !== null,
		issues,
		updatedAt: row.updatedAt
	};
}

/** The sharing scopes a new module of this actor may use (for the "Nouveau parcours" form). */
export function newModuleScopes(actor: Actor): ModuleScope[] {
	return scopesFor(ownerFor(actor));
}

