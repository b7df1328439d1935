import { fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getPlayerSnapshot, submitAnswer } from '$lib/server/modules/workshops';
import { failFrom } from '$lib/server/platform/http/forms';
import { responseFromForm } from '$lib/workshops/transport';
import { missingPlayerReason, playerOf } from './player.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, params, setHeaders }) => {
	const app = await getApp();
	const player = await playerOf(app, cookies, params.id);
	if (!player) {
		const reason = await missingPlayerReason(app, cookies, params.id);
		redirect(303, `/atelier?raison=${reason === 'removed' ? 'retire' : 'session'}`);
	}
	setHeaders({ 'cache-control': 'no-store' });
	return { snapshot: await getPlayerSnapshot(app, player) };
};

export const actions: Actions = {
	/** Without JavaScript: one plain form per question. */
	repondre: async ({ cookies, params, request }) => {
		const app = await getApp();
		const player = await playerOf(app, cookies, params.id);
		if (!player) redirect(303, '/atelier?raison=session');
		const form = await request.formData().catch(() => new FormData());
		const index = Number.parseInt(String(form.get('index') ?? ''), 10);
		try {
			const snapshot = await getPlayerSnapshot(app, player);
			const question = Number.isInteger(index) ? snapshot.questions[index] : undefined;
			const response = question ? responseFromForm(question, form) : null;
			if (!question || response === null) {
				return fail(400, { code: 'workshops.invalid_answer', message: 'Choisis une réponse avant de valider.', fields: {}, values: {} });
			}
			const { outcome } = await submitAnswer(app, player, { index, response });
			return { outcome };
		} catch (e) {
			return failFrom(e);
		}
	}
};
