import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createSite, getStructureAdmin, openingHoursFromForm } from '$lib/server/modules/structures';
import { handleSiteForm } from '../site-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const app = await getApp();
	const admin = await getStructureAdmin(app.db, locals.actor!, params.id);
	if (!admin) error(404, "Cette Mission Locale n'existe pas ou n'est pas dans votre périmètre.");
	return { structure: { id: admin.structure.id, name: admin.structure.name } };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const app = await getApp();
		const failure = await handleSiteForm(request, async (values) => {
			await createSite(app, locals.actor, params.id, { ...values, openingHours: openingHoursFromForm(values) });
		});
		if (failure) return failure;
		redirect(303, `/admin/structures/${params.id}#sites`);
	}
};
