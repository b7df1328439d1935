import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import {
	clientAddress,
	landingPath,
	passwordSignInSchema,
	safeRedirect,
	setSessionCookie,
	signInWithPassword,
	userAgentOf
} from '$lib/server/modules/authentication';
import { handleForm, validate } from '$lib/server/platform/http/forms';
import { homeFor } from '$lib/server/platform/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.actor) redirect(303, homeFor(locals.actor));
	return {
		redirection: safeRedirect(url.searchParams.get('redirection')),
		signedOutEverywhere: url.searchParams.get('deconnexion') === 'tous'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const app = await getApp();
		return handleForm(event.request, async (values) => {
			const input = validate(passwordSignInSchema, values);
			const signedIn = await signInWithPassword(app, {
				email: input.email,
				password: input.password,
				ip: clientAddress(event),
				userAgent: userAgentOf(event.request)
			});
			// Signing in again on this device replaces the previous session.
			if (event.locals.session) await app.sessions.revoke(event.locals.session.id);
			setSessionCookie(event.cookies, signedIn);
			redirect(303, landingPath(signedIn, input.redirection ?? event.url.searchParams.get('redirection')));
		});
	}
};
