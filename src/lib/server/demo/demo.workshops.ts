import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { addDays, parisDay, parisToInstant } from '$lib/appointments/time';
import { judge, questionsOf, type ModuleContent } from '$lib/learning/content';
import type { Deps } from '../app';
import type { Actor } from '../platform/access';
import { createLearningRepository } from '../modules/learning';
import { addModuleQuestions, inviteYouth, type WorkshopQuestion } from '../modules/workshops';
// The seed is a privileged loader: it writes the planned workshop's row and a finished session directly.
import { workshopAnswers, workshopInvitations, workshopPlayers, workshops } from '../modules/workshops/workshops.schema';
import { LYON_MODULE } from './demo.learning';

/** Tremplin modules used by the demo workshops, with the Lyon module as a fallback (tests without the catalogue). */
const PLANNED_MODULE = 'entretien-d-embauche';
const ENDED_MODULE = 'lire-une-offre-d-emploi';

/**
 * Demo content of live workshops at the Mission Locale de Lyon, created by conseiller@:
 * « Les codes de l'entretien » in a few days (the questions of a Tremplin module, Karim invited),
 * and a finished one with four players (Karim signed in, three guests) and their answers, so that
 * results, the CSV export and Karim's file have something to show. Fixed ids, "on conflict do
 * nothing": running it again changes nothing.
 */
export async function seedWorkshops(
	deps: Deps,
	ctx: {
		lyon: string;
		counselor: Actor;
		karim: string;
		otherYouth: string;
		siteId: string;
		demoId: (key: string) => string;
		/** Sarthe Nord: a planned digital workshop nobody is invited to yet (Jade can sign up from her diagnostic). */
		sarthe?: { counselor: Actor; siteId: string };
	}
): Promise<void> {
	const { db } = deps;
	const now = deps.now();
	const today = parisDay(now);
	const learning = createLearningRepository({ db, viewer: { actor: ctx.counselor, guestId: null } });
	const moduleOr = async (slug: string): Promise<ModuleContent> =>
		(await learning.findPublishedBySlug(slug))?.content ?? (await learning.findPublishedBySlug(LYON_MODULE.slug))?.content ?? LYON_MODULE;

	// ——— Planned: « Les codes de l'entretien », in three days at 14:00 ———
	const plannedId = ctx.demoId('workshop:codes-entretien');
	await db
		.insert(workshops)
		.values({
			id: plannedId,
			structureId: ctx.lyon,
			createdBy: ctx.counselor.userId,
			title: 'Les codes de l’entretien',
			startsAt: parisToInstant(addDays(today, 3), '14:00'),
			durationMinutes: 90,
			mode: 'on_site',
			siteId: ctx.siteId,
			capacity: 15,
			timerSeconds: 30,
			createdAt: now,
			updatedAt: now
		})
		.onConflictDoNothing();
	const [planned] = await db.select({ questions: workshops.questions, phase: workshops.phase }).from(workshops).where(eq(workshops.id, plannedId));
	if (planned && planned.phase === 'scheduled' && planned.questions.length === 0) {
		const slug = (await learning.findPublishedBySlug(PLANNED_MODULE)) ? PLANNED_MODULE : LYON_MODULE.slug;
		await addModuleQuestions(deps, ctx.counselor, plannedId, slug);
	}
	if (planned && planned.phase !== 'ended') await inviteYouth(deps, ctx.counselor, plannedId, [ctx.karim]);

	// ——— Sarthe Nord: « Trouver la bonne info en ligne », in five days at 10:00, open to sign-ups ———
	if (ctx.sarthe?.counselor.structureId) {
		const sartheId = ctx.demoId('workshop:sarthe-bonne-info');
		await db
			.insert(workshops)
			.values({
				id: sartheId,
				structureId: ctx.sarthe.counselor.structureId,
				createdBy: ctx.sarthe.counselor.userId,
				title: 'Trouver la bonne info en ligne',
				startsAt: parisToInstant(addDays(today, 5), '10:00'),
				durationMinutes: 60,
				mode: 'mixed',
				siteId: ctx.sarthe.siteId,
				remoteInfo: 'Le lien de la visio arrive la veille par message.',
				capacity: 12,
				timerSeconds: 45,
				createdAt: now,
				updatedAt: now
			})
			.onConflictDoNothing();
		const [row] = await db.select({ questions: workshops.questions, phase: workshops.phase }).from(workshops).where(eq(workshops.id, sartheId));
		if (row && row.phase === 'scheduled' && row.questions.length === 0 && (await learning.findPublishedBySlug(ENDED_MODULE))) {
			await addModuleQuestions(deps, ctx.sarthe.counselor, sartheId, ENDED_MODULE);
		}
	}

	// ——— Ended: « Lire une offre d'emploi », a week ago, four players ———
	const endedId = ctx.demoId('workshop:offre-emploi-terminee');
	const content = await moduleOr(ENDED_MODULE);
	const questions: WorkshopQuestion[] = questionsOf(content)
		.slice(0, 5)
		.map((question) => ({ question, source: { slug: content.slug, title: content.title } }));
	const startsAt = parisToInstant(addDays(today, -7), '10:00');
	await db
		.insert(workshops)
		.values({
			id: endedId,
			structureId: ctx.lyon,
			createdBy: ctx.counselor.userId,
			title: 'Bien lire une offre d’emploi',
			startsAt,
			durationMinutes: 60,
			mode: 'mixed',
			siteId: ctx.siteId,
			remoteInfo: 'Par téléphone : 04 72 00 00 00, puis le code 4812',
			capacity: 20,
			timerSeconds: 30,
			questions,
			phase: 'ended',
			currentIndex: questions.length - 1,
			stateVersion: 3 * questions.length + 2,
			openedAt: new Date(startsAt.getTime() - 5 * 60_000),
			endedAt: new Date(startsAt.getTime() + 40 * 60_000),
			createdAt: new Date(startsAt.getTime() - 7 * 86_400_000),
			updatedAt: new Date(startsAt.getTime() + 40 * 60_000)
		})
		.onConflictDoNothing();
	await db
		.insert(workshopInvitations)
		.values([
			{ workshopId: endedId, youthId: ctx.karim, invitedBy: ctx.counselor.userId },
			{ workshopId: endedId, youthId: ctx.otherYouth, invitedBy: ctx.counselor.userId }
		])
		.onConflictDoNothing();
	const [ended] = await db.select({ questions: workshops.questions }).from(workshops).where(eq(workshops.id, endedId));
	const played = ended?.questions ?? questions;
	// Who answered what: an index into the question's options (0 = first), or null (no answer).
	const players: { key: string; nickname: string; youthId: string | null; picks: (number | null)[]; speedMs: number }[] = [
		{ key: 'karim', nickname: 'Karim', youthId: ctx.karim, picks: [0, 0, 0, 0, 0], speedMs: 6_000 },
		{ key: 'sofiane', nickname: 'Sofiane', youthId: null, picks: [0, 1, 0, 1, 0], speedMs: 4_000 },
		{ key: 'ines', nickname: 'Inès B.', youthId: null, picks: [1, 0, null, 0, 1], speedMs: 9_000 },
		{ key: 'max', nickname: 'Max', youthId: null, picks: [0, 0, 1, 2, null], speedMs: 12_000 }
	];
	const joined = new Date(startsAt.getTime() - 2 * 60_000);
	for (const p of players) {
		const playerId = ctx.demoId(`workshop-player:${p.key}`);
		await db
			.insert(workshopPlayers)
			.values({
				id: playerId,
				workshopId: endedId,
				youthId: p.youthId,
				nickname: p.nickname,
				secretHash: createHash('sha256').update(`tremplin-demo-workshop:${p.key}`).digest('hex'),
				joinedAt: joined
			})
			.onConflictDoNothing();
		const rows = played.flatMap(({ question }, index) => {
			const pick = p.picks[index];
			if (pick === null || pick === undefined) return [];
			const response = demoResponse(question, pick);
			const judgement = judge(question, response);
			const elapsedMs = p.speedMs + index * 500;
			const points = judgement.correct ? Math.max(500, Math.round(1000 * (1 - elapsedMs / 60_000))) : 0;
			return [
				{
					workshopId: endedId,
					playerId,
					questionIndex: index,
					response,
					correct: judgement.correct,
					verdict: judgement.verdict ?? null,
					points: judgement.verdict === 'acceptable' ? Math.round(points / 2) : points,
					elapsedMs,
					answeredAt: new Date(startsAt.getTime() + (index * 4 + 1) * 60_000)
				}
			];
		});
		if (rows.length) await db.insert(workshopAnswers).values(rows).onConflictDoNothing();
	}
}

/**
 * A response for the demo: `pick` 0 is the right answer, others go down the wrong ones (for a
 * true/false, 0 is the right value and 1 the other).
 */
function demoResponse(question: WorkshopQuestion['question'], pick: number): unknown {
	switch (question.kind) {
		case 'single':
		case 'situation': {
			const good = question.kind === 'single' ? question.choices.filter((c) => c.correct) : question.choices.filter((c) => c.verdict === 'best');
			const bad = question.kind === 'single' ? question.choices.filter((c) => !c.correct) : question.choices.filter((c) => c.verdict !== 'best');
			const choice = pick === 0 ? good[0] : (bad[(pick - 1) % Math.max(1, bad.length)] ?? good[0]);
			return { choice: choice!.id };
		}
		case 'multiple':
			return { choices: pick === 0 ? question.choices.filter((c) => c.correct).map((c) => c.id) : [question.choices[0]!.id, question.choices[question.choices.length - 1]!.id] };
		case 'true_false':
			return { value: pick === 0 ? question.answer : !question.answer };
		case 'order':
			return { order: pick === 0 ? question.items.map((i) => i.id) : [...question.items].reverse().map((i) => i.id) };
	}
}
