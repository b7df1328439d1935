import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { playHref } from '$lib/learning/player';
import { getApp } from '$lib/server/app';
import { clientAddress } from '$lib/server/modules/authentication';
import { guestIdFor, getModuleOverview, readGuestId, startAttempt } from '$lib/server/modules/learning';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params, locals, cookies }) => {
	const app = await getApp();
	const overview = await getModuleOverview(app, { actor: locals.actor, guestId: readGuestId(cookies) }, params.slug);
	if (!overview) error(404, 'Ce parcours n’existe pas ou n’est pas disponible pour toi.');
	const { progress, ...module } = overview;
	return {
		module,
		progress: {
			status: progress.status,
			openAttemptId: progress.openAttemptId,
			answered: progress.answered,
			total: progress.total,
			badgeEarnedAt: progress.badgeEarnedAt,
			bestScore: progress.bestScore,
			due: progress.due.length
		},
		// A fresh id in the form: clicking twice starts one play-through.
		attemptId: randomUUID()
	};
};

async function start(event: RequestEvent, kind: 'module' | 'review') {
	const { request, params, locals, cookies } = event;
	const app = await getApp();
	let attemptId: string;
	try {
		const values = await readForm(request);
		const viewer = { actor: locals.actor, guestId: locals.actor ? readGuestId(cookies) : await guestIdFor(app, cookies, clientAddress(event)) };
		({ attemptId } = await startAttempt(app, viewer, { slug: params.slug, kind, attemptId: values.attemptId }));
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return fail(e.status, { message: e.message });
	}
	redirect(303, playHref(params.slug, attemptId, 0));
}

export const actions: Actions = {
	start: (event) => start(event, 'module'),
	review: (event) => start(event, 'review')
};
