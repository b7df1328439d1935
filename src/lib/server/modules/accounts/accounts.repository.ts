import { and, asc, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { can, type Actor } from '../../platform/access';
import { referentAssignments, users, youthProfiles, type ContactChannel, type Situation } from './accounts.schema';

/** Filters of the counselor's youth list ("recontact": no news for longer than the structure's delay). */
export type YouthListFilter = 'mine' | 'all' | 'recontact';
/** Orders of the list: oldest news first (default), by name. (By next appointment: see follow-up.) */
export type YouthListSort = 'contact' | 'name';

/** How the youth and their Mission Locale were last in touch; `activity` is activity in Tremplin. */
export type LatestNewsChannel = ContactChannel | 'activity';

export interface YouthListItem {
	id: string;
	firstName: string;
	lastName: string;
	referentId: string | null;
	referentName: string | null;
	lastActivityAt: Date | null;
	/** The latest of the last contact and the last activity in Tremplin (null: never). */
	lastNewsAt: Date | null;
	lastNewsChannel: LatestNewsChannel | null;
	/** No news for longer than the structure's delay (counting from `followedSince` when never). */
	toRecontact: boolean;
	situation: Situation | null;
	followedSince: Date;
	hasEmail: boolean;
	hasPhone: boolean;
}

export interface YouthFile {
	id: string;
	structureId: string;
	firstName: string;
	lastName: string;
	email: string | null;
	phone: string | null;
	birthDate: string | null;
	communeCode: string | null;
	followedSince: Date;
	lastActivityAt: Date | null;
	lastContactAt: Date | null;
	lastContactChannel: ContactChannel | null;
	situation: Situation | null;
	situationSince: string | null;
	lastSignInAt: Date | null;
	referent: { id: string; firstName: string; lastName: string } | null;
	history: {
		counselorId: string;
		counselorName: string;
		assignedByName: string | null;
		reason: string | null;
		startedAt: Date;
		endedAt: Date | null;
	}[];
}

/** The structure's delay before "à recontacter" when none is given (structures.recontact_after_days). */
export const QUIET_AFTER_DAYS = 30;

/** Latest news of a youth: their last contact or activity, else the day their follow-up started. */
const latestNews = sql<Date>`coalesce(greatest(${youthProfiles.lastContactAt}, ${youthProfiles.lastActivityAt}), ${youthProfiles.followedSince})`;

const referent = alias(users, 'referent');
const counselor = alias(users, 'counselor');
const assigner = alias(users, 'assigner');

/**
 * Data access for one acting person. Every query is limited by construction to what the actor may
 * see: the youth of their own Mission Locale for staff, themself for a youth, nothing otherwise.
 */
export function createAccountsRepository(deps: { db: Database; actor: Actor; now?: () => Date }) {
	const { db, actor } = deps;
	const now = deps.now ?? (() => new Date());
	const staffStructure =
		(actor.role === 'counselor' || actor.role === 'structure_manager') && actor.structureId ? actor.structureId : null;

	return {
		/**
		 * The youth followed by the actor's structure (the caseload). Empty for anyone who is not staff
		 * of a structure. `recontactAfterDays` is the structure's setting; filtering and sorting run in
		 * SQL on the `youth_profiles_by_latest_news` index.
		 */
		async listYouth(
			options: { filter?: YouthListFilter; search?: string; sort?: YouthListSort; recontactAfterDays?: number; limit?: number } = {}
		): Promise<YouthListItem[]> {
			if (!staffStructure) return [];
			const limitDate = new Date(now().getTime() - (options.recontactAfterDays ?? QUIET_AFTER_DAYS) * 86_400_000);
			const conditions = [eq(youthProfiles.structureId, staffStructure), isNull(users.disabledAt)];
			if (options.filter === 'mine') conditions.push(eq(youthProfiles.referentId, actor.userId));
			if (options.filter === 'recontact') conditions.push(sql`${latestNews} < ${limitDate}`);
			const search = options.search?.trim().slice(0, 100);
			if (search) {
				const pattern = `%${search.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
				conditions.push(or(ilike(users.firstName, pattern), ilike(users.lastName, pattern))!);
			}
			const rows = await db
				.select({
					id: users.id,
					firstName: users.firstName,
					lastName: users.lastName,
					email: users.email,
					phone: users.phone,
					referentId: youthProfiles.referentId,
					referentFirstName: referent.firstName,
					referentLastName: referent.lastName,
					lastActivityAt: youthProfiles.lastActivityAt,
					lastContactAt: youthProfiles.lastContactAt,
					lastContactChannel: youthProfiles.lastContactChannel,
					situation: youthProfiles.situation,
					followedSince: youthProfiles.followedSince,
					toRecontact: sql<boolean>`${latestNews} < ${limitDate}`
				})
				.from(youthProfiles)
				.innerJoin(users, eq(users.id, youthProfiles.userId))
				.leftJoin(referent, eq(referent.id, youthProfiles.referentId))
				.where(and(...conditions))
				.orderBy(
					...(options.sort === 'name'
						? [asc(users.firstName), asc(users.lastName), asc(users.id)]
						: // Those without news for the longest time come first: nobody is lost.
							[asc(latestNews), asc(users.firstName), asc(users.id)])
				)
				.limit(Math.max(1, Math.min(options.limit ?? 500, 5000)));
			return rows.map((r) => {
				const activityIsLatest =
					r.lastActivityAt !== null && (r.lastContactAt === null || r.lastActivityAt.getTime() > r.lastContactAt.getTime());
				return {
					id: r.id,
					firstName: r.firstName,
					lastName: r.lastName,
					referentId: r.referentId,
					referentName: r.referentFirstName ? `${r.referentFirstName} ${r.referentLastName}`.trim() : null,
					lastActivityAt: r.lastActivityAt,
					lastNewsAt: activityIsLatest ? r.lastActivityAt : r.lastContactAt,
					lastNewsChannel: activityIsLatest ? 'activity' : r.lastContactAt ? r.lastContactChannel : null,
					toRecontact: r.toRecontact === true || (r.toRecontact as unknown) === 't',
					situation: r.situation,
					followedSince: r.followedSince,
					hasEmail: !!r.email,
					hasPhone: !!r.phone
				};
			});
		},

		/** A youth's file, or null when it does not exist OR the actor may not read it (no difference shown). */
		async getYouthFile(youthId: string): Promise<YouthFile | null> {
			if (!/^[0-9a-f-]{36}$/i.test(youthId)) return null;
			const [row] = await db
				.select({
					id: users.id,
					structureId: youthProfiles.structureId,
					firstName: users.firstName,
					lastName: users.lastName,
					email: users.email,
					phone: users.phone,
					birthDate: youthProfiles.birthDate,
					communeCode: youthProfiles.communeCode,
					followedSince: youthProfiles.followedSince,
					lastActivityAt: youthProfiles.lastActivityAt,
					lastContactAt: youthProfiles.lastContactAt,
					lastContactChannel: youthProfiles.lastContactChannel,
					situation: youthProfiles.situation,
					situationSince: youthProfiles.situationSince,
					lastSignInAt: users.lastSignInAt,
					referentId: youthProfiles.referentId,
					referentFirstName: referent.firstName,
					referentLastName: referent.lastName
				})
				.from(youthProfiles)
				.innerJoin(users, eq(users.id, youthProfiles.userId))
				.leftJoin(referent, eq(referent.id, youthProfiles.referentId))
				.where(eq(youthProfiles.userId, youthId))
				.limit(1);
			if (!row) return null;
			if (!can(actor, 'read', 'youth_file', { structureId: row.structureId, networkId: null, ownerId: row.id })) {
				return null;
			}
			const history = await db
				.select({
					counselorId: referentAssignments.counselorId,
					counselorFirstName: counselor.firstName,
					counselorLastName: counselor.lastName,
					assignerFirstName: assigner.firstName,
					assignerLastName: assigner.lastName,
					reason: referentAssignments.reason,
					startedAt: referentAssignments.startedAt,
					endedAt: referentAssignments.endedAt
				})
				.from(referentAssignments)
				.innerJoin(counselor, eq(counselor.id, referentAssignments.counselorId))
				.leftJoin(assigner, eq(assigner.id, referentAssignments.assignedById))
				.where(eq(referentAssignments.youthId, youthId))
				.orderBy(desc(referentAssignments.startedAt));
			return {
				id: row.id,
				structureId: row.structureId,
				firstName: row.firstName,
				lastName: row.lastName,
				email: row.email,
				phone: row.phone,
				birthDate: row.birthDate,
				communeCode: row.communeCode,
				followedSince: row.followedSince,
				lastActivityAt: row.lastActivityAt,
				lastContactAt: row.lastContactAt,
				lastContactChannel: row.lastContactChannel,
				situation: row.situation,
				situationSince: row.situationSince,
				lastSignInAt: row.lastSignInAt,
				referent: row.referentId
					? { id: row.referentId, firstName: row.referentFirstName ?? '', lastName: row.referentLastName ?? '' }
					: null,
				history: history.map((h) => ({
					counselorId: h.counselorId,
					counselorName: `${h.counselorFirstName} ${h.counselorLastName}`.trim(),
					assignedByName: h.assignerFirstName ? `${h.assignerFirstName} ${h.assignerLastName}`.trim() : null,
					reason: h.reason,
					startedAt: h.startedAt,
					endedAt: h.endedAt
				}))
			};
		},

		/** Counselors and managers of the actor's structure (to choose a referent). Empty for non-staff. */
		async listStructureCounselors(): Promise<{ id: string; firstName: string; lastName: string; role: string }[]> {
			if (!staffStructure) return [];
			return db
				.select({ id: users.id, firstName: users.firstName, lastName: users.lastName, role: users.role })
				.from(users)
				.where(
					and(
						eq(users.structureId, staffStructure),
						inArray(users.role, ['counselor', 'structure_manager']),
						isNull(users.disabledAt)
					)
				)
				.orderBy(asc(users.firstName), asc(users.lastName));
		},

		/** Counts for the actor's structure (staff only); `recontact` uses the structure's delay. */
		async countYouth(options: { recontactAfterDays?: number } = {}): Promise<{ total: number; mine: number; recontact: number }> {
			if (!staffStructure) return { total: 0, mine: 0, recontact: 0 };
			const limitDate = new Date(now().getTime() - (options.recontactAfterDays ?? QUIET_AFTER_DAYS) * 86_400_000);
			const [row] = await db
				.select({
					total: sql<number>`count(*)::int`,
					mine: sql<number>`(count(*) filter (where ${youthProfiles.referentId} = ${actor.userId}))::int`,
					recontact: sql<number>`(count(*) filter (where ${latestNews} < ${limitDate}))::int`
				})
				.from(youthProfiles)
				.innerJoin(users, eq(users.id, youthProfiles.userId))
				.where(and(eq(youthProfiles.structureId, staffStructure), isNull(users.disabledAt)));
			return row ?? { total: 0, mine: 0, recontact: 0 };
		}
	};
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
