import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getExperience, listActiveSkills, pickSkills } from '$lib/server/modules/soft-skills';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { failFrom } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const app = await getApp();
	try {
		const experience = await getExperience(app, locals.actor, params.id);
		const suggested = new Set(experience.suggestions.map((s) => s.id));
		const families = (await listActiveSkills(app, locals.actor))
			.map((f) => ({ ...f, skills: f.skills.filter((s) => !suggested.has(s.id)) }))
			.filter((f) => f.skills.length > 0);
		return { experience, families };
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') error(404, e.message);
		throw e;
	}
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		let proof = '';
		try {
			const app = await getApp();
			const form = await request.formData();
			proof = String(form.get('proof') ?? '');
			await pickSkills(app, locals.actor, {
				skillIds: form.getAll('skill').filter((v) => typeof v === 'string'),
				experienceId: params.id,
				proof
			});
		} catch (e) {
			return failFrom(e, { proof });
		}
		redirect(303, '/jeune/qualites?ok=ajout');
	}
};
