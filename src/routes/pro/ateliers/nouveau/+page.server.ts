import { error, redirect } from '@sveltejs/kit';
import { addDays, parisDay } from '$lib/appointments/time';
import { getApp } from '$lib/server/app';
import { createWorkshop, listWorkshopSites, WORKSHOP_DURATIONS } from '$lib/server/modules/workshops';
import { isStaff, requireActor } from '$lib/server/platform/access';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals.actor);
	if (!isStaff(actor)) error(403, 'Les ateliers sont réservés aux équipes des Missions Locales.');
	const app = await getApp();
	const sites = await listWorkshopSites(app, actor);
	return {
		sites,
		durations: WORKSHOP_DURATIONS,
		defaults: {
			day: addDays(parisDay(app.now()), 7),
			time: '14:00',
			durationMinutes: '90',
			mode: sites.length ? 'on_site' : 'remote',
			siteId: sites[0]?.id ?? '',
			capacity: '20',
			timerSeconds: '30'
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			const row = await createWorkshop(app, locals.actor, values);
			redirect(303, `/pro/ateliers/${row.id}?ok=cree`);
		});
	}
};
