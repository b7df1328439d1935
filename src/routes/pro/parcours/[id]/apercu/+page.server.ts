import { error, fail } from '@sveltejs/kit';
import { isQuestion, judge } from '$lib/learning/content';
import { getApp } from '$lib/server/app';
import { getModuleForEditing, responseFromForm } from '$lib/server/modules/learning';
import { requireActor } from '$lib/server/platform/access';
import { readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

/** The draft as a young person will play it. Answers are judged but never recorded. */
async function draftStep(locals: App.Locals, id: string, etape: string | null) {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const module = await getModuleForEditing(app, actor, id);
	if (!module) error(404, 'Ce parcours n’existe pas ou vous n’y avez pas accès.');
	const total = module.draft.steps.length;
	const n = Math.min(Math.max(1, Number.parseInt(etape ?? '1', 10) || 1), Math.max(1, total));
	return { module, n, total, step: module.draft.steps[n - 1] ?? null };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { module, n, total, step } = await draftStep(locals, params.id, url.searchParams.get('etape'));
	return {
		module: { id: module.id, title: module.draft.title, emoji: module.draft.emoji, status: module.status },
		n,
		total,
		step,
		stepIssues: step ? module.issues.filter((i) => i.stepId === step.id).map((i) => i.message) : []
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		const values = await readForm(request).catch(() => ({}) as Record<string, string>);
		const { n, step } = await draftStep(locals, params.id, values.etape ?? url.searchParams.get('etape'));
		if (!step || !isQuestion(step)) return { n, answered: null };
		const response = responseFromForm(step, values);
		if (!response) {
			return fail(400, {
				n,
				error: step.kind === 'order' ? 'Donne une place différente à chaque élément avant de valider.' : 'Choisis une réponse avant de valider.'
			});
		}
		return { n, answered: { response, judgement: judge(step, response) } };
	}
};
