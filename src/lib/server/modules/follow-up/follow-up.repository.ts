import { and, asc, desc, eq, max, ne } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { can, requireRole, STAFF_ROLES, type Actor } from '../../platform/access';
import { displayNames, findYouthPlace } from '../accounts';
import { youthNotFound } from './follow-up.errors';
import { journalEntries, pathwaySteps, type JournalKind, type StepMode, type StepStatus } from './follow-up.schema';

export interface JournalEntryView {
	id: string;
	kind: JournalKind;
	occurredOn: string;
	body: string;
	authorId: string | null;
	authorName: string | null;
	createdAt: Date;
	updatedAt: Date | null;
	/** The actor wrote it less than 24 hours ago (and it is not a transfer record): they may change it. */
	editable: boolean;
}

export interface StepView {
	id: string;
	position: number;
	title: string;
	detail: string | null;
	mode: StepMode;
	targetDate: string | null;
	status: StepStatus;
}

/** How long the author of a journal entry may still change or delete it. */
export const EDIT_WINDOW_MS = 24 * 3_600_000;

type Reader = Pick<Database, 'select'>;

/**
 * The youth `youthId` when the actor is staff of the Mission Locale that follows them now. Anyone
 * else who is staff gets "not found" (no difference between unknown and foreign ids); other roles
 * are refused outright. The only door to journal and plan data.
 */
export async function staffYouth(db: Reader, actor: Actor | null, youthId: string, options: { forUpdate?: boolean } = {}) {
	const a = requireRole(actor, STAFF_ROLES);
	const youth = await findYouthPlace(db, youthId, options);
	if (!youth || !can(a, 'write', 'youth_file', { structureId: youth.structureId, networkId: null, ownerId: youth.id })) {
		throw youthNotFound();
	}
	return { actor: a, youth };
}

export const canEditEntry = (actor: Actor, entry: { authorId: string | null; kind: JournalKind; createdAt: Date }, now: Date) =>
	entry.kind !== 'transfer' && entry.authorId === actor.userId && now.getTime() - entry.createdAt.getTime() < EDIT_WINDOW_MS;

/** The journal of a youth, newest first, for the staff of their current Mission Locale. */
export async function listJournal(deps: { db: Database; now: () => Date }, actor: Actor | null, youthId: string): Promise<JournalEntryView[]> {
	const { actor: a, youth } = await staffYouth(deps.db, actor, youthId);
	const rows = await deps.db
		.select()
		.from(journalEntries)
		.where(eq(journalEntries.youthId, youth.id))
		.orderBy(desc(journalEntries.occurredOn), desc(journalEntries.createdAt), desc(journalEntries.id))
		.limit(500);
	const names = await displayNames(deps.db, rows.flatMap((r) => (r.authorId ? [r.authorId] : [])));
	const now = deps.now();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		occurredOn: r.occurredOn,
		body: r.body,
		authorId: r.authorId,
		authorName: r.authorId ? (names.get(r.authorId) ?? null) : null,
		createdAt: r.createdAt,
		updatedAt: r.updatedAt,
		editable: canEditEntry(a, r, now)
	}));
}

const stepColumns = {
	id: pathwaySteps.id,
	position: pathwaySteps.position,
	title: pathwaySteps.title,
	detail: pathwaySteps.detail,
	mode: pathwaySteps.mode,
	targetDate: pathwaySteps.targetDate,
	status: pathwaySteps.status
};

/** The pathway plan of a youth in its order, for the staff of their current Mission Locale. */
export async function listSteps(deps: { db: Database }, actor: Actor | null, youthId: string): Promise<StepView[]> {
	const { youth } = await staffYouth(deps.db, actor, youthId);
	return stepsOf(deps.db, youth.id);
}

export async function stepsOf(db: Reader, youthId: string): Promise<StepView[]> {
	return db
		.select(stepColumns)
		.from(pathwaySteps)
		.where(eq(pathwaySteps.youthId, youthId))
		.orderBy(asc(pathwaySteps.position), asc(pathwaySteps.createdAt));
}

export async function nextPosition(db: Reader, youthId: string): Promise<number> {
	const [row] = await db.select({ last: max(pathwaySteps.position) }).from(pathwaySteps).where(eq(pathwaySteps.youthId, youthId));
	return (row?.last ?? 0) + 1;
}

/**
 * « Mes prochaines étapes »: the signed-in youth's own plan, without dropped steps. Only the
 * plan: the journal is never read here, nor anywhere a youth can reach.
 */
export async function getMyNextSteps(db: Database, actor: Actor | null): Promise<StepView[]> {
	const youth = requireRole(actor, ['youth']);
	return db
		.select(stepColumns)
		.from(pathwaySteps)
		.where(and(eq(pathwaySteps.youthId, youth.userId), ne(pathwaySteps.status, 'dropped')))
		.orderBy(asc(pathwaySteps.position), asc(pathwaySteps.createdAt))
		.limit(50);
}
