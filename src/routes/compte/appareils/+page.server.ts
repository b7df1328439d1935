import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { clearSessionCookie } from '$lib/server/modules/authentication';
import { listDevices, signOutAllDevices, signOutDevice } from '$lib/server/modules/mfa';
import { requireActor } from '$lib/server/platform/access';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

/** After signing this very device out, the sign-in page says why the person is there. */
const SIGNED_OUT = '/connexion?deconnexion=tous';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	return { youth: actor.role === 'youth', devices: await listDevices(app, actor, locals.session?.id ?? null) };
};

export const actions: Actions = {
	/** One device. Signing out the current one ends this visit too. */
	one: async ({ request, locals, cookies }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			const { wasCurrent } = await signOutDevice(app, locals.actor, values.appareil ?? '', locals.session?.id ?? null);
			if (wasCurrent) {
				clearSessionCookie(cookies);
				redirect(303, SIGNED_OUT);
			}
			return { done: 'one' as const };
		});
	},
	/** Every device but this one. */
	others: async ({ locals }) => {
		const app = await getApp();
		const count = await signOutAllDevices(app, locals.actor, { keepSessionId: locals.session?.id });
		return { done: 'others' as const, count };
	},
	/** Every device, this one included: back to the sign-in page. */
	all: async ({ locals, cookies }) => {
		const app = await getApp();
		await signOutAllDevices(app, locals.actor);
		clearSessionCookie(cookies);
		redirect(303, SIGNED_OUT);
	}
};
