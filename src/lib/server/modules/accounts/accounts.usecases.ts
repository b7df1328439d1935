import { and, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { authorize, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { validate } from '../../platform/http/forms';
import { counselorNotInStructure, sameReferent, youthNotFound } from './accounts.errors';
import { referentAssignments, users, youthProfiles, type ContactChannel } from './accounts.schema';
import { changeReferentInput, type ChangeReferentInput } from './accounts.validation';

/**
 * Gives a youth a new referent counselor of the same Mission Locale, keeping the history:
 * the current assignment is closed and a new one opened, in one transaction.
 */
export async function changeReferent(
	deps: { db: Database; now: () => Date },
	actor: Actor | null,
	raw: ChangeReferentInput
): Promise<void> {
	const input = validate(changeReferentInput, raw);
	const { db, now } = deps;
	const [youth] = await db
		.select({ structureId: youthProfiles.structureId })
		.from(youthProfiles)
		.where(eq(youthProfiles.userId, input.youthId))
		.limit(1);
	// Authorization first: an unknown youth and a youth of another structure look the same.
	if (!youth) {
		authorize(actor, 'write', 'youth_referent', { structureId: null, networkId: null });
		throw youthNotFound();
	}
	authorize(actor, 'write', 'youth_referent', { structureId: youth.structureId, networkId: null });

	const [counselor] = await db
		.select({ id: users.id })
		.from(users)
		.where(
			and(
				eq(users.id, input.counselorId),
				eq(users.structureId, youth.structureId),
				inArray(users.role, ['counselor', 'structure_manager']),
				isNull(users.disabledAt)
			)
		)
		.limit(1);
	if (!counselor) throw counselorNotInStructure();

	const at = now();
	await db.transaction(async (tx) => {
		// Lock the youth's profile: concurrent changes run one after the other, each on fresh data.
		const [locked] = await tx
			.select({ referentId: youthProfiles.referentId })
			.from(youthProfiles)
			.where(eq(youthProfiles.userId, input.youthId))
			.for('update');
		if (locked?.referentId === counselor.id) throw sameReferent();
		await tx
			.update(referentAssignments)
			.set({ endedAt: at })
			.where(and(eq(referentAssignments.youthId, input.youthId), isNull(referentAssignments.endedAt)));
		await tx.insert(referentAssignments).values({
			youthId: input.youthId,
			counselorId: counselor.id,
			assignedById: actor.userId,
			reason: input.reason,
			startedAt: at
		});
		await tx.update(youthProfiles).set({ referentId: counselor.id }).where(eq(youthProfiles.userId, input.youthId));
		await recordAudit(tx, {
			actorId: actor.userId,
			action: 'youth.referent_changed',
			targetType: 'youth',
			targetId: input.youthId,
			structureId: youth.structureId,
			details: { from: locked?.referentId ?? null, to: counselor.id }
		});
	});
}

/** Records that a youth did something in Tremplin (feeds the "sans nouvelles" list). */
export async function touchYouthActivity(deps: { db: Database; now: () => Date }, youthId: string): Promise<void> {
	await deps.db.update(youthProfiles).set({ lastActivityAt: deps.now() }).where(eq(youthProfiles.userId, youthId));
}

/**
 * Records that a youth and their Mission Locale were in touch (a message exchanged, an appointment
 * attended, a workshop, a phone call noted in the journal…). Called by other modules inside their
 * own transaction, after they have checked the right to act. Never goes backwards: an older
 * contact recorded late does not replace a newer one.
 */
export async function recordContact(
	db: Pick<Database, 'update'>,
	contact: { youthId: string; channel: ContactChannel; at: Date }
): Promise<void> {
	await db
		.update(youthProfiles)
		.set({ lastContactAt: contact.at, lastContactChannel: contact.channel })
		.where(
			and(
				eq(youthProfiles.userId, contact.youthId),
				or(isNull(youthProfiles.lastContactAt), lte(youthProfiles.lastContactAt, contact.at))
			)
		);
}
