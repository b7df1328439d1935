/**
 * The "Demandes de contact" badge of the professional navigation: new requests of the actor's
 * structure that nobody has triaged yet (status `new`). One indexed count
 * (`contact_requests_by_structure`), run on every professional page.
 */
import { and, count, eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { can, type Actor } from '$lib/server/platform/access';
import { registerNavBadge } from '$lib/server/platform/http/shell';
import { contactRequests } from './contact-requests.schema';

/** New, untriaged contact requests of the actor's structure; 0 for anyone who may not read them. */
export async function countNewContactRequests(db: Database, actor: Actor | null): Promise<number> {
	if (!actor?.structureId) return 0;
	if (!can(actor, 'read', 'contact_request', { structureId: actor.structureId, networkId: null })) return 0;
	const [row] = await db
		.select({ n: count() })
		.from(contactRequests)
		.where(and(eq(contactRequests.structureId, actor.structureId), eq(contactRequests.status, 'new')));
	return row?.n ?? 0;
}

registerNavBadge('/pro/demandes', {
	count: countNewContactRequests,
	describe: (n) => (n === 1 ? '1 nouvelle' : `${n} nouvelles`)
});
