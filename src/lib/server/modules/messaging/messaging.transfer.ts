import { eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { conversations } from './messaging.schema';

/**
 * Moves a youth's conversation (with all its messages) to their new Mission Locale, inside the
 * caller's transaction (follow-up's transfer, which has checked the right to do it). The old
 * structure's staff lose access at once: conversation access goes by `conversations.structure_id`.
 * The youth's wait for an answer is kept: the new team sees it in its inbox.
 */
export async function moveConversationToStructure(tx: Database, move: { youthId: string; toStructureId: string }): Promise<void> {
	await tx.update(conversations).set({ structureId: move.toStructureId }).where(eq(conversations.youthId, move.youthId));
}
