import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQuestion } from '$lib/learning/content';
import { buildDeps, type Deps } from '../app';
import type { DatabaseHandle } from '../db/client';
import { createTestDatabase } from '../db/test-database';
import { findAccountByEmail } from '../modules/accounts';
import { checkModuleContent, getCatalogue, getYouthLearningProgress, loadCatalogue } from '../modules/learning';
import { learningAnswers, learningAttempts, learningModuleVersions } from '../modules/learning/learning.schema';
import type { Actor } from '../platform/access';
import { readConfig } from '../platform/config/config';
import { LYON_MODULE, seedLearning } from './demo.learning';
import { demoId, demoNetworkId, demoStructureId, seedDemo } from './seed';

describe('demo parcours', () => {
	let handle: DatabaseHandle;
	let deps: Deps;
	const now = new Date('2026-03-10T09:00:00Z');
	const lyon = demoStructureId('ml-lyon');
	const rhone = demoNetworkId('missions-locales-du-rhone');
	let counselor: Actor;
	let karim: Actor;

	beforeAll(async () => {
		handle = await createTestDatabase();
		deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '1', LOG_LEVEL: 'warn' }), now: () => now });
		await loadCatalogue(deps);
		await seedDemo(deps);
		counselor = { userId: (await findAccountByEmail(deps.db, 'conseiller@tremplin.test'))!.id, role: 'counselor', structureId: lyon, networkId: rhone, companyId: null };
		karim = { userId: (await findAccountByEmail(deps.db, 'jeune@tremplin.test'))!.id, role: 'youth', structureId: lyon, networkId: rhone, companyId: null };
	}, 180_000);
	afterAll(() => handle.close());

	it('has a valid Lyon module of 10+ questions, published for Lyon only', async () => {
		expect(checkModuleContent(LYON_MODULE).ok).toBe(true);
		expect(LYON_MODULE.steps.filter(isQuestion).length).toBeGreaterThanOrEqual(10);
		expect(new Set(LYON_MODULE.steps.filter(isQuestion).map((q) => q.kind)).size).toBe(5);
		const forKarim = await getCatalogue(deps, { actor: karim, guestId: null });
		expect(forKarim.modules.find((m) => m.slug === LYON_MODULE.slug)?.author).toBe('Mission Locale de Lyon');
		const jade = await findAccountByEmail(deps.db, 'jeune3@tremplin.test');
		const forJade = await getCatalogue(deps, {
			actor: { userId: jade!.id, role: 'youth', structureId: demoStructureId('ml-sarthe-nord'), networkId: demoNetworkId('union-regionale-pays-de-la-loire'), companyId: null },
			guestId: null
		});
		expect(forJade.modules.map((m) => m.slug)).not.toContain(LYON_MODULE.slug);
	});

	it('gives Karim progress his counselor can read: a module done 2 days ago, scores that grow, something in progress', async () => {
		const progress = await getYouthLearningProgress(deps, counselor, karim.userId);
		const lyonModule = progress?.modules.find((m) => m.title === LYON_MODULE.title);
		expect(lyonModule).toMatchObject({ status: 'done' });
		const lyonScores = progress!.history.filter((h) => h.title === LYON_MODULE.title);
		expect(lyonScores).toHaveLength(2);
		expect(lyonScores[1]!.score).toBeGreaterThan(lyonScores[0]!.score);
		expect(now.getTime() - lyonScores[1]!.completedAt.getTime()).toBeLessThan(2.1 * 24 * 3600_000);
		expect(progress!.summary.badges).toBeGreaterThanOrEqual(1);
		if (progress!.availableCount > 2) expect(progress!.modules.some((m) => m.status === 'in_progress')).toBe(true);
	});

	it('adds nothing when run again', async () => {
		const counts = async () => [
			(await deps.db.select({ n: count() }).from(learningAttempts))[0]!.n,
			(await deps.db.select({ n: count() }).from(learningAnswers))[0]!.n,
			(await deps.db.select({ n: count() }).from(learningModuleVersions))[0]!.n
		];
		const before = await counts();
		await seedLearning(deps, { counselor, youth: karim, demoId, daysAgo: (d) => new Date(now.getTime() - d * 24 * 3600_000) });
		expect(await counts()).toEqual(before);
	});
});
