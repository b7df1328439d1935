import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getSiteAdmin, getStructureAdmin, openingHoursFromForm, openingHoursToForm, updateSite } from '$lib/server/modules/structures';
import { handleSiteForm } from '../site-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const app = await getApp();
	const [admin, site] = await Promise.all([
		getStructureAdmin(app.db, locals.actor!, params.id),
		getSiteAdmin(app.db, locals.actor!, params.id, params.siteId)
	]);
	if (!admin || !site || site.archivedAt) error(404, "Ce site n'existe pas ou n'est pas dans votre périmètre.");
	return {
		structure: { id: admin.structure.id, name: admin.structure.name },
		site: {
			name: site.name,
			values: {
				name: site.name,
				addressLine: site.addressLine,
				postalCode: site.postalCode,
				communeCode: site.communeCode,
				phone: site.phone ?? '',
				...openingHoursToForm(site.openingHours)
			}
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const app = await getApp();
		const site = await getSiteAdmin(app.db, locals.actor!, params.id, params.siteId);
		if (!site) error(404, "Ce site n'existe pas ou n'est pas dans votre périmètre.");
		const failure = await handleSiteForm(request, async (values) => {
			await updateSite(app, locals.actor, params.siteId, { ...values, openingHours: openingHoursFromForm(values) });
		});
		if (failure) return failure;
		redirect(303, `/admin/structures/${params.id}#sites`);
	}
};
