import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getCv, getSharingState, listComments, resolveComment } from '$lib/server/modules/cv';
import { requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { failFrom, readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const dayTime = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	let cv;
	try {
		cv = await getCv(app, actor, params.id);
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') error(404, e.message);
		throw e;
	}
	const [comments, sharing] = await Promise.all([listComments(app, actor, cv.id), getSharingState(app, actor, cv.id)]);
	return {
		cv: { id: cv.id, name: cv.name },
		shared: sharing.sharedWithStaff,
		comments: comments.map((c) => ({
			id: c.id,
			section: c.section,
			body: c.body,
			authorName: c.authorName,
			at: dayTime.format(c.createdAt),
			resolved: !!c.resolvedAt
		})),
		done: url.searchParams.get('ok')
	};
};

async function setResolved(request: Request, locals: App.Locals, cvId: string, resolved: boolean) {
	const app = await getApp();
	let values: Record<string, string> = {};
	try {
		values = await readForm(request);
		await resolveComment(app, locals.actor, cvId, values.id ?? '', { resolved });
	} catch (e) {
		return failFrom(e, values);
	}
	redirect(303, `/jeune/cv/${cvId}/commentaires?ok=${resolved ? 'regle' : 'rouvert'}`);
}

export const actions: Actions = {
	regler: ({ request, locals, params }) => setResolved(request, locals, params.id, true),
	rouvrir: ({ request, locals, params }) => setResolved(request, locals, params.id, false)
};
