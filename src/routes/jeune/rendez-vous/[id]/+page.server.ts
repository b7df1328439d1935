import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { cancelAppointment, getAppointment, joinAppointmentVideo, REASON_MAX } from '$lib/server/modules/appointments';
import { requireActor } from '$lib/server/platform/access';
import { failFrom, readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const appointment = await getAppointment(app.db, actor, params.id, app.now());
	if (!appointment) error(404, 'Ce rendez-vous n’existe pas ou n’est plus disponible.');
	return { appointment, confirmCancel: url.searchParams.has('annuler') && appointment.changeable, reasonMax: REASON_MAX };
};

export const actions: Actions = {
	annuler: async ({ request, locals, params }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		try {
			values = await readForm(request);
			await cancelAppointment(app, locals.actor, { id: params.id, reason: values.reason });
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, '/jeune/rendez-vous?ok=annule');
	},
	visio: async ({ locals, params }) => {
		const app = await getApp();
		let call: { id: string };
		try {
			call = await joinAppointmentVideo(app, locals.actor, params.id);
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `/visio/${call.id}`);
	}
};
