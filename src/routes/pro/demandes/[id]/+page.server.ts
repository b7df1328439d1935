import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { activationQrSvg, activationUrl } from '$lib/server/modules/activation';
import {
	assignContactRequest,
	CLOSE_REASON_LABELS,
	closeContactRequest,
	convertContactRequest,
	getContactRequest,
	markContactRequestContacted
} from '$lib/server/modules/contact-requests';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

export const load: PageServerLoad = async ({ locals, params }) => {
	const app = await getApp();
	try {
		const { request, staff } = await getContactRequest(app, locals.actor, params.id);
		return {
			request,
			staff,
			me: locals.actor!.userId,
			closeReasons: Object.entries(CLOSE_REASON_LABELS).map(([value, label]) => ({ value, label }))
		};
	} catch (e) {
		if (isDomainError(e) && (e.kind === 'not_found' || e.kind === 'forbidden')) {
			error(404, 'Cette demande n’existe pas ou n’est pas adressée à votre Mission Locale.');
		}
		throw e;
	}
};

export const actions: Actions = {
	attribuer: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await assignContactRequest(app, locals.actor, params.id, values);
			return { done: 'Demande attribuée.' };
		});
	},
	contacte: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async () => {
			await markContactRequestContacted(app, locals.actor, params.id);
			return { done: 'Demande marquée comme contactée.' };
		});
	},
	convertir: async ({ request, locals, params, url }) => {
		const app = await getApp();
		return handleForm(request, async () => {
			const created = await convertContactRequest(app, locals.actor, params.id);
			const origin = app.config.publicUrl ? new URL(app.config.publicUrl).origin : url.origin;
			const link = activationUrl(origin, created.code);
			return {
				done: 'Code d’activation créé.',
				created: {
					code: created.code,
					firstName: created.firstName,
					expiresOn: day.format(created.expiresAt),
					activationPage: `${new URL(origin).host}/activer`,
					qrSvg: await activationQrSvg(link)
				}
			};
		});
	},
	clore: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await closeContactRequest(app, locals.actor, params.id, values);
			return { done: 'Demande close.' };
		});
	}
};
