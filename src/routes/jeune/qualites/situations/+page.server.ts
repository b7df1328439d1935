import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { pickSkills, SITUATIONS, suggestFromSituations } from '$lib/server/modules/soft-skills';
import { failFrom, handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
	// The reactions' skills stay on the server: the youth answers what they would really do.
	situations: SITUATIONS.map((s) => ({ id: s.id, text: s.text, reactions: s.reactions.map((r) => ({ id: r.id, text: r.text })) }))
});

export const actions: Actions = {
	reponses: async ({ request, locals }) =>
		handleForm(request, async (values) => {
			const app = await getApp();
			const suggestions = await suggestFromSituations(app, locals.actor, values);
			return { suggestions, answers: values };
		}),
	choisir: async ({ request, locals }) => {
		try {
			const app = await getApp();
			const form = await request.formData();
			await pickSkills(app, locals.actor, { skillIds: form.getAll('skill').filter((v) => typeof v === 'string') });
		} catch (error) {
			return failFrom(error);
		}
		redirect(303, '/jeune/qualites?ok=ajout');
	}
};
