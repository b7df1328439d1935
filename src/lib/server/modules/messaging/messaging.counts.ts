/**
 * The "Messages" badge of the professional navigation: how many conversations of the actor's
 * structure wait for an answer (a youth wrote after the last staff message). One indexed count
 * (`conversations_by_structure`), run on every professional page.
 */
import { and, count, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import type { Actor } from '$lib/server/platform/access';
import { registerNavBadge } from '$lib/server/platform/http/shell';
import { users, youthProfiles } from '../accounts/accounts.schema';
import { staffStructureOf } from './messaging.repository';
import { conversations } from './messaging.schema';

/**
 * Conversations of the actor's structure waiting for an answer, counted like the morning queue
 * shows them (youth still followed by the structure, account not disabled). 0 for anyone who is
 * not staff of a structure.
 */
export async function countWaitingConversations(db: Database, actor: Actor | null): Promise<number> {
	const structureId = staffStructureOf(actor);
	if (!structureId) return 0;
	const [row] = await db
		.select({ n: count() })
		.from(conversations)
		.innerJoin(youthProfiles, eq(youthProfiles.userId, conversations.youthId))
		.innerJoin(users, eq(users.id, conversations.youthId))
		.where(
			and(
				eq(conversations.structureId, structureId),
				isNotNull(conversations.waitingSince),
				eq(youthProfiles.structureId, structureId),
				isNull(users.disabledAt)
			)
		);
	return row?.n ?? 0;
}

registerNavBadge('/pro/messages', {
	count: countWaitingConversations,
	describe: (n) => `${n} en attente`
});
