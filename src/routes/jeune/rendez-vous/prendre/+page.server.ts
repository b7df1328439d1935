import { randomUUID } from 'node:crypto';
import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { APPOINTMENT_MODES, bookAppointment, closuresHiddenFromBooking, freeSlotsByDay, getAppointment, getFreeSlot, moveAppointment, type AppointmentMode } from '$lib/server/modules/appointments';
import { requireActor } from '$lib/server/platform/access';
import { failFrom, readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const modeOf = (v: string | null): AppointmentMode | null => ((APPOINTMENT_MODES as readonly string[]).includes(v ?? '') ? (v as AppointmentMode) : null);

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const now = app.now();
	const moveId = url.searchParams.get('deplacer');
	const moving = moveId ? await getAppointment(app.db, actor, moveId, now) : null;
	if (moveId && (!moving || !moving.changeable)) error(404, 'Ce rendez-vous n’existe pas ou ne peut plus être changé.');

	const mode = modeOf(url.searchParams.get('mode'));
	const slotId = url.searchParams.get('creneau');
	if (mode && slotId) {
		const slot = await getFreeSlot(app.db, actor, slotId, now);
		return { step: 'confirm' as const, mode, moving, slot, bookingId: randomUUID() };
	}
	const days = await freeSlotsByDay(app.db, actor, { now, mode: mode ?? undefined });
	// Said before the days are chosen: why some days have no slot.
	const closures = await closuresHiddenFromBooking(app.db, actor, now);
	if (!mode) {
		const all = days.flatMap((d) => d.slots);
		const counts = Object.fromEntries(APPOINTMENT_MODES.map((m) => [m, all.filter((s) => s.mode === m).length])) as Record<AppointmentMode, number>;
		return { step: 'mode' as const, moving, counts, closures };
	}
	const day = url.searchParams.get('jour');
	const chosen = day ? days.find((d) => d.day === day) : null;
	if (chosen) return { step: 'slot' as const, mode, moving, day: chosen.day, slots: chosen.slots };
	return { step: 'day' as const, mode, moving, days: days.map((d) => ({ day: d.day, count: d.slots.length })), dayGone: !!day, closures };
};

export const actions: Actions = {
	reserver: async ({ request, locals }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		let moved = false;
		try {
			values = await readForm(request);
			const input = { slotId: values.slotId ?? '' };
			if (values.deplacer) {
				await moveAppointment(app, locals.actor, { id: values.deplacer, newId: values.id ?? '', ...input });
				moved = true;
			} else {
				await bookAppointment(app, locals.actor, { id: values.id ?? '', ...input });
			}
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/jeune/rendez-vous?ok=${moved ? 'deplace' : 'reserve'}`);
	}
};
