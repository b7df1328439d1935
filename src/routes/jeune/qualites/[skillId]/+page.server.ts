import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createConfirmationLink, getMySkill, LINK_DAYS, removeSkill, revokeConfirmationLink } from '$lib/server/modules/soft-skills';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const app = await getApp();
	try {
		const { skill, links } = await getMySkill(app, locals.actor, params.skillId);
		return {
			skill,
			links: links.map((l) => ({ ...l, url: `${url.origin}/confirmer/${l.token}` })),
			linkDays: LINK_DAYS
		};
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') error(404, e.message);
		throw e;
	}
};

export const actions: Actions = {
	lien: async ({ request, locals, params }) =>
		handleForm(request, async (values) => {
			const app = await getApp();
			const link = await createConfirmationLink(app, locals.actor, params.skillId, { invitee: values.invitee });
			return { created: link.id };
		}),
	retirer: async ({ request, locals, params }) =>
		handleForm(request, async (values) => {
			const app = await getApp();
			await revokeConfirmationLink(app, locals.actor, params.skillId, values.link ?? '');
			return { revoked: true };
		}),
	supprimer: async ({ request, locals, params }) =>
		handleForm(request, async () => {
			const app = await getApp();
			await removeSkill(app, locals.actor, params.skillId);
			redirect(303, '/jeune/qualites?ok=retrait');
		})
};
