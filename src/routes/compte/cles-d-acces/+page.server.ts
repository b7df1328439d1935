import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { deletePasskey, listMyPasskeys, renamePasskey } from '$lib/server/modules/passkeys';
import { homeFor } from '$lib/server/platform/http/guards';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const when = new Intl.DateTimeFormat('fr-FR', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/Paris'
});

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor || !locals.session) error(401, 'Connexion nécessaire.');
	const app = await getApp();
	const passkeys = await listMyPasskeys(app, locals.actor);
	return {
		voice: locals.actor.role === 'youth' ? ('tu' as const) : ('vous' as const),
		welcome: url.searchParams.has('bienvenue'),
		firstName: locals.session.firstName,
		home: homeFor(locals.actor),
		passkeys: passkeys.map((p) => ({
			id: p.id,
			label: p.label,
			synced: p.synced,
			createdOn: when.format(p.createdAt),
			lastUsedOn: p.lastUsedAt ? when.format(p.lastUsedAt) : null
		}))
	};
};

export const actions: Actions = {
	renommer: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await renamePasskey(app, locals.actor, values);
			return { renamed: values.id };
		});
	},
	supprimer: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await deletePasskey(app, locals.actor, values);
			return { deleted: true };
		});
	}
};
