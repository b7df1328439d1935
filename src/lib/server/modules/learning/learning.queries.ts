import { isQuestion, judge, type Judgement, type ModuleContent, type Step } from '$lib/learning/content';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { createAccountsRepository } from '$lib/server/modules/accounts';
import { findNetworkName, findStructurePlace } from '$lib/server/modules/structures';
import type { Actor } from '$lib/server/platform/access';
import { summarize, type LearnerSummary, type ModuleProgress } from './learning.progress';
import { createLearningRepository, type PublishedModule, type Viewer } from './learning.repository';

type ReadDeps = Pick<Deps, 'db' | 'now'>;

export interface CatalogueModule {
	id: string;
	slug: string;
	title: string;
	summary: string;
	theme: string;
	emoji: string;
	minutes: number;
	questionCount: number;
	versionId: string;
	/** "Tremplin", or the Mission Locale / network that wrote it. */
	author: string;
	progress: ModuleProgress;
}

export interface Catalogue {
	summary: Omit<LearnerSummary, 'modules'>;
	modules: CatalogueModule[];
}

const emptyProgress = (total: number): ModuleProgress => ({
	status: 'new',
	openAttemptId: null,
	answered: 0,
	total,
	badgeEarnedAt: null,
	bestScore: null,
	lastActivityAt: null,
	due: []
});

async function authorLabel(db: Database, m: Pick<PublishedModule, 'ownerStructureId' | 'ownerNetworkId'>, cache: Map<string, string>) {
	const key = `${m.ownerStructureId ?? ''}/${m.ownerNetworkId ?? ''}`;
	const cached = cache.get(key);
	if (cached) return cached;
	let label = 'Tremplin';
	if (m.ownerStructureId) label = (await findStructurePlace(db, m.ownerStructureId))?.name ?? label;
	else if (m.ownerNetworkId) label = (await findNetworkName(db, m.ownerNetworkId)) ?? label;
	cache.set(key, label);
	return label;
}

async function learnerState(deps: ReadDeps, viewer: Viewer, modules: PublishedModule[]) {
	const repo = createLearningRepository({ db: deps.db, viewer });
	const [attempts, answers] = await Promise.all([repo.listAttempts(), repo.listAnswers()]);
	const totals = new Map(modules.map((m) => [m.id, m.questionCount]));
	// Reviews only for questions that still exist in the module's current version.
	const current = new Map(modules.map((m) => [m.id, new Set(m.content.steps.filter(isQuestion).map((s) => s.id))]));
	const kept = answers.filter((a) => current.get(a.moduleId)?.has(a.stepId) ?? false);
	const summary = summarize(attempts, kept, totals, deps.now());
	// XP counts every right answer ever given, even to a question since removed.
	const full = summarize(attempts, answers, totals, deps.now());
	return { repo, summary: { ...summary, xp: full.xp, level: full.level, levelFloor: full.levelFloor, nextLevelAt: full.nextLevelAt } };
}

/** The modules a viewer may play, with their progress; Tremplin's own first, then their structure's and network's. */
export async function getCatalogue(deps: ReadDeps, viewer: Viewer): Promise<Catalogue> {
	const repo = createLearningRepository({ db: deps.db, viewer });
	const published = await repo.listPublished();
	const { summary } = await learnerState(deps, viewer, published);
	const labels = new Map<string, string>();
	const modules: CatalogueModule[] = [];
	for (const m of published) {
		modules.push({
			id: m.id,
			slug: m.slug,
			title: m.content.title,
			summary: m.content.summary,
			theme: m.content.theme,
			emoji: m.content.emoji,
			minutes: m.content.minutes,
			questionCount: m.questionCount,
			versionId: m.versionId,
			author: await authorLabel(deps.db, m, labels),
			progress: summary.modules.get(m.id) ?? emptyProgress(m.questionCount)
		});
	}
	// What the youth is playing first, then what is new to them, then what they finished; Tremplin's
	// own modules (in their intended order) before the ones written by Missions Locales.
	const statusRank = { in_progress: 0, new: 1, done: 2 } as const;
	const authorRank = (m: CatalogueModule) => (m.author === 'Tremplin' ? 0 : 1);
	modules.sort((a, b) => statusRank[a.progress.status] - statusRank[b.progress.status] || authorRank(a) - authorRank(b));
	const { modules: _ignored, ...rest } = summary;
	return { summary: rest, modules };
}

export interface ModuleOverview extends CatalogueModule {
	versionNumber: number;
	cards: { title: string; emoji?: string }[];
}

export async function getModuleOverview(deps: ReadDeps, viewer: Viewer, slug: string): Promise<ModuleOverview | null> {
	const repo = createLearningRepository({ db: deps.db, viewer });
	const m = await repo.findPublishedBySlug(slug);
	if (!m) return null;
	const { summary } = await learnerState(deps, viewer, [m]);
	return {
		id: m.id,
		slug: m.slug,
		title: m.content.title,
		summary: m.content.summary,
		theme: m.content.theme,
		emoji: m.content.emoji,
		minutes: m.content.minutes,
		questionCount: m.questionCount,
		versionId: m.versionId,
		versionNumber: m.versionNumber,
		author: await authorLabel(deps.db, m, new Map()),
		progress: summary.modules.get(m.id) ?? emptyProgress(m.questionCount),
		cards: m.content.steps.flatMap((s) => (s.kind === 'card' ? [{ title: s.title, emoji: s.emoji }] : []))
	};
}

export interface PlayState {
	module: { id: string; slug: string; title: string; emoji: string };
	version: { id: string; number: number };
	attempt: {
		id: string;
		kind: 'module' | 'review';
		completed: boolean;
		answeredCount: number;
		correctCount: number;
		questionCount: number;
	};
	/** The steps of the attempt, in order. */
	steps: Step[];
	/** Recorded answers by step id, with their judgement. */
	answers: Record<string, { id: string; response: unknown; judgement: Judgement }>;
}

/** An attempt of the viewer, with the version it plays (even if a newer one was published since). */
export async function getPlayState(deps: ReadDeps, viewer: Viewer, slug: string, attemptId: string): Promise<PlayState | null> {
	const repo = createLearningRepository({ db: deps.db, viewer });
	const attempt = await repo.findAttempt(attemptId);
	if (!attempt) return null;
	const version = await repo.findVersion(attempt.moduleId, attempt.versionId);
	if (!version || version.slug !== slug) return null;
	const byId = new Map(version.content.steps.map((s) => [s.id, s]));
	const steps = attempt.plan.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
	const answers: PlayState['answers'] = {};
	for (const a of await repo.answersOf([attempt.id])) {
		const step = byId.get(a.stepId);
		if (step && isQuestion(step)) answers[a.stepId] = { id: a.id, response: a.response, judgement: judge(step, a.response) };
	}
	return {
		module: { id: version.moduleId, slug: version.slug, title: version.content.title, emoji: version.content.emoji },
		version: { id: version.versionId, number: version.number },
		attempt: {
			id: attempt.id,
			kind: attempt.kind,
			completed: attempt.completedAt !== null,
			answeredCount: attempt.answeredCount,
			correctCount: attempt.correctCount,
			questionCount: attempt.questionCount
		},
		steps,
		answers
	};
}

/** A version's full content, for the offline player. Only versions of modules the viewer may play. */
export async function getVersionContent(
	deps: ReadDeps,
	viewer: Viewer,
	input: { moduleId: string; versionId: string }
): Promise<{ moduleId: string; versionId: string; number: number; content: ModuleContent } | null> {
	const repo = createLearningRepository({ db: deps.db, viewer });
	const v = await repo.findVersion(input.moduleId, input.versionId);
	return v ? { moduleId: v.moduleId, versionId: v.versionId, number: v.number, content: v.content } : null;
}

/** The viewer's XP, level, série, badges and reviews (youth home, catalogue header). */
export async function getLearnerSummary(deps: ReadDeps, viewer: Viewer): Promise<Omit<LearnerSummary, 'modules'>> {
	const { summary } = await getCatalogue(deps, viewer);
	return summary;
}

export interface YouthLearningProgress {
	summary: Omit<LearnerSummary, 'modules'>;
	/** Modules the youth may play now (for "7 sur 12"). */
	availableCount: number;
	modules: {
		title: string;
		emoji: string;
		status: ModuleProgress['status'];
		answered: number;
		total: number;
		badgeEarnedAt: Date | null;
		bestScore: number | null;
		lastActivityAt: Date | null;
	}[];
	/** Completed play-throughs, oldest first: the score over time. */
	history: { title: string; completedAt: Date; score: number; kind: 'module' | 'review' }[];
}

/**
 * A youth's progress as their counselor sees it in the youth file. Only the staff of the youth's
 * Mission Locale (and the youth): the accounts repository returns the file only in scope.
 */
export async function getYouthLearningProgress(deps: ReadDeps, actor: Actor | null, youthId: string): Promise<YouthLearningProgress | null> {
	if (!actor) return null;
	const file = await createAccountsRepository({ db: deps.db, actor, now: deps.now }).getYouthFile(youthId);
	if (!file) return null;
	const youthViewer: Viewer = {
		actor: { userId: youthId, role: 'youth', structureId: file.structureId, networkId: actor.networkId, companyId: null },
		guestId: null
	};
	const catalogue = await getCatalogue(deps, youthViewer);
	const repo = createLearningRepository({ db: deps.db, viewer: youthViewer });
	const attempts = await repo.listAttempts();
	const titles = new Map(catalogue.modules.map((m) => [m.id, m.title]));
	const played = catalogue.modules.filter((m) => m.progress.status !== 'new');
	return {
		summary: catalogue.summary,
		availableCount: catalogue.modules.length,
		modules: played.map((m) => ({
			title: m.title,
			emoji: m.emoji,
			status: m.progress.status,
			answered: m.progress.answered,
			total: m.progress.total,
			badgeEarnedAt: m.progress.badgeEarnedAt,
			bestScore: m.progress.bestScore,
			lastActivityAt: m.progress.lastActivityAt
		})),
		history: attempts
			.filter((a) => a.completedAt)
			.map((a) => ({
				title: titles.get(a.moduleId) ?? 'Parcours retiré',
				completedAt: a.completedAt!,
				score: Math.round((100 * a.correctCount) / Math.max(1, a.questionCount)),
				kind: a.kind
			}))
			.sort((x, y) => x.completedAt.getTime() - y.completedAt.getTime())
	};
}
