import { and, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { authorize, can, requireRole, STAFF_ROLES, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { validate } from '../../platform/http/forms';
import { counselorNotInStructure, sameReferent, situationInFuture, youthNotFound } from './accounts.errors';
import { referentAssignments, users, youthProfiles, type ContactChannel } from './accounts.schema';
import { changeReferentInput, situationInput, type ChangeReferentInput, type SituationInput } from './accounts.validation';

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

/** Where a youth is followed (null: no such youth). For modules that check access to a youth's data. */
export async function findYouthPlace(
	db: Pick<Database, 'select'>,
	youthId: string,
	options: { forUpdate?: boolean } = {}
): Promise<{ id: string; structureId: string; referentId: string | null } | null> {
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(youthId)) return null;
	const query = db
		.select({ id: youthProfiles.userId, structureId: youthProfiles.structureId, referentId: youthProfiles.referentId })
		.from(youthProfiles)
		.where(eq(youthProfiles.userId, youthId.toLowerCase()))
		.limit(1);
	const [row] = options.forUpdate ? await query.for('update') : await query;
	return row ?? null;
}

/**
 * Moves a youth's account and profile to another Mission Locale, inside the caller's transaction
 * (the follow-up module's transfer, which has checked the right to do it and locked the profile):
 * the current referent assignment is closed and the referent left empty until the new structure
 * chooses one.
 */
export async function moveYouthToStructure(
	tx: Database,
	move: { youthId: string; toStructureId: string; at: Date }
): Promise<void> {
	await tx
		.update(referentAssignments)
		.set({ endedAt: move.at })
		.where(and(eq(referentAssignments.youthId, move.youthId), isNull(referentAssignments.endedAt)));
	await tx
		.update(youthProfiles)
		.set({ structureId: move.toStructureId, referentId: null })
		.where(eq(youthProfiles.userId, move.youthId));
	await tx
		.update(users)
		.set({ structureId: move.toStructureId, siteId: null })
		.where(and(eq(users.id, move.youthId), eq(users.role, 'youth')));
}

/** Sets where a youth stands (en recherche d'emploi, en formation…) and since when. Staff of their structure only. */
export async function updateSituation(
	deps: { db: Database; now: () => Date },
	actor: Actor | null,
	raw: SituationInput
): Promise<void> {
	const a = requireRole(actor, STAFF_ROLES);
	const youth = await findYouthPlace(deps.db, String(raw.youthId ?? ''));
	if (!youth || !can(a, 'write', 'youth_file', { structureId: youth.structureId, networkId: null, ownerId: youth.id })) {
		throw youthNotFound();
	}
	const input = validate(situationInput, raw);
	const today = parisToday(deps.now());
	if (input.since > today) throw situationInFuture();
	if (input.since < '1990-01-01') throw situationInFuture();
	await deps.db.transaction(async (tx) => {
		await tx
			.update(youthProfiles)
			.set({ situation: input.situation, situationSince: input.since })
			.where(eq(youthProfiles.userId, youth.id));
		await recordAudit(tx, {
			actorId: a.userId,
			action: 'youth.situation_changed',
			targetType: 'youth',
			targetId: youth.id,
			structureId: youth.structureId,
			details: { situation: input.situation, since: input.since }
		});
	});
}

/** Today's date in France ("YYYY-MM-DD"). */
export function parisToday(now: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** "Prénom Nom" of people by id (authors of notes, steps…), for modules that show who did what. */
export async function displayNames(db: Pick<Database, 'select'>, ids: readonly string[]): Promise<Map<string, string>> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return new Map();
	const rows = await db
		.select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
		.from(users)
		.where(inArray(users.id, unique));
	return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`.trim()]));
}
