import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getLatestResult, LEVEL_LABELS } from '$lib/server/modules/diagnostic';
import { readGuestId } from '$lib/server/modules/learning';
import { listOpenWorkshopsForYouth, registerForWorkshop } from '$lib/server/modules/workshops';
import { failFrom } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
	const app = await getApp();
	const result = await getLatestResult(app, { actor: locals.actor, guestId: readGuestId(cookies) });
	if (!result) redirect(303, '/diagnostic');
	const isYouth = locals.actor?.role === 'youth';
	// The Mission Locale's own upcoming workshops, those on what the youth should learn next first.
	const workshops = isYouth
		? await listOpenWorkshopsForYouth(app, locals.actor, { preferSlugs: result.modules.map((m) => m.slug) })
		: [];
	return {
		result,
		levelLabels: Object.fromEntries(Object.entries(LEVEL_LABELS).map(([k, v]) => [k, v.youth])) as Record<string, string>,
		isYouth,
		signedIn: locals.actor !== null,
		workshops,
		registered: url.searchParams.get('inscrit') === '1'
	};
};

export const actions: Actions = {
	inscrire: async ({ request, locals }) => {
		try {
			const app = await getApp();
			const form = await request.formData();
			await registerForWorkshop(app, locals.actor, String(form.get('workshopId') ?? ''));
		} catch (error) {
			return failFrom(error);
		}
		redirect(303, '/diagnostic/resultat?inscrit=1#ateliers');
	}
};
