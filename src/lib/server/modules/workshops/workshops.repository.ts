import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db/client';
import { can, type Actor } from '$lib/server/platform/access';
import { workshops, type WorkshopRow } from './workshops.schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** A player's secret (cookie) is stored only as its SHA-256 (hex). */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
/** The shape of a player's secret: 32 random bytes in base64url (a little slack either way). */
export const isPlayerSecret = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(value);

/** Every participant's stream: `state`, `removed` (see `$lib/workshops/live.ts`). */
export const workshopStream = (workshopId: string) => `workshop:${workshopId}`;
/** Presenters only: `count`, `players`. */
export const workshopStaffStream = (workshopId: string) => `workshop:${workshopId}:staff`;

/**
 * Workshops seen by one professional: those of their Mission Locale, if `can(actor, 'read' |
 * 'write', 'workshop')` there. Anything else — another structure, a forged id — is null, which
 * routes answer with « introuvable ».
 */
export function createWorkshopsRepository({ db, actor }: { db: Database; actor: Actor }) {
	return {
		async find(
			workshopId: string,
			options: { forUpdate?: boolean; action?: 'read' | 'write' } = {}
		): Promise<WorkshopRow | null> {
			if (!isUuid(workshopId) || !actor.structureId) return null;
			const query = db
				.select()
				.from(workshops)
				.where(and(eq(workshops.id, workshopId.toLowerCase()), eq(workshops.structureId, actor.structureId)))
				.limit(1);
			const [row] = options.forUpdate ? await query.for('update') : await query;
			if (!row) return null;
			const place = { structureId: row.structureId, networkId: actor.networkId };
			return can(actor, options.action ?? 'read', 'workshop', place) ? row : null;
		}
	};
}

export type WorkshopsRepository = ReturnType<typeof createWorkshopsRepository>;
