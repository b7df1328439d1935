import { getApp } from '$lib/server/app';
import { clientAddress, requestPasswordReset, resetRequestSchema, RESET_LINK_MINUTES } from '$lib/server/modules/authentication';
import { handleForm, validate } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	signedIn: locals.actor !== null,
	minutes: RESET_LINK_MINUTES
});

export const actions: Actions = {
	default: async (event) => {
		const app = await getApp();
		return handleForm(event.request, async (values) => {
			const { email } = validate(resetRequestSchema, values);
			await requestPasswordReset(app, {
				email,
				ip: clientAddress(event),
				// ORIGIN in production: a link must never be built from a Host header an attacker chose.
				baseUrl: app.config.publicUrl ?? event.url.origin
			});
			return { sent: true as const, email };
		});
	}
};
