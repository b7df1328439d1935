import { error, fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { countOpenComments, CV_TEMPLATES, getCvOverview, MAX_CV_PHOTO_BYTES, removeCvPhoto, setCvPhoto, updateCvDetails } from '$lib/server/modules/cv';
import { requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { failFrom, readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	try {
		const [overview, openComments] = await Promise.all([getCvOverview(app, actor, params.id), countOpenComments(app, actor, params.id)]);
		const { cv } = overview;
		return {
			cv: { id: cv.id, name: cv.name, template: cv.template, draft: cv.draft, updatedAt: cv.updatedAt },
			progress: overview.progress,
			missing: overview.missing,
			checks: overview.checks,
			pageCount: overview.pageCount,
			photoUrl: overview.photo ? `/jeune/cv/${cv.id}/photo?v=${overview.photo.addedAt.getTime()}` : null,
			unprintable: overview.unprintable,
			openComments,
			templates: CV_TEMPLATES,
			done: url.searchParams.get('ok')
		};
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') error(404, e.message);
		throw e;
	}
};

/** A failure shaped like `failFrom`'s, for the photo form (its body is not read by `readForm`). */
const photoRefused = (message: string) => fail(400, { code: 'cv.invalid_photo', message, fields: { photo: message } as Record<string, string>, values: {} as Record<string, string> });

export const actions: Actions = {
	renommer: async ({ request, locals, params }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		try {
			values = await readForm(request);
			await updateCvDetails(app, locals.actor, params.id, { name: values.name ?? '' });
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/jeune/cv/${params.id}?ok=renomme`);
	},
	modele: async ({ request, locals, params }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		try {
			values = await readForm(request);
			if (!CV_TEMPLATES.includes(values.template as (typeof CV_TEMPLATES)[number])) {
				return fail(400, { code: 'cv.invalid_template', message: 'Choisis un des trois modèles.', fields: { template: 'Choisis un des trois modèles.' } as Record<string, string>, values });
			}
			await updateCvDetails(app, locals.actor, params.id, { template: values.template });
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/jeune/cv/${params.id}?ok=modele#modele`);
	},
	photo: async ({ request, locals, params }) => {
		const app = await getApp();
		let data: FormData;
		try {
			data = await request.formData();
		} catch {
			return photoRefused('La photo n’a pas pu être envoyée : réessaie, ou choisis une photo plus légère (10 Mo au plus).');
		}
		const file = data.get('photo');
		if (!(file instanceof File) || file.size === 0) return photoRefused('Choisis une photo.');
		if (file.size > MAX_CV_PHOTO_BYTES) return photoRefused('Cette photo est trop lourde : 10 Mo au plus.');
		try {
			await setCvPhoto(app, locals.actor, params.id, new Uint8Array(await file.arrayBuffer()));
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `/jeune/cv/${params.id}?ok=photo#photo`);
	},
	retirerPhoto: async ({ locals, params }) => {
		const app = await getApp();
		try {
			await removeCvPhoto(app, locals.actor, params.id);
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `/jeune/cv/${params.id}?ok=photo-retiree#photo`);
	}
};
