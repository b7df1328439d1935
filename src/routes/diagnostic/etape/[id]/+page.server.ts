import { error, fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { answerFieldsFrom, answerItem, getStep } from '$lib/server/modules/diagnostic';
import { readGuestId } from '$lib/server/modules/learning';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, cookies }) => {
	const app = await getApp();
	let step;
	try {
		step = await getStep(app, { actor: locals.actor, guestId: readGuestId(cookies) }, params.id);
	} catch (e) {
		if (isDomainError(e)) error(404, e.message);
		throw e;
	}
	// Nothing in progress on this device (cookie gone, other browser): back to the start page.
	if (!step) redirect(303, '/diagnostic');
	return { step };
};

export const actions: Actions = {
	default: async ({ request, params, locals, cookies }) => {
		const app = await getApp();
		let result;
		try {
			let data: FormData;
			try {
				data = await request.formData();
			} catch {
				return fail(400, { message: 'Ta réponse n’a pas pu être lue. Réessaie.', fields: {} as Record<string, string> });
			}
			result = await answerItem(app, { actor: locals.actor, guestId: readGuestId(cookies) }, params.id, answerFieldsFrom(data));
		} catch (e) {
			if (!isDomainError(e)) throw e;
			return fail(e.status, { message: e.message, fields: e.fields });
		}
		// A task or a question: its correction first. A self-assessment: straight to the next step.
		if (result.answer.outcome !== null) redirect(303, `/diagnostic/etape/${params.id}#correction`);
		redirect(303, result.nextItemId ? `/diagnostic/etape/${result.nextItemId}` : '/diagnostic/resultat');
	}
};
