import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getMyStructureSettings, updateFollowUpSettings } from '$lib/server/modules/structures';
import { requireActor } from '$lib/server/platform/access';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals.actor);
	if (actor.role !== 'structure_manager') error(403, 'Cette page est réservée à la direction de la structure.');
	const app = await getApp();
	return { settings: await getMyStructureSettings(app.db, actor) };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await updateFollowUpSettings(app, locals.actor, values);
			return { saved: true };
		});
	}
};
