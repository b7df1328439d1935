import { getApp } from '$lib/server/app';
import {
	audienceFor,
	changePassword,
	changePasswordSchema,
	hasPassword,
	PASSWORD_MIN
} from '$lib/server/modules/authentication';
import { requireActor } from '$lib/server/platform/access';
import { handleForm, validate } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	return {
		hasPassword: await hasPassword(app, actor.userId),
		audience: audienceFor(actor.role),
		email: locals.session?.email ?? null,
		min: PASSWORD_MIN
	};
};

export const actions: Actions = {
	default: async (event) => {
		const app = await getApp();
		return handleForm(event.request, async (values) => {
			const input = validate(changePasswordSchema, values);
			const result = await changePassword(app, event.locals.actor, {
				currentPassword: input.currentPassword,
				password: input.password,
				confirmation: input.confirmation,
				currentSessionId: event.locals.session?.id ?? ''
			});
			return { saved: true as const, ...result };
		});
	}
};
