import { error, fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { choiceRowsFor, getModuleForEditing, ITEM_ROWS, saveStepForm, stepFormValues } from '$lib/server/modules/learning';
import { requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const module = await getModuleForEditing(app, actor, params.id);
	if (!module) error(404, 'Ce parcours n’existe pas ou vous n’y avez pas accès.');
	const index = module.draft.steps.findIndex((s) => s.id === params.stepId);
	if (index === -1) error(404, 'Cette étape n’existe plus : elle a peut-être été supprimée.');
	const step = module.draft.steps[index]!;
	return {
		module: { id: module.id, title: module.draft.title, stepCount: module.draft.steps.length },
		step: { id: step.id, kind: step.kind, index },
		values: stepFormValues(step),
		choiceRows: choiceRowsFor(step),
		itemRows: ITEM_ROWS,
		issues: module.issues.filter((i) => i.stepId === step.id)
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		try {
			values = await readForm(request);
			await saveStepForm(app, locals.actor, params.id, params.stepId, values);
		} catch (e) {
			if (!isDomainError(e)) throw e;
			// Every value comes back (a lesson text may be long): nothing typed is lost.
			return fail(e.status, { code: e.code, message: e.message, fields: e.fields, values });
		}
		redirect(303, `/pro/parcours/${params.id}?enregistre=${encodeURIComponent(params.stepId)}#etape-${params.stepId}`);
	}
};
