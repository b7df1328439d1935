import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleContent } from '$lib/learning/content';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { auditEvents } from '$lib/server/platform/audit/audit.schema';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { aWorld, type World } from '$lib/server/testing/world';
import './index';
import {
	addStep,
	createModule,
	deleteStep,
	exportModule,
	getModuleForEditing,
	importModule,
	listAuthorableModules,
	moveStep,
	publishModule,
	saveStepForm,
	slugify,
	unpublishModule,
	updateModuleMeta,
	updateStep
} from './learning.authoring';
import { aModuleContent, RIGHT_ANSWERS } from './learning.fixtures';
import { getCatalogue, getPlayState, getYouthLearningProgress } from './learning.queries';
import type { Viewer } from './learning.repository';
import { learningAttempts, learningModules, learningModuleVersions } from './learning.schema';
import { recordAnswers, startAttempt } from './learning.usecases';

let handle: DatabaseHandle;
let deps: Deps;
const clock = new Date('2026-03-10T09:00:00Z');
let world: World;
let lyonYouth: Viewer;
let villeurbanneYouth: Viewer;
let sartheYouth: Viewer;
const anonymous: Viewer = { actor: null, guestId: null };

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	world = await aWorld(deps.db);
	lyonYouth = { actor: world.actors.youth, guestId: null };
	villeurbanneYouth = {
		actor: { userId: world.youths.otherYouth.id, role: 'youth', structureId: world.structures.villeurbanne.id, networkId: world.networks.rhone.id, companyId: null },
		guestId: null
	};
	sartheYouth = {
		actor: { userId: world.youths.farYouth.id, role: 'youth', structureId: world.structures.sarthe.id, networkId: world.networks.pdl.id, companyId: null },
		guestId: null
	};
});
afterAll(() => handle.close());

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	return error as DomainError;
}

/** A complete, valid module written by `actor` (imported as a draft), optionally published. */
async function aModuleBy(actor: Actor, options: { scope?: 'structure' | 'network' | 'everyone'; publish?: boolean; content?: ModuleContent } = {}) {
	const content = options.content ?? aModuleContent();
	const result = await importModule(deps, actor, { text: JSON.stringify(content, null, 2), scope: options.scope });
	if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.issues)}`);
	if (options.publish) {
		const published = await publishModule(deps, actor, result.id);
		if (!published.ok) throw new Error(`publish failed: ${JSON.stringify(published.issues)}`);
	}
	return { id: result.id, slug: content.slug, content };
}

const titles = async (viewer: Viewer) => (await getCatalogue(deps, viewer)).modules.map((m) => m.slug);
const countModules = async () => (await deps.db.select({ n: count() }).from(learningModules))[0]!.n;
const countAudit = async () => (await deps.db.select({ n: count() }).from(auditEvents))[0]!.n;

describe('who may author a module', () => {
	it('gives a counselor’s module to their Mission Locale and its network, shared with the structure by default', async () => {
		const { id, slug } = await createModule(deps, world.actors.counselor, { title: 'Mon premier entretien !' });
		expect(slug).toBe('mon-premier-entretien');
		const [row] = await deps.db.select().from(learningModules).where(eq(learningModules.id, id));
		expect(row).toMatchObject({
			ownerStructureId: world.structures.lyon.id,
			ownerNetworkId: world.networks.rhone.id,
			authorId: world.people.counselor.id,
			scope: 'structure',
			status: 'draft',
			publishedVersionId: null
		});
		// Same title again: a free address is chosen.
		const again = await createModule(deps, world.actors.counselor, { title: 'Mon premier entretien !' });
		expect(again.slug).toBe('mon-premier-entretien-2');
	});

	it('lets the staff of the owner structure, the referents of its network and admins edit it — nobody else', async () => {
		const { id } = await createModule(deps, world.actors.counselor, { title: 'Droits des jeunes' });
		const meta = (title: string) => ({ title, summary: 'Tes droits.', theme: 'Mes droits', emoji: '⚖️', minutes: 5, scope: 'structure' });
		for (const allowed of [world.actors.counselor, world.actors.counselor2, world.actors.manager, world.actors.referent, world.actors.admin]) {
			await updateModuleMeta(deps, allowed, id, meta(`Par ${allowed.role}`));
			expect((await getModuleForEditing(deps, allowed, id))?.draft.title).toBe(`Par ${allowed.role}`);
		}
		for (const refused of [
			world.actors.otherCounselor,
			world.actors.otherManager,
			world.actors.farCounselor,
			world.actors.farReferent,
			world.actors.youth,
			world.actors.mentor,
			world.actors.companyContact
		]) {
			expect((await domainError(updateModuleMeta(deps, refused, id, meta('Pirate')))).code).toBe('access.forbidden');
			expect((await domainError(addStep(deps, refused, id, 'card'))).code).toBe('access.forbidden');
			expect((await domainError(publishModule(deps, refused, id))).code).toBe('access.forbidden');
			expect((await domainError(exportModule(deps, refused, id))).code).toBe('access.forbidden');
			expect(await getModuleForEditing(deps, refused, id)).toBeNull();
		}
		expect((await domainError(updateModuleMeta(deps, null, id, meta('Anonyme')))).code).toBe('access.unauthenticated');
		expect((await getModuleForEditing(deps, world.actors.admin, id))?.draft.title).toBe('Par platform_admin');
	});

	it('refuses youth, mentors and company contacts as authors', async () => {
		for (const refused of [world.actors.youth, world.actors.mentor, world.actors.companyContact]) {
			expect((await domainError(createModule(deps, refused, { title: 'Essai' }))).code).toBe('access.forbidden');
			expect((await domainError(importModule(deps, refused, { text: JSON.stringify(aModuleContent()) }))).code).toBe('access.forbidden');
		}
	});

	it('gives a referent’s module to their network and an admin’s to Tremplin, with the scopes that make sense', async () => {
		const byReferent = await createModule(deps, world.actors.referent, { title: 'Le réseau du Rhône', scope: 'network' });
		const [row] = await deps.db.select().from(learningModules).where(eq(learningModules.id, byReferent.id));
		expect(row).toMatchObject({ ownerStructureId: null, ownerNetworkId: world.networks.rhone.id, scope: 'network' });
		const noStructure = await domainError(createModule(deps, world.actors.referent, { title: 'X', scope: 'structure' }));
		expect(noStructure.fields.scope).toMatch(/n’appartient pas à une Mission Locale/);

		const byAdmin = await createModule(deps, world.actors.admin, { title: 'Pour toute la France' });
		const [adminRow] = await deps.db.select().from(learningModules).where(eq(learningModules.id, byAdmin.id));
		expect(adminRow).toMatchObject({ ownerStructureId: null, ownerNetworkId: null, scope: 'everyone' });
		expect((await domainError(createModule(deps, world.actors.admin, { title: 'X', scope: 'network' }))).fields.scope).toMatch(/réseau/);
		expect((await domainError(createModule(deps, world.actors.counselor, { title: '  ' }))).fields.title).toBe('Titre est obligatoire.');
	});

	it('lists for each author only the modules they may edit', async () => {
		const lyon = await createModule(deps, world.actors.counselor, { title: 'Liste Lyon' });
		const rhone = await createModule(deps, world.actors.referent, { title: 'Liste Rhône', scope: 'network' });
		const ids = async (actor: Actor | null) => (await listAuthorableModules(deps, actor)).map((m) => m.id);
		expect(await ids(world.actors.counselor)).toContain(lyon.id);
		expect(await ids(world.actors.counselor)).not.toContain(rhone.id);
		expect(await ids(world.actors.otherCounselor)).not.toContain(lyon.id);
		expect(await ids(world.actors.referent)).toEqual(expect.arrayContaining([lyon.id, rhone.id]));
		expect(await ids(world.actors.farReferent)).toEqual([]);
		expect(await ids(world.actors.admin)).toEqual(expect.arrayContaining([lyon.id, rhone.id]));
		expect(await ids(world.actors.youth)).toEqual([]);
		expect(await ids(world.actors.mentor)).toEqual([]);
		const [item] = (await listAuthorableModules(deps, world.actors.counselor)).filter((m) => m.id === lyon.id);
		expect(item).toMatchObject({ status: 'draft', scope: 'structure', versionNumber: null, owner: world.structures.lyon.name });
	});
});

describe('who sees a published module', () => {
	it('structure scope: the youth of the structure only', async () => {
		const m = await aModuleBy(world.actors.counselor, { scope: 'structure', publish: true });
		expect(await titles(lyonYouth)).toContain(m.slug);
		expect(await titles(villeurbanneYouth)).not.toContain(m.slug);
		expect(await titles(sartheYouth)).not.toContain(m.slug);
		expect(await titles(anonymous)).not.toContain(m.slug);
		// The author's catalogue (what their youth see) shows it too.
		expect(await titles({ actor: world.actors.counselor, guestId: null })).toContain(m.slug);
	});

	it('network scope: every structure of the network, not another network', async () => {
		const m = await aModuleBy(world.actors.counselor, { scope: 'network', publish: true });
		expect(await titles(lyonYouth)).toContain(m.slug);
		expect(await titles(villeurbanneYouth)).toContain(m.slug);
		expect(await titles(sartheYouth)).not.toContain(m.slug);
		expect(await titles(anonymous)).not.toContain(m.slug);
	});

	it('everyone: every youth and anonymous visitors', async () => {
		const m = await aModuleBy(world.actors.referent, { scope: 'everyone', publish: true });
		for (const viewer of [lyonYouth, villeurbanneYouth, sartheYouth, anonymous]) expect(await titles(viewer)).toContain(m.slug);
	});

	it('a draft is seen by nobody, a withdrawn module disappears and can come back without a new version', async () => {
		const m = await aModuleBy(world.actors.counselor, { scope: 'everyone' });
		expect(await titles(lyonYouth)).not.toContain(m.slug);
		await publishModule(deps, world.actors.counselor, m.id);
		const { attemptId } = await startAttempt(deps, lyonYouth, { slug: m.slug });
		await unpublishModule(deps, world.actors.counselor, m.id);
		expect(await titles(lyonYouth)).not.toContain(m.slug);
		expect(await titles(anonymous)).not.toContain(m.slug);
		// The youth's attempt is kept.
		expect(await deps.db.select().from(learningAttempts).where(eq(learningAttempts.id, attemptId))).toHaveLength(1);
		expect((await domainError(unpublishModule(deps, world.actors.counselor, m.id))).code).toBe('learning.authoring.not_published');
		const again = await publishModule(deps, world.actors.counselor, m.id);
		expect(again).toEqual({ ok: true, number: 1, unchanged: false });
		expect(await titles(lyonYouth)).toContain(m.slug);
		const versions = await deps.db.select().from(learningModuleVersions).where(eq(learningModuleVersions.moduleId, m.id));
		expect(versions).toHaveLength(1);
		const events = await deps.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, m.id));
		expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['learning_module.imported', 'learning_module.published', 'learning_module.archived']));
	});
});

describe('editing steps and validation', () => {
	let moduleId: string;
	beforeAll(async () => {
		moduleId = (await createModule(deps, world.actors.counselor, { title: 'Validation' })).id;
	});

	const fieldsOf = async (kind: Parameters<typeof addStep>[3], input: Record<string, unknown>) => {
		const { stepId } = await addStep(deps, world.actors.counselor, moduleId, kind);
		const error = await domainError(updateStep(deps, world.actors.counselor, moduleId, stepId, input));
		expect(error.code).toBe('learning.authoring.step_invalid');
		await deleteStep(deps, world.actors.counselor, moduleId, stepId);
		return error.fields;
	};

	it('refuses a single-choice question without a right answer, or with two', async () => {
		const none = await fieldsOf('single', {
			prompt: 'Q ?',
			choices: [{ label: 'A', correct: false }, { label: 'B', correct: false }],
			explanation: 'E.'
		});
		expect(none.choices).toBe('Une question à choix unique a exactement une bonne réponse.');
		const two = await fieldsOf('single', {
			prompt: 'Q ?',
			choices: [{ label: 'A', correct: true }, { label: 'B', correct: true }],
			explanation: 'E.'
		});
		expect(two.choices).toBe('Une question à choix unique a exactement une bonne réponse.');
		const multiple = await fieldsOf('multiple', { prompt: 'Q ?', choices: [{ label: 'A', correct: false }, { label: 'B', correct: false }], explanation: 'E.' });
		expect(multiple.choices).toBe('Une question a besoin d’au moins une bonne réponse.');
	});

	it('refuses a situation without a best answer, an order with fewer than 3 items, an empty prompt', async () => {
		const situation = await fieldsOf('situation', {
			situation: 'Ton bus est en retard.',
			prompt: 'Que fais-tu ?',
			choices: [
				{ label: 'A', verdict: 'acceptable', feedback: 'Bien.' },
				{ label: 'B', verdict: 'avoid', feedback: 'Non.' }
			],
			explanation: 'E.'
		});
		expect(situation.choices).toMatch(/au moins une meilleure réponse/);
		const order = await fieldsOf('order', { prompt: 'Dans l’ordre', items: [{ label: 'Un' }, { label: 'Deux' }], explanation: 'E.' });
		expect(order.items).toBe('Il faut au moins 3 éléments à remettre dans l’ordre.');
		const empty = await fieldsOf('true_false', { prompt: '   ', answer: true, explanation: 'E.' });
		expect(empty.prompt).toBe('Question est obligatoire.');
		const missing = await fieldsOf('true_false', { prompt: 'Vrai ?', explanation: 'E.' });
		expect(missing.answer).toMatch(/vraie ou fausse/);
	});

	it('reads the step editor’s form: empty rows ignored, errors next to the right row, ids kept', async () => {
		const { stepId } = await addStep(deps, world.actors.counselor, moduleId, 'multiple');
		const error = await domainError(
			saveStepForm(deps, world.actors.counselor, moduleId, stepId, {
				prompt: 'Que prendre ?',
				explanation: 'Le CV.',
				choice_0_label: 'Un CV',
				choice_0_correct: 'on',
				choice_2_label: 'Un stylo',
				choice_3_label: '',
				choice_3_feedback: 'Un retour sans texte de réponse'
			})
		);
		expect(error.fields).toEqual({ choice_3_label: 'Texte de la réponse est obligatoire.' });
		await saveStepForm(deps, world.actors.counselor, moduleId, stepId, {
			prompt: 'Que prendre ?',
			explanation: 'Le CV.',
			choice_0_label: 'Un CV',
			choice_0_correct: 'on',
			choice_2_label: 'Un stylo',
			choice_2_feedback: 'Pour noter.'
		});
		const step = (await getModuleForEditing(deps, world.actors.counselor, moduleId))!.draft.steps.find((s) => s.id === stepId)!;
		expect(step).toEqual({
			kind: 'multiple',
			id: stepId,
			prompt: 'Que prendre ?',
			choices: [
				{ id: 'c1', label: 'Un CV', correct: true },
				{ id: 'c2', label: 'Un stylo', correct: false, feedback: 'Pour noter.' }
			],
			explanation: 'Le CV.'
		});
		// Saved again with the ids the form sends back: they do not change.
		await saveStepForm(deps, world.actors.counselor, moduleId, stepId, {
			prompt: 'Que prendre ?',
			explanation: 'Le CV.',
			choice_0_id: 'c2',
			choice_0_label: 'Un stylo',
			choice_1_id: 'c1',
			choice_1_label: 'Un CV',
			choice_1_correct: 'on'
		});
		const again = (await getModuleForEditing(deps, world.actors.counselor, moduleId))!.draft.steps.find((s) => s.id === stepId)!;
		expect(again.kind === 'multiple' && again.choices.map((c) => [c.id, c.label, c.correct])).toEqual([
			['c2', 'Un stylo', false],
			['c1', 'Un CV', true]
		]);
		await deleteStep(deps, world.actors.counselor, moduleId, stepId);
	});

	it('moves and deletes steps; an unknown kind or step is a clear error', async () => {
		const a = (await addStep(deps, world.actors.counselor, moduleId, 'card')).stepId;
		const b = (await addStep(deps, world.actors.counselor, moduleId, 'true_false')).stepId;
		expect(a).toMatch(/^carte-[0-9a-f]{8}$/);
		await moveStep(deps, world.actors.counselor, moduleId, b, 'up');
		let steps = (await getModuleForEditing(deps, world.actors.counselor, moduleId))!.draft.steps.map((s) => s.id);
		expect(steps.indexOf(b)).toBeLessThan(steps.indexOf(a));
		await moveStep(deps, world.actors.counselor, moduleId, b, 'up'); // already first: nothing happens
		await deleteStep(deps, world.actors.counselor, moduleId, a);
		steps = (await getModuleForEditing(deps, world.actors.counselor, moduleId))!.draft.steps.map((s) => s.id);
		expect(steps).toEqual([b]);
		expect((await domainError(addStep(deps, world.actors.counselor, moduleId, 'quiz'))).fields.kind).toMatch(/type d’étape/);
		expect((await domainError(deleteStep(deps, world.actors.counselor, moduleId, a))).code).toBe('learning.authoring.step_not_found');
		await deleteStep(deps, world.actors.counselor, moduleId, b);
	});

	it('refuses to publish an incomplete draft, lists every problem with its step, and publishes nothing', async () => {
		const { id } = await createModule(deps, world.actors.counselor, { title: 'Incomplet' });
		const { stepId } = await addStep(deps, world.actors.counselor, id, 'single');
		const result = await publishModule(deps, world.actors.counselor, id);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const messages = result.issues.map((i) => `${i.where} : ${i.message}`);
		expect(messages).toEqual(
			expect.arrayContaining([
				'thème : Thème est obligatoire.',
				'Étape 1 › question : Question est obligatoire.',
				'Étape 1 › réponses : Une question a besoin d’au moins 2 réponses.'
			])
		);
		expect(result.issues.find((i) => i.where.startsWith('Étape 1'))).toMatchObject({ stepId, stepIndex: 0 });
		expect(await deps.db.select().from(learningModuleVersions).where(eq(learningModuleVersions.moduleId, id))).toHaveLength(0);
		const [row] = await deps.db.select().from(learningModules).where(eq(learningModules.id, id));
		expect(row?.status).toBe('draft');
	});

	it('keeps the address unique, and fixed once published', async () => {
		const first = await createModule(deps, world.actors.counselor, { title: 'Adresse une' });
		const second = await createModule(deps, world.actors.counselor, { title: 'Adresse deux' });
		const meta = { title: 'T', summary: 'S.', theme: 'Au travail', emoji: '🧭', minutes: 3, scope: 'structure' };
		const taken = await domainError(updateModuleMeta(deps, world.actors.counselor, second.id, { ...meta, slug: first.slug }));
		expect(taken.code).toBe('learning.authoring.slug_taken');
		expect(taken.fields.slug).toMatch(/déjà prise/);
		const bad = await domainError(updateModuleMeta(deps, world.actors.counselor, second.id, { ...meta, slug: 'Pas Bon!', minutes: 0 }));
		expect(bad.fields).toMatchObject({ slug: expect.stringMatching(/^Adresse : lettres minuscules/), minutes: 'Durée : 1 minute au moins.' });

		const m = await aModuleBy(world.actors.counselor, { publish: true });
		const locked = await domainError(updateModuleMeta(deps, world.actors.counselor, m.id, { ...meta, slug: `${m.slug}-bis` }));
		expect(locked.code).toBe('learning.authoring.slug_locked');
		await updateModuleMeta(deps, world.actors.counselor, m.id, { ...meta, slug: m.slug, scope: 'network' });
		expect((await getModuleForEditing(deps, world.actors.counselor, m.id))?.scope).toBe('network');
	});

	it('serialises two publishes of the same module: one new version, no error', async () => {
		const m = await aModuleBy(world.actors.counselor, { publish: true });
		await updateStep(deps, world.actors.counselor, m.id, 'q3', { prompt: 'On peut prévenir par message.', answer: true, explanation: 'Oui.' });
		const results = await Promise.all([publishModule(deps, world.actors.counselor, m.id), publishModule(deps, world.actors.counselor, m.id)]);
		expect(results.map((r) => r.ok && r.number).sort()).toEqual([2, 2]);
		expect(results.filter((r) => r.ok && !r.unchanged)).toHaveLength(1);
		const versions = await deps.db.select().from(learningModuleVersions).where(eq(learningModuleVersions.moduleId, m.id));
		expect(versions.map((v) => v.number).sort()).toEqual([1, 2]);
	});
});

describe('import and export', () => {
	it('reports a JSON syntax error with its line and column, and writes nothing', async () => {
		const before = [await countModules(), await countAudit()];
		const text = '{\n  "format": "tremplin.module/1",\n  "slug": "oups"\n  "title": "Sans virgule"\n}';
		const result = await importModule(deps, world.actors.counselor, { text });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.issues).toHaveLength(1);
		expect(result.issues[0]).toMatchObject({ line: 4, column: 3, where: 'Fichier' });
		expect(result.issues[0]!.message).toMatch(/pas un JSON valide.*ligne 4/);
		const cut = await importModule(deps, world.actors.counselor, { text: '{\n  "format": "tremplin.module/1",\n' });
		expect(!cut.ok && cut.issues[0]).toMatchObject({ line: 3, message: expect.stringMatching(/s’arrête avant la fin/) });
		expect([await countModules(), await countAudit()]).toEqual(before);
	});

	it('reports invalid content by line and field, and writes nothing', async () => {
		const before = await countModules();
		const content = aModuleContent();
		const single = content.steps[1]!;
		if (single.kind === 'single') single.choices[1]!.correct = true;
		const order = content.steps[4]!;
		if (order.kind === 'order') order.items = order.items.slice(0, 2);
		const text = JSON.stringify({ ...content, minutes: 'cinq' }, null, 2);
		const result = await importModule(deps, world.actors.counselor, { text });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const lines = text.split('\n');
		const lineOf = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
		const singleAt = lineOf('"id": "q1"');
		const orderAt = lineOf('"id": "q4"');
		expect(result.issues).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ where: 'durée', line: lineOf('"minutes"'), message: expect.stringMatching(/^Durée/) }),
				expect.objectContaining({
					where: 'Étape 2 › réponses',
					line: lineOf('"choices"', singleAt),
					message: 'Une question à choix unique a exactement une bonne réponse.'
				}),
				expect.objectContaining({
					where: 'Étape 5 › éléments',
					line: lineOf('"items"', orderAt),
					message: 'Il faut au moins 3 éléments à remettre dans l’ordre.'
				})
			])
		);
		expect(await countModules()).toBe(before);
	});

	it('says in French when a value has the wrong shape, and when the file is not a module', async () => {
		const content = aModuleContent();
		const text = JSON.stringify({ ...content, steps: [content.steps[0], 'une question', ...content.steps.slice(1)] }, null, 2);
		const result = await importModule(deps, world.actors.counselor, { text });
		expect(!result.ok && result.issues.every((i) => !/Invalid|expected/.test(i.message))).toBe(true);
		const array = await importModule(deps, world.actors.counselor, { text: '[1, 2]' });
		expect(!array.ok && array.issues[0]!.message).toMatch(/doit contenir un parcours/);
		expect((await domainError(importModule(deps, world.actors.counselor, { text: '   ' }))).code).toBe('learning.authoring.import_empty');
		const huge = JSON.stringify({ ...content, summary: 'x'.repeat(210 * 1024) });
		expect((await domainError(importModule(deps, world.actors.counselor, { text: huge }))).code).toBe('learning.authoring.import_too_large');
	});

	it('imports a valid module as a draft of the author’s structure, ids filled in', async () => {
		const content = aModuleContent();
		const raw = JSON.parse(JSON.stringify(content));
		delete raw.steps[0].id;
		delete raw.steps[1].choices[0].id;
		const result = await importModule(deps, world.actors.counselor, { text: '\uFEFF' + JSON.stringify(raw), scope: 'network' });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const [row] = await deps.db.select().from(learningModules).where(eq(learningModules.id, result.id));
		expect(row).toMatchObject({ slug: content.slug, status: 'draft', scope: 'network', ownerStructureId: world.structures.lyon.id, publishedVersionId: null });
		expect(row!.draft.steps[0]!.id).toBe('s1');
		expect(row!.draft.steps[1]!.kind === 'single' && row!.draft.steps[1]!.choices.map((c) => c.id)).toEqual(['c1', 'b']);
		expect(await titles(lyonYouth)).not.toContain(content.slug);
	});

	it('refuses an address already taken, pointing at the "slug" line, and writes nothing', async () => {
		const existing = await aModuleBy(world.actors.referent, { scope: 'network' });
		const before = await countModules();
		const text = JSON.stringify({ ...aModuleContent(), slug: existing.slug }, null, 2);
		const result = await importModule(deps, world.actors.counselor, { text });
		expect(!result.ok && result.issues).toEqual([
			expect.objectContaining({ line: 3, where: 'adresse', message: expect.stringMatching(/déjà prise/) })
		]);
		expect(await countModules()).toBe(before);
	});

	it('exports the draft or a version as a file that imports again', async () => {
		const m = await aModuleBy(world.actors.counselor, { publish: true });
		await updateStep(deps, world.actors.counselor, m.id, 'q3', { prompt: 'Changé.', answer: false, explanation: 'E.' });
		const draft = await exportModule(deps, world.actors.counselor, m.id);
		expect(draft.filename).toBe(`${m.slug}.json`);
		expect(draft.json.startsWith('{\n  "format": "tremplin.module/1",\n  "slug"')).toBe(true);
		expect(JSON.parse(draft.json).steps[3]).toEqual({ kind: 'true_false', id: 'q3', prompt: 'Changé.', answer: false, explanation: 'E.' });
		const v1 = await exportModule(deps, world.actors.referent, m.id, { version: 1 });
		expect(v1.filename).toBe(`${m.slug}-v1.json`);
		expect(JSON.parse(v1.json).steps[3].prompt).toBe('On peut prévenir par SMS.');
		expect((await domainError(exportModule(deps, world.actors.counselor, m.id, { version: 9 }))).code).toBe('learning.authoring.version_not_found');
		const copy = await importModule(deps, world.actors.counselor, { text: draft.json.replace(`"slug": "${m.slug}"`, `"slug": "${m.slug}-copie"`) });
		expect(copy.ok).toBe(true);
	});
});

describe('versions: editing a published module never breaks a youth’s play-through', () => {
	it('finishes v1 with v1’s questions, then plays v2; the badge stays', async () => {
		const m = await aModuleBy(world.actors.counselor, { scope: 'structure', publish: true });
		const author = world.actors.counselor;
		const { attemptId } = await startAttempt(deps, lyonYouth, { slug: m.slug });
		const state1 = await getPlayState(deps, lyonYouth, m.slug, attemptId);
		const v1 = state1!.version;
		const answer = (stepIds: (keyof typeof RIGHT_ANSWERS)[], response?: Record<string, unknown>) =>
			recordAnswers(deps, lyonYouth, {
				attempts: [
					{
						id: attemptId,
						moduleId: m.id,
						versionId: v1.id,
						kind: 'module',
						answers: stepIds.map((stepId) => ({ id: randomUUID(), stepId, response: response ?? RIGHT_ANSWERS[stepId] }))
					}
				]
			});
		await answer(['q2', 'q3', 'q4']);

		// The author removes q2 and changes q1: its right answer is now "b".
		await deleteStep(deps, author, m.id, 'q2');
		await updateStep(deps, author, m.id, 'q1', {
			prompt: 'Quelle heure est la bonne ?',
			choices: [
				{ id: 'a', label: 'Pile à l’heure', correct: false },
				{ id: 'b', label: '5 minutes en avance', correct: true }
			],
			explanation: 'Quelques minutes d’avance.'
		});
		const published = await publishModule(deps, author, m.id);
		expect(published).toEqual({ ok: true, number: 2, unchanged: false });

		// The youth's attempt still plays v1: q2 is there, and "a" is still right for q1.
		const state = await getPlayState(deps, lyonYouth, m.slug, attemptId);
		expect(state?.version).toEqual(v1);
		expect(state?.steps.map((s) => s.id)).toEqual(['intro', 'q1', 'q2', 'q3', 'q4', 'q5']);
		const done = await answer(['q1', 'q5']);
		expect(done.answers.every((a) => a.status === 'accepted' && a.judgement?.correct)).toBe(true);
		expect(done.attempts[0]).toMatchObject({ answeredCount: 5, correctCount: 5, questionCount: 5, completed: true, justCompleted: true });

		// A new play-through uses v2.
		const next = await startAttempt(deps, lyonYouth, { slug: m.slug });
		const state2 = await getPlayState(deps, lyonYouth, m.slug, next.attemptId);
		expect(state2?.version.number).toBe(2);
		expect(state2?.steps.map((s) => s.id)).toEqual(['intro', 'q1', 'q3', 'q4', 'q5']);
		const catalogue = await getCatalogue(deps, lyonYouth);
		const progress = catalogue.modules.find((x) => x.slug === m.slug)!.progress;
		expect(progress.badgeEarnedAt).toEqual(clock);
		expect(progress).toMatchObject({ status: 'done', bestScore: 100, total: 4, openAttemptId: next.attemptId });
	});
});

describe('a youth’s progress in their file', () => {
	it('is read by the staff of their Mission Locale only', async () => {
		const m = await aModuleBy(world.actors.counselor, { scope: 'structure', publish: true });
		const youth: Viewer = { actor: world.actors.youth, guestId: null };
		const { attemptId } = await startAttempt(deps, youth, { slug: m.slug });
		const state = (await getPlayState(deps, youth, m.slug, attemptId))!;
		await recordAnswers(deps, youth, {
			attempts: [
				{
					id: attemptId,
					moduleId: m.id,
					versionId: state.version.id,
					kind: 'module',
					answers: Object.entries(RIGHT_ANSWERS).map(([stepId, response]) => ({ id: randomUUID(), stepId, response }))
				}
			]
		});
		for (const staff of [world.actors.counselor, world.actors.counselor2, world.actors.manager]) {
			const progress = await getYouthLearningProgress(deps, staff, world.youths.youth.id);
			expect(progress?.modules.find((x) => x.title === m.content.title)).toMatchObject({ status: 'done', answered: 5, total: 5 });
			expect(progress?.history.some((h) => h.title === m.content.title && h.score === 100)).toBe(true);
		}
		for (const outsider of [
			world.actors.otherCounselor,
			world.actors.otherManager,
			world.actors.farCounselor,
			world.actors.referent,
			world.actors.farReferent,
			world.actors.admin,
			world.actors.mentor,
			null
		]) {
			expect(await getYouthLearningProgress(deps, outsider, world.youths.youth.id)).toBeNull();
		}
	});
});

describe('slugify', () => {
	it('makes an address from a French title', () => {
		expect(slugify('Prévenir d’un retard : les bons réflexes')).toBe('prevenir-d-un-retard-les-bons-reflexes');
		expect(slugify('Œuvre')).toBe('oeuvre');
		expect(slugify('!!')).toMatch(/^parcours-[0-9a-f]{4}$/);
	});
});
