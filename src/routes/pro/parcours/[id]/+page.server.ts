import { error, fail, isActionFailure, redirect, type ActionFailure } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import {
	addStep,
	deleteStep,
	getModuleForEditing,
	moveStep,
	publishModule,
	unpublishModule,
	updateModuleMeta
} from '$lib/server/modules/learning';
import { requireActor } from '$lib/server/platform/access';
import { handleForm, type FormFailure } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const module = await getModuleForEditing(app, actor, params.id);
	if (!module) error(404, 'Ce parcours n’existe pas ou vous n’y avez pas accès.');
	const confirmDelete = url.searchParams.get('supprimer');
	return {
		module,
		confirmDelete: module.draft.steps.some((s) => s.id === confirmDelete) ? confirmDelete : null,
		notice: url.searchParams.has('cree')
			? 'created'
			: url.searchParams.has('importe')
				? 'imported'
				: url.searchParams.has('enregistre')
					? 'saved'
					: null,
		savedStep: url.searchParams.get('enregistre')
	};
};

/** Every action answers with which form it was, so the page shows the result in the right place. */
const isFailure = (r: unknown): r is ActionFailure<FormFailure> => isActionFailure(r);

async function tagged<W extends string, T>(which: W, run: Promise<T | ActionFailure<FormFailure>>) {
	const result = await run;
	if (isFailure(result)) return fail(result.status, { ...result.data, which });
	return result as Exclude<T, ActionFailure<FormFailure>>;
}

export const actions: Actions = {
	meta: async ({ request, locals, params }) => {
		const app = await getApp();
		return tagged(
			'meta',
			handleForm(request, async (v) => {
				await updateModuleMeta(app, locals.actor, params.id, {
					title: v.title ?? '',
					summary: v.summary ?? '',
					theme: v.theme ?? '',
					emoji: v.emoji ?? '',
					minutes: v.minutes ?? '',
					slug: v.slug,
					scope: v.scope ?? ''
				});
				return { which: 'meta' as const, saved: true };
			})
		);
	},

	ajouter: async ({ request, locals, params }) => {
		const app = await getApp();
		const result = await handleForm(request, async (v) => addStep(app, locals.actor, params.id, v.kind ?? ''));
		if (isFailure(result)) return fail(result.status, { ...result.data, which: 'ajouter' as const });
		redirect(303, `/pro/parcours/${params.id}/etapes/${result.stepId}`);
	},

	monter: async ({ request, locals, params }) => {
		const app = await getApp();
		return tagged(
			'etapes',
			handleForm(request, async (v) => {
				await moveStep(app, locals.actor, params.id, v.stepId ?? '', 'up');
				return { which: 'etapes' as const, moved: v.stepId ?? '' };
			})
		);
	},

	descendre: async ({ request, locals, params }) => {
		const app = await getApp();
		return tagged(
			'etapes',
			handleForm(request, async (v) => {
				await moveStep(app, locals.actor, params.id, v.stepId ?? '', 'down');
				return { which: 'etapes' as const, moved: v.stepId ?? '' };
			})
		);
	},

	supprimer: async ({ request, locals, params }) => {
		const app = await getApp();
		const result = await tagged(
			'etapes',
			handleForm(request, async (v) => {
				await deleteStep(app, locals.actor, params.id, v.stepId ?? '');
				return { which: 'etapes' as const, deleted: true };
			})
		);
		if (isActionFailure(result)) return result;
		redirect(303, `/pro/parcours/${params.id}#etapes`);
	},

	publier: async ({ request, locals, params }) => {
		const app = await getApp();
		return tagged(
			'publier',
			handleForm(request, async () => {
				const result = await publishModule(app, locals.actor, params.id);
				if (!result.ok) {
					return fail(400, {
						code: 'learning.authoring.not_ready',
						message: 'Le parcours n’est pas encore prêt : corrigez les points ci-dessous, puis publiez.',
						fields: {} as Record<string, string>,
						values: {} as Record<string, string>
					});
				}
				return { which: 'publier' as const, published: result.number, unchanged: result.unchanged };
			})
		);
	},

	retirer: async ({ request, locals, params }) => {
		const app = await getApp();
		return tagged(
			'publier',
			handleForm(request, async () => {
				await unpublishModule(app, locals.actor, params.id);
				return { which: 'publier' as const, archived: true };
			})
		);
	}
};
