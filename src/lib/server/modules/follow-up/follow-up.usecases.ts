import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, lt } from 'drizzle-orm';
import type { Deps as AppDeps } from '$lib/server/app';
import { dateTimeInWords } from '$lib/appointments/time';
import type { Database } from '../../db/client';
import { requireRole, STAFF_ROLES, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { validate } from '../../platform/http/forms';
import { moveYouthToStructure, parisToday, recordContact, type ContactChannel } from '../accounts';
import { moveConversationToStructure, postSystemMessage } from '../messaging';
import { findActiveStructure, getFollowUpSettings } from '../structures';
import { cancelFutureAppointments, mailCancellations, type CancelledAppointment } from './follow-up.appointments';
import {
	alreadyMoved,
	dateInFuture,
	entryLocked,
	entryNotFound,
	sameStructure,
	stepNotFound,
	targetNotFound,
	tooManySteps
} from './follow-up.errors';
import { canEditEntry, nextPosition, staffYouth } from './follow-up.repository';
import { journalEntries, pathwaySteps, type JournalKind } from './follow-up.schema';
import {
	journalEditInput,
	journalEntryInput,
	MAX_STEPS,
	stepEditInput,
	stepInput,
	stepMoveInput,
	transferInput,
	type JournalEditInput,
	type JournalEntryInput,
	type StepEditInput,
	type StepInput,
	type StepMoveInput,
	type TransferInput
} from './follow-up.validation';

type Deps = { db: Database; now: () => Date };
type Raw<T> = T | Record<string, unknown>;

/** Journal kinds that are a contact with the youth, and the channel they count as. */
const CONTACT_OF: Partial<Record<JournalKind, ContactChannel>> = { phone: 'phone', in_person: 'in_person', video: 'video' };

/** When a contact noted for a day happened: now if today, else midday (Paris) of that day. */
function contactInstant(occurredOn: string, now: Date): Date {
	return occurredOn === parisToday(now) ? now : new Date(`${occurredOn}T11:00:00Z`);
}

const field = (raw: Record<string, unknown>, key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '');

/** Adds a dated entry to a youth's journal. A phone call, an interview on site or a visio is a contact. */
export async function addJournalEntry(deps: Deps, actor: Actor | null, raw: Raw<JournalEntryInput>): Promise<{ id: string }> {
	const { actor: a, youth } = await staffYouth(deps.db, actor, field(raw, 'youthId'));
	const input = validate(journalEntryInput, raw);
	const now = deps.now();
	if (input.occurredOn > parisToday(now)) throw dateInFuture('occurredOn');
	return deps.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(journalEntries)
			.values({
				youthId: youth.id,
				writtenInStructureId: youth.structureId,
				authorId: a.userId,
				kind: input.kind,
				occurredOn: input.occurredOn,
				body: input.body,
				createdAt: now
			})
			.returning({ id: journalEntries.id });
		const channel = CONTACT_OF[input.kind];
		if (channel) await recordContact(tx, { youthId: youth.id, channel, at: contactInstant(input.occurredOn, now) });
		return { id: row!.id };
	});
}

/** The entry `entryId` when the actor may change it: its author, within 24 hours, youth still followed here. */
async function editableEntry(db: Database, actor: Actor | null, entryId: string, now: Date) {
	requireRole(actor, STAFF_ROLES);
	const [entry] = /^[0-9a-f-]{36}$/i.test(entryId)
		? await db.select().from(journalEntries).where(eq(journalEntries.id, entryId.toLowerCase())).limit(1)
		: [];
	if (!entry) throw entryNotFound();
	const { actor: a, youth } = await staffYouth(db, actor, entry.youthId).catch(() => {
		throw entryNotFound();
	});
	if (!canEditEntry(a, entry, now)) throw entryLocked();
	return { actor: a, youth, entry };
}

/** Corrects one's own journal entry within 24 hours (after that, the journal is append-only). */
export async function editJournalEntry(deps: Deps, actor: Actor | null, raw: Raw<JournalEditInput>): Promise<void> {
	const now = deps.now();
	const { youth, entry } = await editableEntry(deps.db, actor, field(raw, 'entryId'), now);
	const input = validate(journalEditInput, raw);
	if (input.occurredOn > parisToday(now)) throw dateInFuture('occurredOn');
	await deps.db.transaction(async (tx) => {
		await tx
			.update(journalEntries)
			.set({ kind: input.kind, occurredOn: input.occurredOn, body: input.body, updatedAt: now })
			.where(eq(journalEntries.id, entry.id));
		const channel = CONTACT_OF[input.kind];
		if (channel) await recordContact(tx, { youthId: youth.id, channel, at: contactInstant(input.occurredOn, now) });
	});
}

/** Deletes one's own journal entry within 24 hours (a note written on the wrong file, say). Audited. */
export async function deleteJournalEntry(deps: Deps, actor: Actor | null, raw: Raw<{ entryId: string }>): Promise<void> {
	const now = deps.now();
	const { actor: a, youth, entry } = await editableEntry(deps.db, actor, field(raw, 'entryId'), now);
	await deps.db.transaction(async (tx) => {
		await tx.delete(journalEntries).where(eq(journalEntries.id, entry.id));
		await recordAudit(tx, {
			actorId: a.userId,
			action: 'follow_up.journal_entry_deleted',
			targetType: 'youth',
			targetId: youth.id,
			structureId: youth.structureId,
			details: { entryId: entry.id, kind: entry.kind, occurredOn: entry.occurredOn }
		});
	});
}

/** Adds a step at the end of a youth's pathway plan. */
export async function addStep(deps: Deps, actor: Actor | null, raw: Raw<StepInput>): Promise<{ id: string }> {
	await staffYouth(deps.db, actor, field(raw, 'youthId'));
	const input = validate(stepInput, raw);
	const now = deps.now();
	return deps.db.transaction(async (tx) => {
		// The youth's profile lock orders concurrent additions: positions stay distinct.
		const { actor: a, youth } = await staffYouth(tx, actor, input.youthId, { forUpdate: true });
		const [existing] = await tx.select({ n: count() }).from(pathwaySteps).where(eq(pathwaySteps.youthId, youth.id));
		if ((existing?.n ?? 0) >= MAX_STEPS) throw tooManySteps();
		const position = await nextPosition(tx, youth.id);
		const [row] = await tx
			.insert(pathwaySteps)
			.values({
				youthId: youth.id,
				position,
				title: input.title,
				detail: input.detail,
				mode: input.mode,
				targetDate: input.targetDate,
				createdById: a.userId,
				createdAt: now
			})
			.returning({ id: pathwaySteps.id });
		return { id: row!.id };
	});
}

/** The step `stepId` when the actor is staff of the youth's current Mission Locale. */
async function accessibleStep(db: Database, actor: Actor | null, stepId: string, options: { forUpdate?: boolean } = {}) {
	requireRole(actor, STAFF_ROLES);
	const [step] = /^[0-9a-f-]{36}$/i.test(stepId)
		? await db.select().from(pathwaySteps).where(eq(pathwaySteps.id, stepId.toLowerCase())).limit(1)
		: [];
	if (!step) throw stepNotFound();
	const { youth } = await staffYouth(db, actor, step.youthId, options).catch(() => {
		throw stepNotFound();
	});
	return { step, youth };
}

/** Changes a step (title, detail, mode, target date, status). */
export async function editStep(deps: Deps, actor: Actor | null, raw: Raw<StepEditInput>): Promise<void> {
	const { step } = await accessibleStep(deps.db, actor, field(raw, 'stepId'));
	const input = validate(stepEditInput, raw);
	await deps.db
		.update(pathwaySteps)
		.set({
			title: input.title,
			detail: input.detail,
			mode: input.mode,
			targetDate: input.targetDate,
			status: input.status,
			updatedAt: deps.now()
		})
		.where(eq(pathwaySteps.id, step.id));
}

/** Marks a step done, dropped or back to do. */
export async function setStepStatus(deps: Deps, actor: Actor | null, raw: Raw<{ stepId: string; status: string }>): Promise<void> {
	const { step } = await accessibleStep(deps.db, actor, field(raw, 'stepId'));
	const status = field(raw, 'status');
	if (status !== 'todo' && status !== 'done' && status !== 'dropped') {
		validate(stepEditInput.pick({ status: true }), { status });
		return;
	}
	await deps.db.update(pathwaySteps).set({ status, updatedAt: deps.now() }).where(eq(pathwaySteps.id, step.id));
}

/** Deletes a step (a step entered by mistake; a step given up is better marked "abandonnée"). */
export async function deleteStep(deps: Deps, actor: Actor | null, raw: Raw<{ stepId: string }>): Promise<void> {
	const { step } = await accessibleStep(deps.db, actor, field(raw, 'stepId'));
	await deps.db.delete(pathwaySteps).where(eq(pathwaySteps.id, step.id));
}

/** Moves a step one place up or down, swapping it with its neighbour, under the youth's profile lock. */
export async function moveStep(deps: Deps, actor: Actor | null, raw: Raw<StepMoveInput>): Promise<void> {
	await accessibleStep(deps.db, actor, field(raw, 'stepId'));
	const input = validate(stepMoveInput, raw);
	await deps.db.transaction(async (tx) => {
		const { step, youth } = await accessibleStep(tx, actor, input.stepId, { forUpdate: true });
		const [neighbour] = await tx
			.select({ id: pathwaySteps.id, position: pathwaySteps.position })
			.from(pathwaySteps)
			.where(
				and(
					eq(pathwaySteps.youthId, youth.id),
					input.direction === 'up' ? lt(pathwaySteps.position, step.position) : gt(pathwaySteps.position, step.position)
				)
			)
			.orderBy(input.direction === 'up' ? desc(pathwaySteps.position) : asc(pathwaySteps.position))
			.limit(1);
		if (!neighbour) return; // already first (or last): nothing to do
		await tx.update(pathwaySteps).set({ position: neighbour.position }).where(eq(pathwaySteps.id, step.id));
		await tx.update(pathwaySteps).set({ position: step.position }).where(eq(pathwaySteps.id, neighbour.id));
	});
}

/**
 * What the youth reads in their conversation once transferred (the new Mission Locale's staff,
 * who now share the conversation, read it too): where the follow-up goes on, what follows them,
 * and which appointments were cancelled.
 */
export function transferMessage(targetName: string, cancelled: readonly Pick<CancelledAppointment, 'startsAt'>[]): string {
	const lines = [
		`Ton accompagnement continue dans une autre Mission Locale : ${targetName}. Un conseiller ou une conseillère de là-bas prend le relais et t’écrira ici. Tes messages, ton CV et tes parcours te suivent.`
	];
	if (cancelled.length === 1) {
		lines.push(`Ton rendez-vous du ${dateTimeInWords(cancelled[0]!.startsAt)} est annulé : ta nouvelle Mission Locale te proposera un autre moment.`);
	} else if (cancelled.length > 1) {
		lines.push(`Tes ${cancelled.length} rendez-vous prévus sont annulés : ta nouvelle Mission Locale te proposera d’autres moments.`);
	}
	return lines.join('\n\n');
}

/**
 * Transfers a youth to another Mission Locale, in one transaction: account and profile move, the
 * referent assignment is closed, the conversation moves, future appointments are cancelled, a
 * journal entry and an audit event record it, and an automatic message tells the youth. Journal
 * and plan follow the youth; the old structure's staff lose access at the commit. After it, the
 * cancelled appointments' e-mails go out. Of two concurrent transfers, the second waits for the
 * profile lock, then finds the youth gone and changes nothing.
 */
export async function transferYouth(
	deps: Deps & Pick<AppDeps, 'mailer' | 'config' | 'logger'>,
	actor: Actor | null,
	raw: Raw<TransferInput>
): Promise<{ toStructureId: string; toStructureName: string }> {
	const { actor: a, youth } = await staffYouth(deps.db, actor, field(raw, 'youthId'));
	const input = validate(transferInput, raw);
	const target = await findActiveStructure(deps.db, input.toStructureId);
	if (!target) throw targetNotFound();
	if (target.id === youth.structureId) throw sameStructure();
	const from = await getFollowUpSettings(deps.db, youth.structureId);
	const now = deps.now();
	const outcome = await deps.db.transaction(async (tx) => {
		const locked = await staffYouth(tx, a, youth.id, { forUpdate: true }).catch(() => {
			throw alreadyMoved();
		});
		if (locked.youth.structureId !== youth.structureId) throw alreadyMoved();
		await moveYouthToStructure(tx, { youthId: youth.id, toStructureId: target.id, at: now });
		await moveConversationToStructure(tx, { youthId: youth.id, toStructureId: target.id });
		const cancelled = await cancelFutureAppointments(tx, {
			youthId: youth.id,
			at: now,
			reason: `Transfert vers ${target.name}`
		});
		await tx.insert(journalEntries).values({
			youthId: youth.id,
			writtenInStructureId: youth.structureId,
			authorId: a.userId,
			kind: 'transfer',
			occurredOn: parisToday(now),
			body: `Transféré·e de ${from?.structureName ?? 'une autre Mission Locale'} vers ${target.name}. Motif : ${input.reason}`,
			createdAt: now
		});
		await recordAudit(tx, {
			actorId: a.userId,
			action: 'youth.transferred',
			targetType: 'youth',
			targetId: youth.id,
			structureId: youth.structureId,
			details: { from: youth.structureId, to: target.id, cancelledAppointments: cancelled.length }
		});
		await postSystemMessage({ db: tx, now: deps.now }, { youthId: youth.id, id: randomUUID(), body: transferMessage(target.name, cancelled) });
		return { cancelled, result: { toStructureId: target.id, toStructureName: target.name } };
	});
	await mailCancellations(deps, outcome.cancelled);
	return outcome.result;
}
