import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createExperience, EXPERIENCE_KINDS } from '$lib/server/modules/soft-skills';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ kinds: [...EXPERIENCE_KINDS] });

export const actions: Actions = {
	default: async ({ request, locals }) =>
		handleForm(request, async (values) => {
			const app = await getApp();
			const { id } = await createExperience(app, locals.actor, { kind: values.kind, description: values.description });
			redirect(303, `/jeune/qualites/experience/${id}`);
		})
};
