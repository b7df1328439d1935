import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { purgeExpired } from '$lib/server/platform/maintenance/maintenance';
import { aWorld, type World } from '$lib/server/testing/world';
import { aModuleContent, aPublishedModule, RIGHT_ANSWERS, WRONG_ANSWERS } from './learning.fixtures';
import { getCatalogue, getModuleOverview, getPlayState, getVersionContent, getYouthLearningProgress } from './learning.queries';
import type { Viewer } from './learning.repository';
import { learningAnswers, learningAttempts } from './learning.schema';
import './index';
import { claimGuestProgress, recordAnswers, startAttempt } from './learning.usecases';

let handle: DatabaseHandle;
let deps: Deps;
let clock = new Date('2026-03-10T09:00:00Z');
let world: World;
let youth: Viewer;
let otherYouth: Viewer;
let farYouth: Viewer;

const guest = (): Viewer => ({ actor: null, guestId: randomUUID() });
const asActor = (actor: Actor): Viewer => ({ actor, guestId: null });
type QuestionId = keyof typeof RIGHT_ANSWERS;

/** The batch the offline player would send for some answers of one attempt. */
function batchFor(module: { id: string; versionId: string }, attemptId: string, answers: Partial<Record<QuestionId, unknown>>, ids: Record<string, string> = {}) {
	return {
		attempts: [
			{
				id: attemptId,
				moduleId: module.id,
				versionId: module.versionId,
				kind: 'module' as const,
				answers: Object.entries(answers).map(([stepId, response]) => ({
					id: ids[stepId] ?? randomUUID(),
					stepId,
					response,
					answeredAt: clock.toISOString()
				}))
			}
		]
	};
}

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	world = await aWorld(deps.db);
	youth = asActor(world.actors.youth);
	otherYouth = asActor({ userId: world.youths.otherYouth.id, role: 'youth', structureId: world.structures.villeurbanne.id, networkId: world.networks.rhone.id, companyId: null });
	farYouth = asActor({ userId: world.youths.farYouth.id, role: 'youth', structureId: world.structures.sarthe.id, networkId: world.networks.pdl.id, companyId: null });
});

afterAll(async () => {
	await handle.close();
});

describe('playing a module', () => {
	it('records a whole play-through: counts, completion, badge, XP', async () => {
		const module = await aPublishedModule(deps.db);
		const player = guest();
		const { attemptId } = await startAttempt(deps, player, { slug: module.slug });
		const result = await recordAnswers(deps, player, batchFor(module, attemptId, { ...RIGHT_ANSWERS, q3: WRONG_ANSWERS.q3 }));
		expect(result.answers.map((a) => [a.stepId, a.status, a.judgement?.correct])).toEqual([
			['q1', 'accepted', true],
			['q2', 'accepted', true],
			['q3', 'accepted', false],
			['q4', 'accepted', true],
			['q5', 'accepted', true]
		]);
		expect(result.attempts[0]).toMatchObject({ status: 'accepted', answeredCount: 5, correctCount: 4, questionCount: 5, completed: true, justCompleted: true });
		const overview = await getModuleOverview(deps, player, module.slug);
		expect(overview?.progress).toMatchObject({ status: 'done', answered: 5, total: 5, bestScore: 80 });
		const { summary } = await getCatalogue(deps, player);
		expect(summary).toMatchObject({ xp: 4 * 10 + 50, badges: 1, streakDays: 1, activeToday: true });
	});

	it('judges on the server: a situation answer "acceptable" counts, "avoid" does not, with its feedback', async () => {
		const module = await aPublishedModule(deps.db);
		const player = guest();
		const { attemptId } = await startAttempt(deps, player, { slug: module.slug });
		const result = await recordAnswers(deps, player, batchFor(module, attemptId, { q5: { choice: 'c' } }));
		expect(result.answers[0]?.judgement).toMatchObject({ correct: false, verdict: 'avoid', feedback: ['On t’attendrait.'] });
	});

	it('keeps the attempt open until every question is answered, and the card needs no answer', async () => {
		const module = await aPublishedModule(deps.db);
		const player = guest();
		const { attemptId } = await startAttempt(deps, player, { slug: module.slug });
		await recordAnswers(deps, player, batchFor(module, attemptId, { q1: RIGHT_ANSWERS.q1 }));
		const state = await getPlayState(deps, player, module.slug, attemptId);
		expect(state?.attempt).toMatchObject({ completed: false, answeredCount: 1, questionCount: 5 });
		expect(state?.steps.map((s) => s.id)).toEqual(['intro', 'q1', 'q2', 'q3', 'q4', 'q5']);
		expect(Object.keys(state?.answers ?? {})).toEqual(['q1']);
		const overview = await getModuleOverview(deps, player, module.slug);
		expect(overview?.progress).toMatchObject({ status: 'in_progress', openAttemptId: attemptId, answered: 1, total: 5 });
	});
});

describe('syncing answers (offline queue)', () => {
	it('is idempotent: the same batch twice changes nothing', async () => {
		const module = await aPublishedModule(deps.db);
		const player = guest();
		const attemptId = randomUUID();
		const batch = batchFor(module, attemptId, RIGHT_ANSWERS);
		const first = await recordAnswers(deps, player, batch);
		const second = await recordAnswers(deps, player, batch);
		expect(first.answers.every((a) => a.status === 'accepted' && !a.duplicate)).toBe(true);
		expect(second.answers.every((a) => a.status === 'accepted' && a.duplicate)).toBe(true);
		expect(second.attempts[0]).toMatchObject({ answeredCount: 5, correctCount: 5, justCompleted: false, completed: true });
		const rows = await deps.db.select().from(learningAnswers).where(eq(learningAnswers.attemptId, attemptId));
		expect(rows).toHaveLength(5);
	});

	it('creates an attempt started offline (client id) and keeps the first answer to a step', async () => {
		const module = await aPublishedModule(deps.db);
		const player = guest();
		const attemptId = randomUUID();
		await recordAnswers(deps, player, batchFor(module, attemptId, { q1: WRONG_ANSWERS.q1 }));
		// Another answer to the same step (another id): the first one stays.
		const again = await recordAnswers(deps, player, batchFor(module, attemptId, { q1: RIGHT_ANSWERS.q1 }));
		expect(again.answers[0]).toMatchObject({ status: 'accepted', duplicate: true, judgement: { correct: false } });
		const [attempt] = await deps.db.select().from(learningAttempts).where(eq(learningAttempts.id, attemptId));
		expect(attempt).toMatchObject({ answeredCount: 1, correctCount: 0, guestId: player.guestId });
	});

	it('survives concurrent syncs of the same queue without double counting', async () => {
		const module = await aPublishedModule(deps.db);
		const player = guest();
		const attemptId = randomUUID();
		const ids = Object.fromEntries(Object.keys(RIGHT_ANSWERS).map((k) => [k, randomUUID()]));
		const batch = batchFor(module, attemptId, RIGHT_ANSWERS, ids);
		await Promise.all([recordAnswers(deps, player, batch), recordAnswers(deps, player, batch), recordAnswers(deps, player, batch)]);
		const [attempt] = await deps.db.select().from(learningAttempts).where(eq(learningAttempts.id, attemptId));
		expect(attempt).toMatchObject({ answeredCount: 5, correctCount: 5 });
		expect(attempt?.completedAt).not.toBeNull();
	});

	it('rejects forged input and keeps the rest of the batch', async () => {
		const module = await aPublishedModule(deps.db);
		const player = guest();
		const attemptId = randomUUID();
		const result = await recordAnswers(deps, player, {
			attempts: [
				{
					id: attemptId,
					moduleId: module.id,
					versionId: module.versionId,
					answers: [
						{ id: randomUUID(), stepId: 'intro', response: { choice: 'a' } }, // a card
						{ id: randomUUID(), stepId: 'nope', response: { choice: 'a' } }, // unknown step
						{ id: randomUUID(), stepId: 'q1', response: { choice: 'zzz' } }, // unknown choice
						{ id: randomUUID(), stepId: 'q4', response: { order: ['a', 'a', 'b'] } }, // not a permutation
						{ id: randomUUID(), stepId: 'q2', response: RIGHT_ANSWERS.q2 }
					]
				}
			]
		});
		expect(result.answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'accepted']);
		expect(result.answers.map((a) => a.code)).toEqual([
			'learning.not_a_question',
			'learning.not_a_question',
			'learning.invalid_response',
			'learning.invalid_response',
			undefined
		]);
	});

	it('refuses malformed and oversized batches with a coded error', async () => {
		const player = guest();
		await expect(recordAnswers(deps, player, { attempts: 'x' })).rejects.toMatchObject({ code: 'learning.invalid_batch' });
		await expect(recordAnswers(deps, player, null)).rejects.toMatchObject({ code: 'learning.invalid_batch' });
		const module = await aPublishedModule(deps.db);
		const many = Array.from({ length: 11 }, () => batchFor(module, randomUUID(), RIGHT_ANSWERS).attempts[0]!);
		// 11 × 5 = 55 answers is fine; 41 × 5 = 205 is too many.
		await expect(recordAnswers(deps, player, { attempts: many })).resolves.toBeTruthy();
		const tooMany = { attempts: Array.from({ length: 2 }, () => ({ ...many[0]!, id: randomUUID(), answers: Array.from({ length: 101 }, (_, i) => ({ id: randomUUID(), stepId: `q${i}`, response: { choice: 'a' } })) })) };
		await expect(recordAnswers(deps, player, tooMany)).rejects.toMatchObject({ code: 'learning.batch_too_large' });
	});

	it('never lets a learner write into or read someone else’s attempt', async () => {
		const module = await aPublishedModule(deps.db);
		const owner = guest();
		const { attemptId } = await startAttempt(deps, owner, { slug: module.slug });
		for (const intruder of [guest(), youth]) {
			const result = await recordAnswers(deps, intruder, batchFor(module, attemptId, { q1: RIGHT_ANSWERS.q1 }));
			expect(result.attempts[0]).toMatchObject({ status: 'rejected', code: 'learning.attempt_not_found' });
			expect(await getPlayState(deps, intruder, module.slug, attemptId)).toBeNull();
			await expect(startAttempt(deps, intruder, { slug: module.slug, attemptId })).rejects.toMatchObject({ code: 'learning.attempt_not_found' });
		}
		const [attempt] = await deps.db.select().from(learningAttempts).where(eq(learningAttempts.id, attemptId));
		expect(attempt?.answeredCount).toBe(0);
	});
});

describe('who sees which module', () => {
	it('follows the scope: structure, network, everyone; anonymous visitors see only everyone’s', async () => {
		const lyonOnly = await aPublishedModule(deps.db, { scope: 'structure', ownerStructureId: world.structures.lyon.id, ownerNetworkId: world.networks.rhone.id });
		const rhone = await aPublishedModule(deps.db, { scope: 'network', ownerStructureId: world.structures.lyon.id, ownerNetworkId: world.networks.rhone.id });
		const all = await aPublishedModule(deps.db, { scope: 'everyone', ownerStructureId: world.structures.lyon.id, ownerNetworkId: world.networks.rhone.id });
		const sees = async (viewer: Viewer) => {
			const slugs = new Set((await getCatalogue(deps, viewer)).modules.map((m) => m.slug));
			return [lyonOnly, rhone, all].map((m) => (slugs.has(m.slug) ? 1 : 0)).join('');
		};
		expect(await sees(youth)).toBe('111');
		expect(await sees(otherYouth)).toBe('011');
		expect(await sees(farYouth)).toBe('001');
		expect(await sees(guest())).toBe('001');
		expect(await sees({ actor: null, guestId: null })).toBe('001');
		// Playing or fetching the content of a module out of scope fails the same way as an unknown one.
		await expect(startAttempt(deps, farYouth, { slug: lyonOnly.slug })).rejects.toMatchObject({ code: 'learning.module_not_found' });
		expect(await getVersionContent(deps, farYouth, { moduleId: lyonOnly.id, versionId: lyonOnly.versionId })).toBeNull();
		const forged = await recordAnswers(deps, farYouth, batchFor(lyonOnly, randomUUID(), { q1: RIGHT_ANSWERS.q1 }));
		expect(forged.attempts[0]).toMatchObject({ status: 'rejected', code: 'learning.module_not_found' });
		expect((await getCatalogue(deps, youth)).modules.find((m) => m.slug === lyonOnly.slug)?.author).toBe('Mission Locale de Lyon');
	});
});

describe('merging a guest’s progress into the account', () => {
	it('moves every attempt once, without duplicates, and later syncs of the same queue land in the account', async () => {
		const module = await aPublishedModule(deps.db);
		const other = await aPublishedModule(deps.db);
		const device = guest();
		const attemptId = randomUUID();
		const ids = Object.fromEntries(Object.keys(RIGHT_ANSWERS).map((k) => [k, randomUUID()]));
		const batch = batchFor(module, attemptId, RIGHT_ANSWERS, ids);
		await recordAnswers(deps, device, batch);
		const pending = randomUUID();
		await recordAnswers(deps, device, batchFor(other, pending, { q1: RIGHT_ANSWERS.q1 }));
		const account: Viewer = asActor({ ...world.actors.youth, userId: world.youths.youthOfColleague.id });
		const before = (await getCatalogue(deps, account)).summary;

		expect(await claimGuestProgress(deps, { guestId: device.guestId!, userId: account.actor!.userId })).toBe(2);
		expect(await claimGuestProgress(deps, { guestId: device.guestId!, userId: account.actor!.userId })).toBe(0);

		// The device, now signed in, sends its queue again (it had not seen the acknowledgement).
		const resent = await recordAnswers(deps, account, batch);
		expect(resent.answers.every((a) => a.duplicate)).toBe(true);
		const more = await recordAnswers(deps, account, batchFor(other, pending, { q2: RIGHT_ANSWERS.q2 }));
		expect(more.attempts[0]).toMatchObject({ status: 'accepted', answeredCount: 2 });

		const after = (await getCatalogue(deps, account)).summary;
		expect(after.badges).toBe(before.badges + 1);
		expect(after.xp).toBe(before.xp + 7 * 10 + 50);
		// The guest id no longer shows anything.
		expect((await getCatalogue(deps, device)).summary.xp).toBe(0);
	});
});

describe('versions', () => {
	it('an attempt finishes on the version it started; new attempts use the new version', async () => {
		const content = aModuleContent();
		const module = await aPublishedModule(deps.db, { content });
		const { attemptId } = await startAttempt(deps, youth, { slug: module.slug });
		await recordAnswers(deps, youth, batchFor(module, attemptId, { q1: RIGHT_ANSWERS.q1 }));
		const { publishVersion } = await import('./learning.catalogue');
		const v2 = await publishVersion(deps.db, {
			moduleId: module.id,
			content: { ...content, steps: content.steps.filter((s) => s.id !== 'q5') },
			publishedBy: null
		});
		const rest = { q2: RIGHT_ANSWERS.q2, q3: RIGHT_ANSWERS.q3, q4: RIGHT_ANSWERS.q4, q5: RIGHT_ANSWERS.q5 };
		const done = await recordAnswers(deps, youth, batchFor(module, attemptId, rest));
		expect(done.attempts[0]).toMatchObject({ status: 'accepted', answeredCount: 5, questionCount: 5, completed: true });
		const { attemptId: second } = await startAttempt(deps, youth, { slug: module.slug });
		const state = await getPlayState(deps, youth, module.slug, second);
		expect(state?.version).toEqual({ id: v2.versionId, number: 2 });
		expect(state?.attempt.questionCount).toBe(4);
		expect((await getModuleOverview(deps, youth, module.slug))?.progress.badgeEarnedAt).not.toBeNull();
	});
});

describe('reviews (spaced repetition)', () => {
	it('brings a missed question back after a day, then spaces it out', async () => {
		const module = await aPublishedModule(deps.db);
		const player = guest();
		const { attemptId } = await startAttempt(deps, player, { slug: module.slug });
		await recordAnswers(deps, player, batchFor(module, attemptId, { ...RIGHT_ANSWERS, q2: WRONG_ANSWERS.q2 }));
		expect((await getModuleOverview(deps, player, module.slug))?.progress.due).toEqual([]);
		await expect(startAttempt(deps, player, { slug: module.slug, kind: 'review' })).rejects.toMatchObject({ code: 'learning.nothing_to_review' });

		const start = clock;
		try {
			clock = new Date(start.getTime() + 25 * 3600_000);
			expect((await getModuleOverview(deps, player, module.slug))?.progress.due).toEqual(['q2']);
			const review = await startAttempt(deps, player, { slug: module.slug, kind: 'review' });
			const state = await getPlayState(deps, player, module.slug, review.attemptId);
			expect(state?.steps.map((s) => s.id)).toEqual(['q2']);
			await recordAnswers(deps, player, { attempts: [{ id: review.attemptId, moduleId: module.id, versionId: module.versionId, kind: 'review', answers: [{ id: randomUUID(), stepId: 'q2', response: RIGHT_ANSWERS.q2, answeredAt: clock.toISOString() }] }] });
			expect((await getModuleOverview(deps, player, module.slug))?.progress.due).toEqual([]);
			clock = new Date(start.getTime() + (25 + 3 * 24) * 3600_000);
			expect((await getModuleOverview(deps, player, module.slug))?.progress.due).toEqual(['q2']);
		} finally {
			clock = start;
		}
	});
});

describe('a youth’s progress in their file', () => {
	it('is readable by the staff of their Mission Locale only', async () => {
		const module = await aPublishedModule(deps.db);
		const { attemptId } = await startAttempt(deps, youth, { slug: module.slug });
		await recordAnswers(deps, youth, batchFor(module, attemptId, RIGHT_ANSWERS));
		const progress = await getYouthLearningProgress(deps, world.actors.counselor2, world.youths.youth.id);
		expect(progress?.modules.some((m) => m.title === module.content.title && m.status === 'done')).toBe(true);
		// Other tests complete attempts at the same (fixed) clock time: find this one by title.
		expect(progress?.history.find((h) => h.title === module.content.title)).toMatchObject({ title: module.content.title, score: 100 });
		for (const outsider of [world.actors.otherCounselor, world.actors.farCounselor, world.actors.referent, world.actors.admin, world.actors.mentor, null]) {
			expect(await getYouthLearningProgress(deps, outsider, world.youths.youth.id)).toBeNull();
		}
	});
});

describe('guest progress never claimed', () => {
	it('is purged after 180 days without activity', async () => {
		const module = await aPublishedModule(deps.db);
		const player = guest();
		const { attemptId } = await startAttempt(deps, player, { slug: module.slug });
		await purgeExpired(deps.db, new Date(clock.getTime() + 179 * 24 * 3600_000));
		expect(await deps.db.select().from(learningAttempts).where(eq(learningAttempts.id, attemptId))).toHaveLength(1);
		await purgeExpired(deps.db, new Date(clock.getTime() + 181 * 24 * 3600_000));
		expect(await deps.db.select().from(learningAttempts).where(eq(learningAttempts.id, attemptId))).toHaveLength(0);
	});
});

describe('new guests', () => {
	it('are limited per IP address; a browser that already has its guest id is not', async () => {
		const { guestIdFor, NEW_GUEST_POLICY } = await import('./learning.guest');
		const jar = () => {
			const values = new Map<string, string>();
			return {
				get: (name: string) => values.get(name),
				set: (name: string, value: string) => void values.set(name, value),
				delete: (name: string) => void values.delete(name)
			} as unknown as import('@sveltejs/kit').Cookies;
		};
		const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
		const phone = jar();
		const first = await guestIdFor(deps, phone, ip);
		for (let i = 1; i <= NEW_GUEST_POLICY.freeFailures; i++) await guestIdFor(deps, jar(), ip);
		await expect(guestIdFor(deps, jar(), ip)).rejects.toMatchObject({ code: 'learning.too_many_guests', kind: 'rate_limited' });
		expect(await guestIdFor(deps, phone, ip)).toBe(first);
		expect(await guestIdFor(deps, jar(), '198.51.100.250')).toMatch(/^[0-9a-f-]{36}$/);
	});
});

describe('a module address typed by hand', () => {
	it('that cannot be a slug (NUL, upper case, too long) finds nothing instead of failing', async () => {
		for (const slug of ['\u0000', 'Premiers-Jours', 'a'.repeat(81), "x' or 1=1 --"]) {
			expect(await getModuleOverview(deps, guest(), slug)).toBeNull();
			await expect(startAttempt(deps, guest(), { slug })).rejects.toMatchObject({ code: 'learning.module_not_found' });
		}
	});
});
