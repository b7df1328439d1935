import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getCallPage } from '$lib/server/modules/calls';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) redirect(303, `/connexion?redirection=${encodeURIComponent(url.pathname)}`);
	const app = await getApp();
	const call = await getCallPage(app, locals.actor, params.id);
	if (!call) {
		error(
			404,
			locals.actor.role === 'youth'
				? "Cet appel est introuvable, ou tu n'y participes pas."
				: "Cet appel est introuvable, ou vous n'y participez pas."
		);
	}
	return { call };
};
