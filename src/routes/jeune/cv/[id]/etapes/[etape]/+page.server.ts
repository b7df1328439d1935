import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { screenFromUrl, screenHref } from '$lib/cv/steps';
import { getApp } from '$lib/server/app';
import { applyCvOperations, fieldName, getCv, operationsFromForm, proposePhrasing, softSkillSuggestionsFor, suggestedSkills } from '$lib/server/modules/cv';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { failFrom } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

async function ownCv(actor: App.Locals['actor'], id: string) {
	const app = await getApp();
	try {
		return { app, cv: await getCv(app, actor, id) };
	} catch (e) {
		if (isDomainError(e) && e.code === 'cv.not_found') error(404, e.message);
		throw e;
	}
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const screen = screenFromUrl(params.etape, url.searchParams);
	if (!screen) error(404, 'Cette étape du CV n’existe pas.');
	const { app, cv } = await ownCv(locals.actor, params.id);
	const context = { title: cv.draft.title, experiences: cv.draft.experiences };
	return {
		cv: { id: cv.id, name: cv.name, revision: cv.revision, draft: cv.draft },
		screen,
		phrasing: screen.q === 'phrases' && screen.kind ? proposePhrasing(screen.kind, screen.text ?? '') : null,
		suggestions: { skills: suggestedSkills(context), softSkills: await softSkillSuggestionsFor(app, locals.actor, context) },
		/** Id of an experience or training added without JavaScript (a resubmitted form changes it, never adds twice). */
		newItemId: randomUUID()
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		const screen = screenFromUrl(params.etape, url.searchParams);
		if (!screen) error(404, 'Cette étape du CV n’existe pas.');
		let form: FormData;
		try {
			form = await request.formData();
		} catch {
			return fail(400, { field: 'form', message: 'Formulaire illisible : réessaie.', values: {} });
		}
		const values: Record<string, string> = {};
		// Ticked boxes share a name: their values come back one per line.
		for (const [key, value] of form.entries()) if (typeof value === 'string') values[key] = values[key] === undefined ? value.slice(0, 1000) : `${values[key]}\n${value.slice(0, 200)}`;
		const { app, cv } = await ownCv(locals.actor, params.id);
		const result = operationsFromForm(screen, form, cv.draft);
		if (!result.ok) return fail(400, { field: result.field, message: result.message, values });
		if (result.operations.length) {
			try {
				const applied = await applyCvOperations(app, locals.actor, cv.id, result.operations);
				const refused = applied.outcomes.find((o) => o.status === 'refused' || o.message);
				if (refused) return fail(400, { field: fieldName(refused.field ?? ''), message: refused.message ?? 'Modification refusée.', values });
			} catch (e) {
				const failure = failFrom(e, values);
				return fail(failure.status, { field: 'form', message: failure.data.message, values });
			}
		}
		redirect(303, result.next === 'end' ? `/jeune/cv/${cv.id}` : screenHref(cv.id, result.next));
	}
};
