import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { can, requireRole, STAFF_ROLES, type Actor } from '../../platform/access';
import { findYouthPlace } from '../accounts';
import { AREAS, ITEMS, itemById, isTask, publicItem, type Area, type AreaCode, type PublicItem } from './diagnostic.content';
import { unknownItem, youthNotFound } from './diagnostic.errors';
import { MODULES_BY_AREA, PUBLIC_RESOURCES, type ModuleLink, type PublicResource } from './diagnostic.recommendations';
import { diagnosticAttempts } from './diagnostic.schema';
import type { AreaResult, Feedback, Level, Outcome } from './diagnostic.scoring';
import { completedAttemptsOf, nextItemId, openAttemptOf, ownedBy, takerOf, type Viewer } from './diagnostic.usecases';

type Deps = { db: Database; now: () => Date };

export interface DiagnosticState {
	open: { answered: number; total: number; nextItemId: string } | null;
	latest: { completedAt: Date; results: AreaResult[] } | null;
	completedCount: number;
	total: number;
}

/** Where this viewer stands: a diagnostic in progress, the latest results. */
export async function getDiagnosticState(deps: Deps, viewer: Viewer): Promise<DiagnosticState> {
	const taker = takerOf(viewer);
	const empty = { open: null, latest: null, completedCount: 0, total: ITEMS.length };
	if (!taker) return empty;
	const open = await openAttemptOf(deps.db, taker);
	const done = await completedAttemptsOf(deps.db, ownedBy(taker));
	const last = done.at(-1);
	return {
		open: open ? { answered: Object.keys(open.answers).filter((id) => itemById(id)).length, total: ITEMS.length, nextItemId: nextItemId(open.answers) ?? ITEMS[0]!.id } : null,
		latest: last?.completedAt && last.results ? { completedAt: last.completedAt, results: last.results } : null,
		completedCount: done.length,
		total: ITEMS.length
	};
}

export interface Correction {
	outcome: Outcome | null;
	feedback: Feedback[];
	explanation: string | null;
}

export interface StepView {
	item: PublicItem;
	area: Area;
	position: number;
	total: number;
	isTask: boolean;
	/** The answer already given in this attempt (to pre-fill a self-assessment). */
	response: Record<string, string | string[] | boolean> | null;
	/** Shown once a task or question is answered. */
	correction: Correction | null;
	nextItemId: string | null;
	previousItemId: string | null;
}

/** One step of the diagnostic in progress (null: nothing in progress on this device). */
export async function getStep(deps: Deps, viewer: Viewer, itemId: string): Promise<StepView | null> {
	const item = itemById(itemId);
	if (!item) throw unknownItem();
	const taker = takerOf(viewer);
	if (!taker) return null;
	// The attempt in progress, or the one just completed (to show the last correction).
	const open = (await openAttemptOf(deps.db, taker)) ?? (await completedAttemptsOf(deps.db, ownedBy(taker))).at(-1) ?? null;
	if (!open || !(item.id in open.answers || !open.completedAt)) return null;
	const index = ITEMS.indexOf(item);
	const given = open.answers[item.id] ?? null;
	const explained = given && (isTask(item) || item.kind === 'choice');
	return {
		item: publicItem(item),
		area: AREAS.find((a) => a.code === item.area)!,
		position: index + 1,
		total: ITEMS.length,
		isTask: isTask(item),
		response: given?.response ?? null,
		correction: explained ? { outcome: given.outcome, feedback: given.feedback, explanation: 'explanation' in item ? item.explanation : null } : null,
		nextItemId: nextItemId(open.answers),
		previousItemId: index > 0 ? ITEMS[index - 1]!.id : null
	};
}

export interface AreaView extends AreaResult {
	title: string;
	plain: string;
	insee: string[];
}

export interface ResultView {
	completedAt: Date;
	areas: AreaView[];
	strengths: AreaView[];
	toLearn: AreaView[];
	modules: ModuleLink[];
	resources: PublicResource[];
	tasks: { right: number; partial: number; wrong: number };
}

const areaViews = (results: AreaResult[]): AreaView[] =>
	results.flatMap((r) => {
		const area = AREAS.find((a) => a.code === r.area);
		return area ? [{ ...r, title: area.title, plain: area.plain, insee: area.insee }] : [];
	});

function recommend(areas: AreaView[]): Pick<ResultView, 'modules' | 'resources'> {
	const weak = areas.filter((a) => a.level !== 'above_basic').sort((a, b) => a.score - b.score);
	const modules = weak.flatMap((a) => MODULES_BY_AREA[a.area]).filter((m, i, all) => all.findIndex((x) => x.slug === m.slug) === i);
	const resources = [PUBLIC_RESOURCES.pix];
	if (areas.some((a) => a.level === 'none')) resources.unshift(PUBLIC_RESOURCES.bonsClics, PUBLIC_RESOURCES.passNumerique);
	else if (weak.length > 0) resources.push(PUBLIC_RESOURCES.bonsClics);
	if (weak.some((a) => a.area === 'safety')) resources.push(PUBLIC_RESOURCES.cybermalveillance);
	return { modules, resources };
}

/** The viewer's latest results, kindly sorted, with what to do next. */
export async function getLatestResult(deps: Deps, viewer: Viewer): Promise<ResultView | null> {
	const taker = takerOf(viewer);
	if (!taker) return null;
	const done = await completedAttemptsOf(deps.db, ownedBy(taker));
	const last = done.at(-1);
	if (!last?.completedAt || !last.results) return null;
	const areas = areaViews(last.results);
	const tasks = { right: 0, partial: 0, wrong: 0 };
	for (const a of Object.values(last.answers)) if (a.outcome) tasks[a.outcome] += 1;
	return {
		completedAt: last.completedAt,
		areas,
		strengths: areas.filter((a) => a.level !== 'none').sort((a, b) => b.score - a.score),
		toLearn: areas.filter((a) => a.level !== 'above_basic').sort((a, b) => a.score - b.score),
		...recommend(areas),
		tasks
	};
}

export interface YouthDiagnostics {
	attempts: { completedAt: Date; areas: AreaView[] }[];
	latest: { completedAt: Date; areas: AreaView[] } | null;
	/** Latest minus previous score, by area (null when there is only one diagnostic). */
	progress: Record<AreaCode, number> | null;
	/** Areas at « none » in the latest diagnostic: the youth needs support there. */
	needsSupport: AreaView[];
}

/**
 * A youth's completed diagnostics, for the youth themself or the staff of their current Mission
 * Locale. Anyone else who is staff gets "not found" (same answer as an unknown id).
 */
export async function getYouthDiagnostics(deps: Deps, actor: Actor | null, youthId: string): Promise<YouthDiagnostics> {
	const a = actor?.role === 'youth' ? actor : requireRole(actor, STAFF_ROLES);
	const youth = await findYouthPlace(deps.db, youthId);
	if (!youth || !can(a, 'read', 'youth_file', { structureId: youth.structureId, networkId: null, ownerId: youth.id })) throw youthNotFound();
	const done = await completedAttemptsOf(deps.db, eq(diagnosticAttempts.userId, youth.id));
	const attempts = done.flatMap((d) => (d.completedAt && d.results ? [{ completedAt: d.completedAt, areas: areaViews(d.results) }] : []));
	const latest = attempts.at(-1) ?? null;
	const previous = attempts.length > 1 ? attempts[attempts.length - 2]! : null;
	const progress = latest && previous ? (Object.fromEntries(latest.areas.map((x) => [x.area, x.score - (previous.areas.find((p) => p.area === x.area)?.score ?? 0)])) as Record<AreaCode, number>) : null;
	return { attempts, latest, progress, needsSupport: latest ? latest.areas.filter((x) => x.level === 'none') : [] };
}

export const LEVEL_LABELS: Record<Level, { youth: string; pro: string }> = {
	none: { youth: 'À découvrir', pro: 'Aucune compétence' },
	basic: { youth: 'Les bases', pro: 'De base' },
	above_basic: { youth: 'Au-delà des bases', pro: 'Plus que de base' }
};
