import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { addSkill, discardDraft, getReferentialForAdmin, publishDraft, setSkillRetired, updateSkill } from '$lib/server/modules/soft-skills';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

/** The soft-skills referential, edited by a platform admin: a draft, then publishing. */
export const load: PageServerLoad = async ({ locals }) => {
	if (locals.actor?.role !== 'platform_admin') error(404, 'Cette page n’existe pas.');
	const app = await getApp();
	const view = await getReferentialForAdmin(app, locals.actor);
	const shown = view.draft ?? view.published;
	return {
		publishedNumber: view.published.number,
		draftNumber: view.draft?.number ?? null,
		families: shown.content.families.map((f) => ({ ...f, skills: shown.content.skills.filter((s) => s.familyId === f.id) })),
		allFamilies: shown.content.families,
		history: view.history
	};
};

export const actions: Actions = {
	modifier: async ({ request, locals }) =>
		handleForm(request, async (values) => {
			const app = await getApp();
			await updateSkill(app, locals.actor, values.skill ?? '', values);
			return { done: 'modifier', skill: values.skill };
		}),
	retirer: async ({ request, locals }) =>
		handleForm(request, async (values) => {
			const app = await getApp();
			await setSkillRetired(app, locals.actor, values.skill ?? '', values.retired === 'oui');
			return { done: 'retirer', skill: values.skill };
		}),
	ajouter: async ({ request, locals }) =>
		handleForm(request, async (values) => {
			const app = await getApp();
			const { id } = await addSkill(app, locals.actor, values);
			return { done: 'ajouter', skill: id };
		}),
	publier: async ({ request, locals }) =>
		handleForm(request, async () => {
			const app = await getApp();
			const { number } = await publishDraft(app, locals.actor);
			return { done: 'publier', number };
		}),
	abandonner: async ({ request, locals }) =>
		handleForm(request, async () => {
			const app = await getApp();
			await discardDraft(app, locals.actor);
			return { done: 'abandonner' };
		})
};
