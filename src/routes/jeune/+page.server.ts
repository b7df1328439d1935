import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getYouthHome } from '$lib/server/modules/accounts';
import { listMyPasskeys } from '$lib/server/modules/passkeys';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const app = await getApp();
	const home = await getYouthHome(app.db, locals.actor, app.now());
	if (!home) error(404, "Ton espace n'est pas encore prêt. Demande à ton conseiller.");
	const passkeys = await listMyPasskeys(app, locals.actor);
	return { home, hasPasskey: passkeys.length > 0 };
};
