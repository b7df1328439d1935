import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import type { Actor } from '$lib/server/platform/access';
import { contactRequests, type ContactRequestStatus } from './contact-requests.schema';

export type ContactRequestRow = typeof contactRequests.$inferSelect;

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Open requests first (new, then assigned, then contacted), oldest first inside each group. */
const statusOrder = sql`case ${contactRequests.status} when 'new' then 0 when 'assigned' then 1 when 'contacted' then 2 else 3 end`;

/**
 * Data access for one actor: only the requests addressed to the actor's own structure. Anyone
 * without a structure (referents, admins, mentors…) sees nothing; foreign ids read as absent.
 */
export function createContactRequestsRepository({ db, actor }: { db: Database; actor: Actor }) {
	const scope = actor.structureId;
	const mine = (extra?: ReturnType<typeof eq>) =>
		scope ? and(eq(contactRequests.structureId, scope), extra) : sql`false`;
	return {
		async list(): Promise<ContactRequestRow[]> {
			if (!scope) return [];
			return db.select().from(contactRequests).where(mine()).orderBy(statusOrder, asc(contactRequests.createdAt));
		},
		async findById(id: string): Promise<ContactRequestRow | null> {
			if (!scope || !isUuid(id)) return null;
			const rows = await db.select().from(contactRequests).where(mine(eq(contactRequests.id, id))).limit(1);
			return rows[0] ?? null;
		},
		/** Changes a request only if it is still in one of the `from` states (no lost update). */
		async transition(
			id: string,
			from: readonly ContactRequestStatus[],
			set: Partial<typeof contactRequests.$inferInsert>
		): Promise<boolean> {
			if (!scope) return false;
			const rows = await db
				.update(contactRequests)
				.set(set)
				.where(and(eq(contactRequests.id, id), eq(contactRequests.structureId, scope), sql`${contactRequests.status} in ${from}`))
				.returning({ id: contactRequests.id });
			return rows.length === 1;
		}
	};
}
