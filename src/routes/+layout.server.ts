import { getApp } from '$lib/server/app';
import { homeFor } from '$lib/server/platform/http/guards';
import type { LayoutServerLoad } from './$types';

/** Minimal data every page may use: who is signed in (role, first name, home) and the demo flag. */
export const load: LayoutServerLoad = async ({ locals }) => {
	const app = await getApp();
	const { actor, session } = locals;
	return {
		actor:
			actor && session
				? { role: actor.role, firstName: session.firstName, home: session.mfaSatisfied ? homeFor(actor) : '/connexion/double-authentification' }
				: null,
		demo: app.config.demo
	};
};
