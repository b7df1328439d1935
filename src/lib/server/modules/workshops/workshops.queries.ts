import { and, asc, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import { createAccountsRepository, displayNames, findYouthPlace } from '$lib/server/modules/accounts';
import { createLearningRepository } from '$lib/server/modules/learning';
import { sitesOfStructure } from '$lib/server/modules/structures';
import { authorize, can, isStaff, requireRole, type Actor } from '$lib/server/platform/access';
import { QUESTION_KIND_LABELS, type QuestionKind } from '$lib/learning/content';
import { joinPath, type LivePhase } from '$lib/workshops/live';
import { workshopNotFound } from './workshops.errors';
import { createWorkshopsRepository } from './workshops.repository';
import { workshopAnswers, workshopInvitations, workshopPlayers, workshops, type WorkshopMode, type WorkshopRow } from './workshops.schema';
import { MAX_QUESTIONS } from './workshops.validation';

type ReadDeps = Pick<Deps, 'db' | 'now'>;

export const PHASE_LABELS: Record<LivePhase, string> = {
	scheduled: 'Programmé',
	lobby: 'Salle ouverte',
	question: 'En cours',
	reveal: 'En cours',
	leaderboard: 'En cours',
	ended: 'Terminé'
};

export const MODE_LABELS: Record<WorkshopMode, string> = {
	on_site: 'Sur place',
	remote: 'À distance',
	mixed: 'Sur place et à distance'
};

const isLive = (phase: LivePhase) => phase !== 'scheduled' && phase !== 'ended';

function authorizeRead(actor: Actor | null): asserts actor is Actor {
	authorize(actor, 'read', 'workshop', { structureId: actor?.structureId ?? null, networkId: actor?.networkId ?? null });
}

export interface StaffWorkshopItem {
	id: string;
	title: string;
	startsAt: Date;
	durationMinutes: number;
	mode: WorkshopMode;
	phase: LivePhase;
	phaseLabel: string;
	live: boolean;
	questionCount: number;
	invitedCount: number;
	playerCount: number;
}

/** The structure's workshops: upcoming and live first (soonest first), then ended ones (latest first). */
export async function listWorkshopsForStaff(deps: ReadDeps, actor: Actor | null): Promise<StaffWorkshopItem[]> {
	authorizeRead(actor);
	const invited = deps.db
		.select({ workshopId: workshopInvitations.workshopId, n: count().as('invited_n') })
		.from(workshopInvitations)
		.groupBy(workshopInvitations.workshopId)
		.as('invited');
	const players = deps.db
		.select({ workshopId: workshopPlayers.workshopId, n: count().as('players_n') })
		.from(workshopPlayers)
		.where(isNull(workshopPlayers.removedAt))
		.groupBy(workshopPlayers.workshopId)
		.as('players');
	const rows = await deps.db
		.select({
			id: workshops.id,
			title: workshops.title,
			startsAt: workshops.startsAt,
			durationMinutes: workshops.durationMinutes,
			mode: workshops.mode,
			phase: workshops.phase,
			questionCount: sql<number>`jsonb_array_length(${workshops.questions})`,
			invitedCount: invited.n,
			playerCount: players.n
		})
		.from(workshops)
		.leftJoin(invited, eq(invited.workshopId, workshops.id))
		.leftJoin(players, eq(players.workshopId, workshops.id))
		.where(eq(workshops.structureId, actor.structureId!))
		.orderBy(asc(workshops.startsAt))
		.limit(500);
	const items = rows.map((r) => ({
		...r,
		phaseLabel: PHASE_LABELS[r.phase],
		live: isLive(r.phase),
		questionCount: Number(r.questionCount),
		invitedCount: Number(r.invitedCount ?? 0),
		playerCount: Number(r.playerCount ?? 0)
	}));
	const open = items.filter((w) => w.phase !== 'ended').sort((a, b) => Number(b.live) - Number(a.live) || a.startsAt.getTime() - b.startsAt.getTime());
	const ended = items.filter((w) => w.phase === 'ended').sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
	return [...open, ...ended];
}

export interface StaffWorkshopDetails {
	workshop: Pick<
		WorkshopRow,
		'id' | 'title' | 'startsAt' | 'durationMinutes' | 'mode' | 'siteId' | 'remoteInfo' | 'capacity' | 'timerSeconds' | 'phase' | 'replaySlug' | 'joinCode'
	> & { phaseLabel: string; modeLabel: string; live: boolean; siteName: string | null };
	questions: { index: number; id: string; kind: QuestionKind; kindLabel: string; prompt: string; source: { slug: string; title: string } | null }[];
	questionsEditable: boolean;
	maxQuestions: number;
	invited: { id: string; name: string }[];
	sites: { id: string; name: string; city: string }[];
	/** Published modules the structure's youth can play (and their question count). */
	modules: { slug: string; title: string; questionCount: number }[];
	playerCount: number;
}

/** A workshop as its page shows it to the staff of its Mission Locale; anything else is « introuvable ». */
export async function getWorkshopForStaff(deps: ReadDeps, actor: Actor | null, id: string): Promise<StaffWorkshopDetails> {
	authorizeRead(actor);
	const row = await createWorkshopsRepository({ db: deps.db, actor }).find(id);
	if (!row) throw workshopNotFound();
	const [invitations, siteRows, published, [players]] = await Promise.all([
		deps.db
			.select({ youthId: workshopInvitations.youthId })
			.from(workshopInvitations)
			.where(eq(workshopInvitations.workshopId, row.id)),
		sitesOfStructure(deps.db, row.structureId),
		createLearningRepository({ db: deps.db, viewer: { actor, guestId: null } }).listPublished(),
		deps.db
			.select({ n: count() })
			.from(workshopPlayers)
			.where(and(eq(workshopPlayers.workshopId, row.id), isNull(workshopPlayers.removedAt)))
	]);
	const names = await displayNames(deps.db, invitations.map((i) => i.youthId));
	const site = siteRows.find((s) => s.id === row.siteId) ?? null;
	return {
		workshop: {
			id: row.id,
			title: row.title,
			startsAt: row.startsAt,
			durationMinutes: row.durationMinutes,
			mode: row.mode,
			siteId: row.siteId,
			remoteInfo: row.remoteInfo,
			capacity: row.capacity,
			timerSeconds: row.timerSeconds,
			phase: row.phase,
			replaySlug: row.replaySlug,
			joinCode: row.joinCode,
			phaseLabel: PHASE_LABELS[row.phase],
			modeLabel: MODE_LABELS[row.mode],
			live: isLive(row.phase),
			siteName: site ? `${site.name} (${site.city})` : null
		},
		questions: row.questions.map(({ question, source }, index) => ({
			index,
			id: question.id,
			kind: question.kind,
			kindLabel: QUESTION_KIND_LABELS[question.kind],
			prompt: question.kind === 'situation' ? `${question.situation} — ${question.prompt}` : question.prompt,
			source
		})),
		questionsEditable: row.phase === 'scheduled' || row.phase === 'lobby',
		maxQuestions: MAX_QUESTIONS,
		invited: invitations
			.map((i) => ({ id: i.youthId, name: names.get(i.youthId) ?? 'Jeune' }))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr')),
		sites: siteRows.filter((s) => !s.archived || s.id === row.siteId).map((s) => ({ id: s.id, name: s.name, city: s.city })),
		modules: published
			.filter((m) => m.questionCount > 0)
			.map((m) => ({ slug: m.slug, title: m.content.title, questionCount: m.questionCount }))
			.sort((a, b) => a.title.localeCompare(b.title, 'fr')),
		playerCount: Number(players?.n ?? 0)
	};
}

/** Sites of the actor's structure, for the creation form. */
export async function listWorkshopSites(deps: ReadDeps, actor: Actor | null): Promise<{ id: string; name: string; city: string }[]> {
	authorizeRead(actor);
	const rows = await sitesOfStructure(deps.db, actor.structureId!);
	return rows.filter((s) => !s.archived).map((s) => ({ id: s.id, name: s.name, city: s.city }));
}

export const INVITABLE_SHOWN = 200;

/** Youth of the structure who can be invited (name and referent), searched by name; 200 at most shown. */
export async function listInvitableYouth(
	deps: ReadDeps,
	actor: Actor | null,
	search = ''
): Promise<{ youth: { id: string; name: string; referentName: string | null }[]; more: boolean }> {
	authorizeRead(actor);
	const rows = await createAccountsRepository({ db: deps.db, actor, now: deps.now }).listYouth({
		search: search.slice(0, 100),
		sort: 'name',
		limit: INVITABLE_SHOWN + 1
	});
	return {
		youth: rows.slice(0, INVITABLE_SHOWN).map((r) => ({ id: r.id, name: `${r.firstName} ${r.lastName}`.trim(), referentName: r.referentName })),
		more: rows.length > INVITABLE_SHOWN
	};
}

export interface YouthWorkshopItem {
	id: string;
	title: string;
	startsAt: Date;
	durationMinutes: number;
	mode: WorkshopMode;
	modeLabel: string;
	place: string | null;
	remoteInfo: string | null;
	/** remoteInfo is an https link (shown as a link). */
	remoteIsLink: boolean;
	live: boolean;
	/** Where to join, once the counselor has opened the room. */
	joinPath: string | null;
}

/** The workshops a youth is invited to, upcoming or live (their agenda). */
export async function listWorkshopsForYouth(deps: ReadDeps, actor: Actor | null): Promise<YouthWorkshopItem[]> {
	const me = requireRole(actor, ['youth']);
	const now = deps.now();
	const rows = await deps.db
		.select({
			id: workshops.id,
			structureId: workshops.structureId,
			title: workshops.title,
			startsAt: workshops.startsAt,
			durationMinutes: workshops.durationMinutes,
			mode: workshops.mode,
			siteId: workshops.siteId,
			remoteInfo: workshops.remoteInfo,
			phase: workshops.phase,
			joinCode: workshops.joinCode
		})
		.from(workshopInvitations)
		.innerJoin(workshops, eq(workshops.id, workshopInvitations.workshopId))
		.where(
			and(
				eq(workshopInvitations.youthId, me.userId),
				ne(workshops.phase, 'ended'),
				sql`(${workshops.phase} <> 'scheduled' or ${workshops.startsAt} + make_interval(mins => ${workshops.durationMinutes}) > ${now})`
			)
		)
		.orderBy(asc(workshops.startsAt))
		.limit(50);
	const sitesByStructure = new Map<string, Awaited<ReturnType<typeof sitesOfStructure>>>();
	const out: YouthWorkshopItem[] = [];
	for (const r of rows) {
		if (!sitesByStructure.has(r.structureId)) sitesByStructure.set(r.structureId, await sitesOfStructure(deps.db, r.structureId));
		const site = r.siteId ? sitesByStructure.get(r.structureId)!.find((s) => s.id === r.siteId) : null;
		const live = isLive(r.phase);
		out.push({
			id: r.id,
			title: r.title,
			startsAt: r.startsAt,
			durationMinutes: r.durationMinutes,
			mode: r.mode,
			modeLabel: MODE_LABELS[r.mode],
			place: site ? `${site.name}, ${site.addressLine}, ${site.postalCode} ${site.city}` : null,
			remoteInfo: r.remoteInfo,
			remoteIsLink: !!r.remoteInfo && /^https:\/\/\S+$/.test(r.remoteInfo),
			live,
			joinPath: live && r.joinCode ? joinPath(r.joinCode) : null
		});
	}
	return out;
}

export interface OpenWorkshopItem {
	id: string;
	title: string;
	startsAt: Date;
	durationMinutes: number;
	modeLabel: string;
	place: string | null;
	/** Some of its questions come from one of the parcours asked for (e.g. the diagnostic's recommendations). */
	matches: boolean;
	registered: boolean;
	seatsLeft: number;
}

/**
 * Upcoming workshops of the youth's own Mission Locale that they may sign up for: those whose
 * questions come from one of `preferSlugs` first, then by date; at most `limit`.
 */
export async function listOpenWorkshopsForYouth(
	deps: ReadDeps,
	actor: Actor | null,
	options: { preferSlugs?: readonly string[]; limit?: number } = {}
): Promise<OpenWorkshopItem[]> {
	const me = requireRole(actor, ['youth']);
	if (!me.structureId) return [];
	const rows = await deps.db
		.select({
			id: workshops.id,
			title: workshops.title,
			startsAt: workshops.startsAt,
			durationMinutes: workshops.durationMinutes,
			mode: workshops.mode,
			siteId: workshops.siteId,
			capacity: workshops.capacity,
			questions: workshops.questions,
			invited: sql<number>`(select count(*)::int from ${workshopInvitations} where ${workshopInvitations.workshopId} = ${workshops.id})`,
			registered: sql<boolean>`exists (select 1 from ${workshopInvitations} where ${workshopInvitations.workshopId} = ${workshops.id} and ${workshopInvitations.youthId} = ${me.userId})`
		})
		.from(workshops)
		.where(and(eq(workshops.structureId, me.structureId), eq(workshops.phase, 'scheduled'), sql`${workshops.startsAt} > ${deps.now()}`))
		.orderBy(asc(workshops.startsAt))
		.limit(50);
	const prefer = new Set(options.preferSlugs ?? []);
	const sites = await sitesOfStructure(deps.db, me.structureId);
	const items = rows
		.filter((r) => r.questions.length > 0)
		.map((r): OpenWorkshopItem => {
			const site = r.siteId ? sites.find((x) => x.id === r.siteId) : null;
			return {
				id: r.id,
				title: r.title,
				startsAt: r.startsAt,
				durationMinutes: r.durationMinutes,
				modeLabel: MODE_LABELS[r.mode],
				place: site ? `${site.name}, ${site.city}` : null,
				matches: r.questions.some((q) => q.source !== null && prefer.has(q.source.slug)),
				registered: Boolean(r.registered),
				seatsLeft: Math.max(0, r.capacity - Number(r.invited))
			};
		});
	// Stable sort: matching workshops first, each group still by date.
	items.sort((a, b) => Number(b.matches) - Number(a.matches));
	return items.slice(0, options.limit ?? 3);
}

export interface AttendedWorkshop {
	id: string;
	title: string;
	startsAt: Date;
	ended: boolean;
	score: number;
	rank: number;
	players: number;
	right: number;
	total: number;
}

/**
 * Workshops a youth took part in while signed in, for their file: staff of the youth's Mission
 * Locale only (null otherwise, as for an unknown youth).
 */
export async function getYouthWorkshops(deps: ReadDeps, actor: Actor | null, youthId: string): Promise<AttendedWorkshop[] | null> {
	if (!actor || !isStaff(actor)) return null;
	const place = await findYouthPlace(deps.db, youthId);
	if (!place || !can(actor, 'read', 'youth_file', { structureId: place.structureId, networkId: null, ownerId: place.id })) return null;
	const mine = await deps.db
		.select({ workshopId: workshopPlayers.workshopId, playerId: workshopPlayers.id })
		.from(workshopPlayers)
		.innerJoin(workshops, eq(workshops.id, workshopPlayers.workshopId))
		.where(and(eq(workshopPlayers.youthId, place.id), eq(workshops.structureId, place.structureId)));
	if (mine.length === 0) return [];
	const ids = mine.map((m) => m.workshopId);
	const [rows, scores] = await Promise.all([
		deps.db
			.select({ id: workshops.id, title: workshops.title, startsAt: workshops.startsAt, phase: workshops.phase, total: sql<number>`jsonb_array_length(${workshops.questions})` })
			.from(workshops)
			.where(inArray(workshops.id, ids)),
		deps.db
			.select({
				workshopId: workshopPlayers.workshopId,
				playerId: workshopPlayers.id,
				score: sql<number>`coalesce(sum(${workshopAnswers.points}), 0)`,
				right: sql<number>`count(*) filter (where ${workshopAnswers.correct})`
			})
			.from(workshopPlayers)
			.leftJoin(workshopAnswers, eq(workshopAnswers.playerId, workshopPlayers.id))
			.where(and(inArray(workshopPlayers.workshopId, ids), isNull(workshopPlayers.removedAt)))
			.groupBy(workshopPlayers.workshopId, workshopPlayers.id)
	]);
	const out: AttendedWorkshop[] = [];
	for (const w of rows) {
		const me = mine.find((m) => m.workshopId === w.id)!;
		const board = scores.filter((s) => s.workshopId === w.id).map((s) => ({ ...s, score: Number(s.score), right: Number(s.right) }));
		const own = board.find((s) => s.playerId === me.playerId);
		const score = own?.score ?? 0;
		out.push({
			id: w.id,
			title: w.title,
			startsAt: w.startsAt,
			ended: w.phase === 'ended',
			score,
			rank: 1 + board.filter((s) => s.score > score).length,
			players: board.length,
			right: own?.right ?? 0,
			total: Number(w.total)
		});
	}
	return out.sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
}
