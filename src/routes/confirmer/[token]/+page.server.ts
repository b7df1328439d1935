import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { answerConfirmation, openConfirmation } from '$lib/server/modules/soft-skills';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * A confirmation link opened without an account. Reading it changes nothing (a messaging app's
 * preview is harmless); answering uses it up. Unknown, used, expired and revoked links all get the
 * same « lien plus valable » page.
 */
export const load: PageServerLoad = async ({ params }) => {
	const app = await getApp();
	try {
		return { request: await openConfirmation(app, params.token) };
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') error(404, e.message);
		throw e;
	}
};

export const actions: Actions = {
	default: async ({ request, params }) =>
		handleForm(request, async (values) => {
			const app = await getApp();
			const { status } = await answerConfirmation(app, params.token, values);
			redirect(303, `/confirmer/merci?reponse=${status === 'confirmed' ? 'oui' : 'non'}`);
		})
};
