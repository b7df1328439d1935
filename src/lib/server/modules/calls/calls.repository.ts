import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { isStaff, type Actor } from '$lib/server/platform/access';
import { calls, type CallRow } from './calls.schema';
import { isUuid } from './calls.validation';

/** The realtime stream of a call's signalling: only its two participants may open it. */
export const callStream = (callId: string) => `call:${callId}`;

export type CallSide = 'youth' | 'staff';

/**
 * Which side of the call the actor is, or null when they do not take part. The staff member must
 * still be staff of the call's structure (a counselor who moved away loses access); the youth is
 * the youth of the call, whatever their structure since.
 */
export function sideOf(actor: Actor, call: Pick<CallRow, 'youthId' | 'staffId' | 'structureId'>): CallSide | null {
	if (actor.role === 'youth' && actor.userId === call.youthId) return 'youth';
	if (isStaff(actor) && actor.userId === call.staffId && actor.structureId === call.structureId) return 'staff';
	return null;
}

/** Calls seen by one actor: only those they take part in; anything else is null ("not found"). */
export function createCallsRepository({ db, actor }: { db: Database; actor: Actor }) {
	return {
		async findForParticipant(callId: string): Promise<(CallRow & { side: CallSide }) | null> {
			if (!isUuid(callId)) return null;
			const [row] = await db.select().from(calls).where(eq(calls.id, callId.toLowerCase())).limit(1);
			if (!row) return null;
			const side = sideOf(actor, row);
			return side ? { ...row, side } : null;
		}
	};
}

export type CallsRepository = ReturnType<typeof createCallsRepository>;

/**
 * The call to reuse for a pair: the open call of the same appointment, or — without appointment —
 * the open call of the pair created after `since` (not linked to an appointment).
 */
export async function findOpenCall(
	db: Database,
	pair: { youthId: string; staffId: string; appointmentId: string | null },
	since: Date
): Promise<CallRow | null> {
	const base = and(eq(calls.youthId, pair.youthId), eq(calls.staffId, pair.staffId), isNull(calls.endedAt));
	const where = pair.appointmentId
		? and(base, eq(calls.appointmentId, pair.appointmentId))
		: and(base, isNull(calls.appointmentId), gt(calls.createdAt, since));
	const [row] = await db.select().from(calls).where(where).orderBy(desc(calls.createdAt)).limit(1);
	return row ?? null;
}
