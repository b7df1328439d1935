import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import {
	audienceFor,
	findValidResetLink,
	landingPath,
	newPasswordSchema,
	PASSWORD_MIN,
	resetPassword,
	setSessionCookie,
	userAgentOf
} from '$lib/server/modules/authentication';
import { handleForm, validate } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const app = await getApp();
	const found = await findValidResetLink(app, params.token);
	return {
		valid: found !== null,
		audience: found ? audienceFor(found.account.role) : ('youth' as const),
		email: found?.account.email ?? null,
		min: PASSWORD_MIN
	};
};

export const actions: Actions = {
	/** The link is used once; every session is closed; this device is signed in (method `reset`). */
	default: async (event) => {
		const app = await getApp();
		return handleForm(event.request, async (values) => {
			const input = validate(newPasswordSchema, values);
			const signedIn = await resetPassword(app, {
				token: event.params.token,
				password: input.password,
				confirmation: input.confirmation,
				userAgent: userAgentOf(event.request)
			});
			setSessionCookie(event.cookies, signedIn);
			redirect(303, landingPath(signedIn));
		});
	}
};
