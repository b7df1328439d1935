import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import {
	clientAddress,
	codeCheckSchema,
	codeRequestSchema,
	landingPath,
	requestSignInCode,
	safeRedirect,
	setSessionCookie,
	signInWithCode,
	SIGN_IN_CODE_MINUTES,
	userAgentOf
} from '$lib/server/modules/authentication';
import { handleForm, validate } from '$lib/server/platform/http/forms';
import { homeFor } from '$lib/server/platform/http/guards';
import type { Actions, PageServerLoad } from './$types';

/** How the destination is shown back: "06 12 34 56 78" rather than "+33612345678". */
function display(destination: { channel: 'email' | 'sms'; value: string }): string {
	if (destination.channel === 'email') return destination.value;
	const v = destination.value;
	if (v.startsWith('+33')) return ('0' + v.slice(3)).replace(/(\d{2})(?=\d)/g, '$1 ');
	return v;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.actor) redirect(303, homeFor(locals.actor));
	return { redirection: safeRedirect(url.searchParams.get('redirection')), minutes: SIGN_IN_CODE_MINUTES };
};

export const actions: Actions = {
	/** Step 1: send a code (the same answer whether an account matches or not). */
	envoyer: async (event) => {
		const app = await getApp();
		return handleForm(event.request, async (values) => {
			const { destination } = validate(codeRequestSchema, values);
			await requestSignInCode(app, { destination, ip: clientAddress(event) });
			return {
				step: 'code' as const,
				destination: destination.value,
				channel: destination.channel,
				shown: display(destination),
				resent: values.step === 'code'
			};
		});
	},

	/** Step 2: check the code and sign in. */
	verifier: async (event) => {
		const app = await getApp();
		return handleForm(event.request, async (values) => {
			const { destination, code } = validate(codeCheckSchema, values);
			const signedIn = await signInWithCode(app, {
				destination,
				code,
				ip: clientAddress(event),
				userAgent: userAgentOf(event.request)
			});
			if (event.locals.session) await app.sessions.revoke(event.locals.session.id);
			setSessionCookie(event.cookies, signedIn);
			redirect(303, landingPath(signedIn, values.redirection ?? event.url.searchParams.get('redirection')));
		});
	}
};
