import { error, fail, isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { parisDay } from '$lib/appointments/time';
import { getApp } from '$lib/server/app';
import { liveAppointmentsWithin } from '$lib/server/modules/appointments';
import { addClosure, getMyStructureSettings, listMyClosures, removeClosure, updateFollowUpSettings } from '$lib/server/modules/structures';
import { requireActor } from '$lib/server/platform/access';
import { handleForm, type FormFailure } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals.actor);
	if (actor.role !== 'structure_manager') error(403, 'Cette page est réservée à la direction de la structure.');
	const app = await getApp();
	const [settings, closures] = await Promise.all([getMyStructureSettings(app.db, actor), listMyClosures(app, actor)]);
	// Appointments still booked during each closure: to cancel or move, the youth to tell.
	const booked = await liveAppointmentsWithin(app.db, actor, closures, app.now());
	const closuresWithBookings = closures.map((c, i) => ({
		...c,
		booked: booked[i]?.count ?? 0,
		appointments: (booked[i]?.first ?? []).map((a) => ({
			id: a.id,
			youthId: a.youthId,
			youthName: a.youthName,
			counselorName: a.counselorName,
			startsAt: a.startsAt
		}))
	}));
	return { settings, closures: closuresWithBookings, today: parisDay(app.now()) };
};

/** `handleForm`, with the name of the form in a failure: the page has three forms. */
async function formNamed<T>(which: 'reglages' | 'fermeture' | 'suppression', request: Request, fn: (values: Record<string, string>) => Promise<T>) {
	const result = await handleForm(request, fn);
	if (!isActionFailure(result)) return result as T;
	const failure = result as ActionFailure<FormFailure>;
	return fail(failure.status, { ...failure.data, form: which });
}

export const actions: Actions = {
	reglages: async ({ request, locals }) => {
		const app = await getApp();
		return formNamed('reglages', request, async (values) => {
			await updateFollowUpSettings(app, locals.actor, values);
			return { saved: true as const };
		});
	},
	ajouterFermeture: async ({ request, locals }) => {
		const app = await getApp();
		return formNamed('fermeture', request, async (values) => {
			const closure = await addClosure(app, locals.actor, values);
			return { closureAdded: closure.id };
		});
	},
	supprimerFermeture: async ({ request, locals }) => {
		const app = await getApp();
		return formNamed('suppression', request, async (values) => {
			await removeClosure(app, locals.actor, values.id ?? '');
			return { closureRemoved: true as const };
		});
	}
};
