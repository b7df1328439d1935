import { error, fail, redirect } from '@sveltejs/kit';
import type { ImportIssue } from '$lib/server/modules/learning';
import { getApp } from '$lib/server/app';
import {
	canAuthorModules,
	createModule,
	getCatalogue,
	importModule,
	listAuthorableModules,
	MODULE_IMPORT_MAX_BYTES,
	newModuleScopes
} from '$lib/server/modules/learning';
import { requireActor } from '$lib/server/platform/access';
import { failFrom, handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals.actor);
	if (!canAuthorModules(actor)) error(403, 'Les parcours sont écrits par les équipes des Missions Locales et des réseaux.');
	const app = await getApp();
	const [modules, catalogue] = await Promise.all([listAuthorableModules(app, actor), getCatalogue(app, { actor, guestId: null })]);
	return {
		modules,
		scopes: newModuleScopes(actor),
		available: catalogue.modules.map((m) => ({
			id: m.id,
			slug: m.slug,
			title: m.title,
			emoji: m.emoji,
			theme: m.theme,
			author: m.author,
			questionCount: m.questionCount,
			minutes: m.minutes
		}))
	};
};

/** Every failure of the import form has the same shape (the page reads it without guessing). */
function importFailed(
	status: number,
	failure: { code: string; message: string; fields?: Record<string, string>; values?: Record<string, string> },
	extra: { issues?: ImportIssue[]; json?: string } = {}
) {
	const issues = extra.issues ?? [];
	return fail(status, {
		which: 'importer' as const,
		code: failure.code,
		message: failure.message,
		fields: failure.fields ?? {},
		values: failure.values ?? {},
		importIssues: issues.slice(0, 100),
		hiddenIssues: Math.max(0, issues.length - 100),
		// Pasted text comes back so it can be fixed in place (never more than the import limit).
		json: extra.json ?? ''
	});
}

export const actions: Actions = {
	creer: async ({ request, locals }) => {
		const app = await getApp();
		const result = await handleForm(request, async (values) =>
			createModule(app, locals.actor, { title: values.title ?? '', summary: values.summary, scope: values.scope })
		);
		if ('id' in result) redirect(303, `/pro/parcours/${result.id}?cree=1`);
		return fail(result.status, { ...result.data, which: 'creer' as const });
	},

	importer: async ({ request, locals }) => {
		const app = await getApp();
		let data: FormData;
		try {
			data = await request.formData();
		} catch {
			return importFailed(400, { code: 'validation.invalid', message: 'Le fichier n’a pas pu être lu. Réessayez.' });
		}
		const file = data.get('file');
		const pasted = data.get('json');
		const scope = typeof data.get('scope') === 'string' ? (data.get('scope') as string) : undefined;
		let text = '';
		let source: 'file' | 'text' = 'text';
		if (file instanceof File && file.size > 0) {
			source = 'file';
			if (file.size > MODULE_IMPORT_MAX_BYTES) {
				return importFailed(400, {
					code: 'learning.authoring.import_too_large',
					message: 'Ce fichier est trop lourd : 200 Ko au plus.',
					fields: { file: 'Ce fichier est trop lourd : 200 Ko au plus.' }
				});
			}
			text = new TextDecoder('utf-8').decode(await file.arrayBuffer());
		} else if (typeof pasted === 'string') {
			text = pasted;
		}
		const values: Record<string, string> = { scope: scope ?? '' };
		try {
			const result = await importModule(app, locals.actor, { text, scope });
			if (result.ok) redirect(303, `/pro/parcours/${result.id}?importe=1`);
			return importFailed(
				400,
				{
					code: 'learning.authoring.import_invalid',
					message:
						result.issues.length === 1
							? 'Le fichier n’a pas été importé : 1 problème à corriger.'
							: `Le fichier n’a pas été importé : ${result.issues.length} problèmes à corriger.`,
					values
				},
				{ issues: result.issues, json: source === 'text' ? text.slice(0, MODULE_IMPORT_MAX_BYTES) : '' }
			);
		} catch (e) {
			const failure = failFrom(e, values);
			return importFailed(failure.status, failure.data, { json: source === 'text' ? text.slice(0, MODULE_IMPORT_MAX_BYTES) : '' });
		}
	}
};
