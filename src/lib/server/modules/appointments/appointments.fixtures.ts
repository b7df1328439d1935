import type { Database } from '$lib/server/db/client';
import { appointmentSlots, type AppointmentMode } from './appointments.schema';

/**
 * A slot inserted directly (tests only), `minutes` long from `startsAt`. Defaults: 30 minutes by
 * phone. Builders are functions: every call creates a new row.
 */
export async function aSlot(
	db: Database,
	input: { structureId: string; staffId: string; startsAt: Date; minutes?: number; mode?: AppointmentMode; siteId?: string | null }
) {
	const mode = input.mode ?? 'phone';
	const [row] = await db
		.insert(appointmentSlots)
		.values({
			structureId: input.structureId,
			staffId: input.staffId,
			startsAt: input.startsAt,
			endsAt: new Date(input.startsAt.getTime() + (input.minutes ?? 30) * 60_000),
			mode,
			siteId: mode === 'in_person' ? (input.siteId ?? null) : null
		})
		.returning();
	return row!;
}
