import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { findYouthPlace } from '$lib/server/modules/accounts';
import { createLearningRepository, importModule, publishModule } from '$lib/server/modules/learning';
import { siteBelongsTo } from '$lib/server/modules/structures';
import { authorize, requireRole, type Actor } from '$lib/server/platform/access';
import { validate } from '$lib/server/platform/http/forms';
import { parisDay, parisToInstant, hourInWords } from '$lib/appointments/time';
import { MODULE_FORMAT, questionsOf, type ModuleContent, type Question, type Step } from '$lib/learning/content';
import { workshopError, workshopNotFound } from './workshops.errors';
import { createWorkshopsRepository } from './workshops.repository';
import { workshopInvitations, workshops, type WorkshopQuestion, type WorkshopRow } from './workshops.schema';
import {
	adHocQuestionInput,
	isUuid,
	MAX_QUESTIONS,
	moveInput,
	workshopInput,
	youthIdsInput,
	type WorkshopInput
} from './workshops.validation';

type PlanningDeps = Pick<Deps, 'db' | 'now'>;

const asDb = (tx: unknown) => tx as Database;

/** Staff of the actor's own Mission Locale only; youth, mentors, referents… are refused here. */
function authorizePlanning(actor: Actor | null): asserts actor is Actor {
	authorize(actor, 'write', 'workshop', { structureId: actor?.structureId ?? null, networkId: actor?.networkId ?? null });
}

/** The workshop, locked, in the actor's structure; anything else (forged id, other structure) is « introuvable ». */
async function lockWorkshop(tx: Database, actor: Actor, id: string): Promise<WorkshopRow> {
	const row = await createWorkshopsRepository({ db: tx, actor }).find(id, { action: 'write', forUpdate: true });
	if (!row) throw workshopNotFound();
	return row;
}

const questionsEditable = (row: WorkshopRow) => row.phase === 'scheduled' || row.phase === 'lobby';

function requireQuestionsEditable(row: WorkshopRow) {
	if (!questionsEditable(row)) throw workshopError('workshops.already_started', 'conflict');
}

async function checkSite(db: Database, actor: Actor, input: WorkshopInput) {
	if (input.siteId && !(await siteBelongsTo(db, input.siteId, actor.structureId!))) {
		throw workshopError('workshops.site_not_found', 'invalid', { fields: { siteId: 'Choisissez un lieu de votre Mission Locale.' } });
	}
}

const planningValues = (input: WorkshopInput) => ({
	title: input.title,
	startsAt: parisToInstant(input.day, input.time),
	durationMinutes: input.durationMinutes,
	mode: input.mode,
	siteId: input.siteId,
	remoteInfo: input.remoteInfo,
	capacity: input.capacity,
	timerSeconds: input.timerSeconds
});

/** Plans a workshop in the actor's Mission Locale (no question yet, nobody invited). */
export async function createWorkshop(deps: PlanningDeps, actor: Actor | null, values: Record<string, unknown>): Promise<WorkshopRow> {
	authorizePlanning(actor);
	const input = validate(workshopInput, values);
	await checkSite(deps.db, actor, input);
	const now = deps.now();
	const [row] = await deps.db
		.insert(workshops)
		.values({ ...planningValues(input), structureId: actor.structureId!, createdBy: actor.userId, createdAt: now, updatedAt: now })
		.returning();
	return row!;
}

/** Changes the planning (title, date, place, capacity, timer) until the workshop has ended. */
export async function updateWorkshop(
	deps: PlanningDeps,
	actor: Actor | null,
	id: string,
	values: Record<string, unknown>
): Promise<WorkshopRow> {
	authorizePlanning(actor);
	return deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await lockWorkshop(tx, actor, id);
		if (row.phase === 'ended') throw workshopError('workshops.locked_after_end', 'conflict');
		const input = validate(workshopInput, values);
		await checkSite(tx, actor, input);
		const [updated] = await tx
			.update(workshops)
			.set({ ...planningValues(input), updatedAt: deps.now() })
			.where(eq(workshops.id, row.id))
			.returning();
		return updated!;
	});
}

/** Deletes a workshop that has not been opened yet (invitations go with it). */
export async function deleteWorkshop(deps: PlanningDeps, actor: Actor | null, id: string): Promise<void> {
	authorizePlanning(actor);
	await deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await lockWorkshop(tx, actor, id);
		if (row.phase !== 'scheduled') throw workshopError('workshops.delete_refused', 'conflict');
		await tx.delete(workshops).where(eq(workshops.id, row.id));
	});
}

async function saveQuestions(tx: Database, row: WorkshopRow, questions: WorkshopQuestion[], now: Date) {
	if (questions.length > MAX_QUESTIONS) throw workshopError('workshops.too_many_questions', 'invalid');
	const [updated] = await tx.update(workshops).set({ questions, updatedAt: now }).where(eq(workshops.id, row.id)).returning();
	return updated!;
}

/**
 * Adds the questions (not the cards) of the published version of a module the structure's youth
 * can play (Tremplin's, the network's, the structure's). A question already copied from the same
 * module is not added twice.
 */
export async function addModuleQuestions(
	deps: PlanningDeps,
	actor: Actor | null,
	id: string,
	slug: string
): Promise<{ workshop: WorkshopRow; added: number }> {
	authorizePlanning(actor);
	return deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await lockWorkshop(tx, actor, id);
		requireQuestionsEditable(row);
		const learning = createLearningRepository({ db: tx, viewer: { actor, guestId: null } });
		const module = typeof slug === 'string' && slug ? await learning.findPublishedBySlug(slug.trim()) : null;
		if (!module) throw workshopError('workshops.module_not_found', 'not_found', { fields: { slug: 'Choisissez un parcours publié dans la liste.' } });
		const source = { slug: module.slug, title: module.content.title };
		const already = new Set(row.questions.filter((q) => q.source?.slug === module.slug).map((q) => q.question.id));
		const fresh = questionsOf(module.content)
			.filter((q) => !already.has(q.id))
			.map((question): WorkshopQuestion => ({ question: structuredClone(question), source }));
		if (row.questions.length + fresh.length > MAX_QUESTIONS) {
			throw workshopError('workshops.too_many_questions', 'invalid', {
				fields: { slug: `Ce parcours compte ${fresh.length} questions : l’atelier dépasserait ${MAX_QUESTIONS} questions.` }
			});
		}
		const workshop = await saveQuestions(tx, row, [...row.questions, ...fresh], deps.now());
		return { workshop, added: fresh.length };
	});
}

const freshId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A question written for this workshop: single choice (2–4 answers, one right) or true/false. */
export async function addAdHocQuestion(
	deps: PlanningDeps,
	actor: Actor | null,
	id: string,
	values: Record<string, unknown>
): Promise<WorkshopRow> {
	authorizePlanning(actor);
	return deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await lockWorkshop(tx, actor, id);
		requireQuestionsEditable(row);
		const input = validate(adHocQuestionInput, values);
		let question: Question;
		if (input.kind === 'single') {
			const labels = [input.choice1, input.choice2, input.choice3, input.choice4];
			const right = Number(input.correct) - 1;
			question = {
				kind: 'single',
				id: freshId('q'),
				prompt: input.prompt,
				choices: labels
					.map((label, i) => ({ label, i }))
					.filter((c) => c.label !== '')
					.map((c, n) => ({ id: `c${n + 1}`, label: c.label, correct: c.i === right })),
				explanation: input.explanation
			};
		} else {
			question = { kind: 'true_false', id: freshId('q'), prompt: input.prompt, answer: input.answer === 'true', explanation: input.explanation };
		}
		return saveQuestions(tx, row, [...row.questions, { question, source: null }], deps.now());
	});
}

/** The question at `index`, checked against the id the page showed (a stale page never removes the wrong one). */
function questionAt(row: WorkshopRow, index: number, questionId: string | undefined) {
	const q = Number.isInteger(index) ? row.questions[index] : undefined;
	if (!q || (questionId !== undefined && q.question.id !== questionId)) throw workshopError('workshops.question_not_found', 'not_found');
	return q;
}

export async function removeQuestion(
	deps: PlanningDeps,
	actor: Actor | null,
	id: string,
	position: { index: number; questionId?: string }
): Promise<WorkshopRow> {
	authorizePlanning(actor);
	return deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await lockWorkshop(tx, actor, id);
		requireQuestionsEditable(row);
		questionAt(row, position.index, position.questionId);
		return saveQuestions(tx, row, row.questions.filter((_, i) => i !== position.index), deps.now());
	});
}

export async function moveQuestion(
	deps: PlanningDeps,
	actor: Actor | null,
	id: string,
	position: { index: number; questionId?: string; direction: unknown }
): Promise<WorkshopRow> {
	authorizePlanning(actor);
	return deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await lockWorkshop(tx, actor, id);
		requireQuestionsEditable(row);
		const { direction } = validate(z.object({ direction: moveInput }), { direction: position.direction });
		questionAt(row, position.index, position.questionId);
		const target = direction === 'up' ? position.index - 1 : position.index + 1;
		if (target < 0 || target >= row.questions.length) return row;
		const questions = [...row.questions];
		[questions[position.index], questions[target]] = [questions[target]!, questions[position.index]!];
		return saveQuestions(tx, row, questions, deps.now());
	});
}

/** Invites youth of the workshop's Mission Locale (already invited: nothing changes). */
export async function inviteYouth(
	deps: PlanningDeps,
	actor: Actor | null,
	id: string,
	youthIds: unknown
): Promise<{ invited: number }> {
	authorizePlanning(actor);
	return deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await lockWorkshop(tx, actor, id);
		if (row.phase === 'ended') throw workshopError('workshops.locked_after_end', 'conflict');
		const { youthId: ids } = validate(z.object({ youthId: youthIdsInput }), { youthId: youthIds });
		for (const youthId of ids) {
			const place = await findYouthPlace(tx, youthId);
			if (!place || place.structureId !== row.structureId) {
				throw workshopError('workshops.youth_not_found', 'not_found', { fields: { youthId: 'Choisissez des jeunes de votre Mission Locale.' } });
			}
		}
		const inserted = await tx
			.insert(workshopInvitations)
			.values(ids.map((youthId) => ({ workshopId: row.id, youthId, invitedBy: actor.userId, createdAt: deps.now() })))
			.onConflictDoNothing()
			.returning({ youthId: workshopInvitations.youthId });
		return { invited: inserted.length };
	});
}

export async function uninviteYouth(deps: PlanningDeps, actor: Actor | null, id: string, youthId: string): Promise<void> {
	authorizePlanning(actor);
	await deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await lockWorkshop(tx, actor, id);
		if (!isUuid(youthId)) throw workshopError('workshops.youth_not_found', 'not_found');
		await tx
			.delete(workshopInvitations)
			.where(and(eq(workshopInvitations.workshopId, row.id), eq(workshopInvitations.youthId, youthId.toLowerCase())));
	});
}

/**
 * A youth signs up for an upcoming workshop of their own Mission Locale (from the recommendations
 * of the diagnostic, or any page listing open workshops): the same invitation a counselor gives,
 * so it appears in « Mes ateliers ». Seats are the capacity, counted in invitations, under the
 * workshop's row lock so that two last-seat sign-ups cannot both pass. Already signed up: nothing
 * changes. Another structure's workshop, a forged id, a past or started one: « introuvable ».
 */
export async function registerForWorkshop(deps: PlanningDeps, actor: Actor | null, id: string): Promise<{ registered: boolean }> {
	const youth = requireRole(actor, ['youth']);
	if (!isUuid(id) || !youth.structureId) throw workshopNotFound();
	return deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const [row] = await tx
			.select()
			.from(workshops)
			.where(and(eq(workshops.id, id.toLowerCase()), eq(workshops.structureId, youth.structureId!)))
			.limit(1)
			.for('update');
		if (!row || row.phase !== 'scheduled' || row.startsAt.getTime() <= deps.now().getTime()) throw workshopNotFound();
		const [already] = await tx
			.select({ youthId: workshopInvitations.youthId })
			.from(workshopInvitations)
			.where(and(eq(workshopInvitations.workshopId, row.id), eq(workshopInvitations.youthId, youth.userId)))
			.limit(1);
		if (already) return { registered: false };
		const [seats] = await tx.select({ n: count() }).from(workshopInvitations).where(eq(workshopInvitations.workshopId, row.id));
		if (Number(seats?.n ?? 0) >= row.capacity) throw workshopError('workshops.full', 'conflict');
		await tx
			.insert(workshopInvitations)
			.values({ workshopId: row.id, youthId: youth.userId, invitedBy: youth.userId, createdAt: deps.now() })
			.onConflictDoNothing();
		return { registered: true };
	});
}

/** Slug of the solo module made from a workshop: `atelier-` and the first 8 hex digits of its id. */
export const replaySlugOf = (workshopId: string) => `atelier-${workshopId.replace(/-/g, '').slice(0, 8).toLowerCase()}`;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/** The learning module (format tremplin.module/1) replaying a workshop: an intro card, then its questions. */
export function replayContent(row: Pick<WorkshopRow, 'id' | 'title' | 'startsAt' | 'questions'>): ModuleContent {
	const when = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(row.startsAt);
	const count = row.questions.length;
	const intro: Step = {
		kind: 'card',
		id: 'intro',
		emoji: '🎯',
		title: clip(`Rejoue l’atelier « ${row.title} »`, 120),
		body: `Cet atelier a eu lieu le ${when} à ${hourInWords(row.startsAt)}.\n\nRetrouve ses ${count} question${count > 1 ? 's' : ''} et réponds à ton rythme : après chaque réponse, tu vois l’explication.`
	};
	const steps: Step[] = [
		intro,
		...row.questions.map(({ question }, i): Step => ({ ...structuredClone(question), id: `q${i + 1}` }))
	];
	return {
		format: MODULE_FORMAT,
		slug: replaySlugOf(row.id),
		title: clip(`Atelier : ${row.title}`, 80),
		summary: clip(`Les questions de l’atelier du ${parisDay(row.startsAt).split('-').reverse().join('/')}, à rejouer seul·e.`, 240),
		theme: 'Atelier',
		emoji: '🎯',
		minutes: Math.max(1, Math.min(60, Math.ceil(count * 0.75))),
		steps
	};
}

/**
 * After the end: publishes the workshop's questions as a solo module of the structure (learning's
 * import then publish) and keeps its slug. Calling again returns the same slug.
 */
export async function publishReplay(deps: PlanningDeps, actor: Actor | null, id: string): Promise<{ slug: string; created: boolean }> {
	authorizePlanning(actor);
	return deps.db.transaction(async (t) => {
		const tx = asDb(t);
		const row = await lockWorkshop(tx, actor, id);
		if (row.replaySlug) return { slug: row.replaySlug, created: false };
		if (row.phase !== 'ended') throw workshopError('workshops.not_ended', 'conflict');
		if (row.questions.length === 0) throw workshopError('workshops.no_questions', 'invalid');
		const content = replayContent(row);
		const learningDeps = { db: tx, now: deps.now };
		const imported = await importModule(learningDeps, actor, { text: JSON.stringify(content), scope: 'structure' });
		if (!imported.ok) throw workshopError('workshops.replay_failed', 'conflict', { fields: { replay: imported.issues[0]?.message ?? '' } });
		const published = await publishModule(learningDeps, actor, imported.id);
		if (!published.ok) throw workshopError('workshops.replay_failed', 'conflict', { fields: { replay: published.issues[0]?.message ?? '' } });
		await tx.update(workshops).set({ replaySlug: imported.slug, updatedAt: deps.now() }).where(eq(workshops.id, row.id));
		return { slug: imported.slug, created: true };
	});
}
