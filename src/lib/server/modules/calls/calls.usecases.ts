import { eq, sql } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { isStaff, requireActor, STAFF_ROLES, type Actor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RateLimitPolicy } from '$lib/server/platform/rate-limit';
import { publishEvent } from '$lib/server/platform/realtime';
import { createAccountsRepository, findAccountById, recordContact } from '../accounts';
import { callEnded, callExpiredError, callNotFound, invalidSignal, participantsInvalid, signalRateLimited } from './calls.errors';
import { callStream, createCallsRepository, findOpenCall, sideOf } from './calls.repository';
import { calls, type CallRow } from './calls.schema';
import { firstIssue, isUuid, signalInput, type SignalType } from './calls.validation';

type CallDeps = Pick<Deps, 'db' | 'now'>;

/** A call opened without appointment is reused by the pair for this long (then a new one is made). */
export const CALL_REUSE_HOURS = 4;
/**
 * A call opened without appointment (« Appel vidéo » from a conversation) that nobody started
 * within `CALL_REUSE_HOURS` is over: its invitation in the conversation is stale, and whoever
 * follows it would wait alone. A started call does not expire; an appointment's call follows its
 * appointment.
 */
export function callExpired(call: Pick<CallRow, 'appointmentId' | 'createdAt' | 'startedAt' | 'endedAt'>, now: Date): boolean {
	return !call.appointmentId && !call.startedAt && !call.endedAt && now.getTime() - call.createdAt.getTime() >= CALL_REUSE_HOURS * 3600_000;
}

/** First key of the advisory lock serialising `openCall` per pair ('call'). */
const OPEN_LOCK_CLASS = 0x63616c6c;

/**
 * Signals a participant may post: a negotiation takes a dozen, a rejoin or a mode switch a dozen
 * more. Beyond this many in 10 minutes, the sender waits.
 */
export const SIGNAL_POLICY: RateLimitPolicy = {
	freeFailures: 400,
	baseLockSeconds: 30,
	maxLockSeconds: 600,
	windowSeconds: 600
};

/**
 * Opens the visio between a youth and a staff member of the youth's Mission Locale, or returns the
 * one already open for the same appointment (or, without appointment, the open call of the pair
 * made in the last `CALL_REUSE_HOURS` hours). The actor must be one of the two; anything else —
 * unknown ids, a youth outside the actor's reach, a staff member who is not staff of the youth's
 * structure — gets "not found". Concurrent calls for the same pair return the same call.
 */
export async function openCall(
	deps: CallDeps,
	actor: Actor | null,
	input: { youthId: string; staffId: string; appointmentId?: string | null }
): Promise<{ id: string }> {
	const a = requireActor(actor);
	if (!isUuid(input.youthId) || !isUuid(input.staffId)) throw participantsInvalid();
	if (input.appointmentId != null && !isUuid(input.appointmentId)) throw participantsInvalid();
	const youthId = input.youthId.toLowerCase();
	const staffId = input.staffId.toLowerCase();
	const appointmentId = input.appointmentId?.toLowerCase() ?? null;
	if (a.userId !== youthId && a.userId !== staffId) throw participantsInvalid();
	if (a.userId === staffId && !isStaff(a)) throw participantsInvalid();

	// The youth's file as the actor may see it: their own (youth) or one of their structure (staff).
	const file = await createAccountsRepository({ db: deps.db, actor: a, now: deps.now }).getYouthFile(youthId);
	if (!file) throw participantsInvalid();
	const staff = await findAccountById(deps.db, staffId);
	if (!staff || staff.disabledAt || !STAFF_ROLES.includes(staff.role) || staff.structureId !== file.structureId) {
		throw participantsInvalid();
	}

	const now = deps.now();
	return deps.db.transaction(async (t) => {
		const tx = t as unknown as Database;
		await tx.execute(sql`select pg_advisory_xact_lock(${OPEN_LOCK_CLASS}, hashtext(${`${youthId}:${staffId}`}))`);
		const since = new Date(now.getTime() - CALL_REUSE_HOURS * 3600_000);
		const open = await findOpenCall(tx, { youthId, staffId, appointmentId }, since);
		if (open) return { id: open.id };
		const [row] = await tx
			.insert(calls)
			.values({ youthId, staffId, structureId: file.structureId, appointmentId, createdAt: now })
			.returning({ id: calls.id });
		return { id: row!.id };
	});
}

/** A call as one of its participants sees it; null for anyone else (→ "not found"). */
export async function findCall(deps: CallDeps, actor: Actor | null, callId: string) {
	if (!actor) return null;
	return createCallsRepository({ db: deps.db, actor }).findForParticipant(callId);
}

/** Like `findCall`, but throws `calls.not_found`. */
export async function requireCall(deps: CallDeps, actor: Actor | null, callId: string) {
	const call = await findCall(deps, actor, callId);
	if (!call) throw callNotFound();
	return call;
}

/** Stops a participant who posts far too many signals (see `SIGNAL_POLICY`). */
async function throttleSignals(deps: Pick<Deps, 'rateLimiter'>, actor: Actor): Promise<void> {
	const key = `calls:signal:${actor.userId}`;
	try {
		await deps.rateLimiter.check([key]);
	} catch (e) {
		if (isDomainError(e) && e.kind === 'rate_limited') throw signalRateLimited(e.retryAfterSeconds ?? 60);
		throw e;
	}
	await deps.rateLimiter.hit([key], SIGNAL_POLICY);
}

export interface SignalOutcome {
	eventId: number;
	type: SignalType;
}

/**
 * One signalling message of a participant (`{ type, data, session? }`, validated strictly), stored
 * as an event of the call's stream with the sender's id so that each side ignores its own. `join`
 * marks the side as joined (both joined: the call starts, and counts as a contact with the youth);
 * `mode` switches the whole call to audio only or back; `hangup` ends the call for both. An ended
 * call refuses every signal, and so does an expired one (`callExpired`). Non-participants and forged
 * ids get "not found".
 */
export async function postSignal(
	deps: Pick<Deps, 'db' | 'now' | 'rateLimiter'>,
	actor: Actor | null,
	callId: string,
	raw: unknown
): Promise<SignalOutcome> {
	const a = requireActor(actor);
	const call = await requireCall(deps, a, callId);
	const parsed = signalInput.safeParse(raw);
	if (!parsed.success) throw invalidSignal(firstIssue(parsed.error));
	if (call.endedAt) throw callEnded();
	const now = deps.now();
	if (callExpired(call, now)) throw callExpiredError();
	await throttleSignals(deps, a);
	const signal = parsed.data;

	return deps.db.transaction(async (t) => {
		const tx = t as unknown as Database;
		const [locked] = await tx.select().from(calls).where(eq(calls.id, call.id)).limit(1).for('update');
		if (!locked || !sideOf(a, locked)) throw callNotFound();
		if (locked.endedAt) throw callEnded();
		if (callExpired(locked, now)) throw callExpiredError();
		const changes: Partial<CallRow> = {};
		if (signal.type === 'join') {
			if (call.side === 'youth') changes.youthJoinedAt = locked.youthJoinedAt ?? now;
			else changes.staffJoinedAt = locked.staffJoinedAt ?? now;
			changes.mode = signal.data.mode;
			const youthJoined = changes.youthJoinedAt ?? locked.youthJoinedAt;
			const staffJoined = changes.staffJoinedAt ?? locked.staffJoinedAt;
			if (!locked.startedAt && youthJoined && staffJoined) {
				changes.startedAt = now;
				await recordContact(tx, { youthId: locked.youthId, channel: 'video', at: now });
			}
		} else if (signal.type === 'mode') {
			changes.mode = signal.data.mode;
		} else if (signal.type === 'hangup') {
			changes.endedAt = now;
			changes.endedBy = a.userId;
		}
		if (Object.keys(changes).length > 0) await tx.update(calls).set(changes).where(eq(calls.id, call.id));
		const { id } = await publishEvent(tx, {
			stream: callStream(call.id),
			type: signal.type,
			payload: { from: a.userId, session: signal.session ?? null, to: 'to' in signal ? (signal.to ?? null) : null, data: signal.data ?? null }
		});
		return { eventId: id, type: signal.type };
	});
}
