import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { handleForm } from '$lib/server/platform/http/forms';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { landingPath, setSessionCookie, userAgentOf } from '$lib/server/modules/authentication';
import { acceptInvitation, findUsableInvitation } from '$lib/server/modules/staff';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The link is a secret: never cached (the global referrer policy already keeps it on this site;
	// "no-referrer" would make browsers send `Origin: null` and the CSRF guard refuse the form).
	setHeaders({ 'cache-control': 'no-store' });
	const app = await getApp();
	try {
		const invitation = await findUsableInvitation(app, params.token);
		return {
			invitation: {
				email: invitation.email,
				firstName: invitation.firstName,
				lastName: invitation.lastName,
				roleLabel: invitation.roleLabel,
				placeName: invitation.placeName
			},
			problem: null
		};
	} catch (error) {
		if (!isDomainError(error)) throw error;
		return { invitation: null, problem: { code: error.code, message: error.message } };
	}
};

export const actions: Actions = {
	default: async ({ request, params, cookies }) => {
		const app = await getApp();
		const result = await handleForm(request, async (values) => {
			const signedIn = await acceptInvitation(app, params.token, values, { userAgent: userAgentOf(request) });
			setSessionCookie(cookies, signedIn);
			return { signedIn };
		});
		if (result && 'signedIn' in result) redirect(303, landingPath(result.signedIn));
		return result;
	}
};
