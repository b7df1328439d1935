import { fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { copyCvPhoto, createCv, deleteCv, getCv, listCvs, MAX_CVS_PER_YOUTH, MAX_JSON_RESUME_BYTES } from '$lib/server/modules/cv';
import { requireActor } from '$lib/server/platform/access';
import { failFrom, readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const cvs = await listCvs(app, actor);
	const deleting = url.searchParams.get('supprimer');
	return {
		cvs: cvs.map((cv) => ({ id: cv.id, name: cv.name, title: cv.title, updatedAt: cv.updatedAt })),
		max: MAX_CVS_PER_YOUTH,
		confirmDelete: cvs.find((cv) => cv.id === deleting) ?? null,
		done: url.searchParams.get('ok'),
		now: app.now()
	};
};

/** "CV vente" → "CV vente (copie)", within the 60 characters of a name. */
const copyName = (name: string) => `${name.slice(0, 51)} (copie)`;

export const actions: Actions = {
	creer: async ({ request, locals }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		let id: string;
		try {
			values = await readForm(request);
			const start = values.depart ?? 'compte';
			const copyOf = start.startsWith('copie:') ? start.slice('copie:'.length) : undefined;
			const cv = await createCv(app, locals.actor, { name: values.name ?? '', copyOf, from: start === 'vide' ? 'empty' : 'account' });
			if (copyOf) await copyCvPhoto(app, locals.actor, copyOf, cv.id);
			id = cv.id;
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/jeune/cv/${id}/etapes/coordonnees`);
	},
	dupliquer: async ({ request, locals }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		let id: string;
		try {
			values = await readForm(request);
			const source = await getCv(app, locals.actor, values.id ?? '');
			id = (await createCv(app, locals.actor, { name: copyName(source.name), copyOf: source.id, template: source.template })).id;
			await copyCvPhoto(app, locals.actor, source.id, id);
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/jeune/cv/${id}?ok=copie`);
	},
	supprimer: async ({ request, locals }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		try {
			values = await readForm(request);
			await deleteCv(app, locals.actor, values.id ?? '');
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, '/jeune/cv?ok=supprime');
	},
	importer: async ({ request, locals }) => {
		const app = await getApp();
		const refused = (message: string) => fail(400, { code: 'cv.invalid_import', message, fields: { file: message } as Record<string, string>, values: {} as Record<string, string> });
		let data: FormData;
		try {
			data = await request.formData();
		} catch {
			return refused('Le fichier n’a pas pu être envoyé : réessaie.');
		}
		const file = data.get('file');
		const name = String(data.get('name') ?? '').trim() || 'CV importé';
		if (!(file instanceof File) || file.size === 0) return refused('Choisis le fichier .json de ton CV.');
		if (file.size > MAX_JSON_RESUME_BYTES) return refused('Ce fichier est trop gros pour un CV : 500 Ko au plus.');
		let id: string;
		try {
			const text = new TextDecoder('utf-8', { fatal: false }).decode(await file.arrayBuffer());
			id = (await createCv(app, locals.actor, { name: name.slice(0, 60), jsonResume: text })).id;
		} catch (e) {
			return failFrom(e, { importName: name });
		}
		redirect(303, `/jeune/cv/${id}?ok=importe`);
	}
};
