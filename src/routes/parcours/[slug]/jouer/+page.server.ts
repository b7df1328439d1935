import { randomUUID } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
import { isQuestion, type Response } from '$lib/learning/content';
import { stepIndex, type PlayPageData, type ServerAnswer } from '$lib/learning/player';
import { getApp } from '$lib/server/app';
import { clientAddress } from '$lib/server/modules/authentication';
import { touchYouthActivity } from '$lib/server/modules/accounts';
import { guestIdFor, getPlayState, readGuestId, recordAnswers, responseFromForm } from '$lib/server/modules/learning';
import { isDomainError, messageFor } from '$lib/server/platform/errors/errors';
import { readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'Cette partie n’existe pas ou n’est pas la tienne. Recommence le parcours depuis sa page.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ params, url, locals, cookies }): Promise<PlayPageData> => {
	// The shell: this page without any attempt, kept by the service worker for offline play. It is
	// fetched without cookies and holds no personal data (the player fills it from the device).
	if (url.searchParams.has('coquille')) return { shell: true, slug: params.slug };

	const attemptId = url.searchParams.get('partie') ?? '';
	const app = await getApp();
	const state = await getPlayState(app, { actor: locals.actor, guestId: readGuestId(cookies) }, params.slug, attemptId);
	if (!state || state.steps.length === 0) error(404, NOT_FOUND);

	const ids = state.steps.map((s) => s.id);
	const index = stepIndex(url.searchParams.get('etape'), ids, (id) => id in state.answers);
	const step = state.steps[index]!;
	const answers: Record<string, ServerAnswer> = {};
	for (const [stepId, a] of Object.entries(state.answers)) {
		answers[stepId] = { id: a.id, response: a.response as Response, answeredAt: '' };
	}
	const current = state.answers[step.id];
	return {
		shell: false,
		slug: state.module.slug,
		module: { id: state.module.id, title: state.module.title, emoji: state.module.emoji },
		versionId: state.version.id,
		attempt: { id: state.attempt.id, kind: state.attempt.kind, completed: state.attempt.completed },
		plan: state.steps.map((s) => ({ id: s.id, question: isQuestion(s) })),
		index,
		step,
		answers,
		answered: current ? { response: current.response, judgement: current.judgement } : null,
		answerId: randomUUID()
	};
};

export const actions: Actions = {
	/** The answer form of the player without JavaScript. */
	answer: async (event) => {
		const { request, params, locals, cookies } = event;
		const app = await getApp();
		let values: Record<string, string>;
		try {
			values = await readForm(request);
		} catch (e) {
			if (!isDomainError(e)) throw e;
			return fail(400, { stepId: '', message: e.message });
		}
		const actor = locals.actor;
		let viewer;
		try {
			viewer = { actor, guestId: actor ? readGuestId(cookies) : await guestIdFor(app, cookies, clientAddress(event)) };
		} catch (e) {
			if (!isDomainError(e)) throw e;
			return fail(e.status, { stepId: values.stepId ?? '', message: e.message });
		}
		const state = await getPlayState(app, viewer, params.slug, values.attemptId ?? '');
		if (!state) return fail(404, { stepId: values.stepId ?? '', message: NOT_FOUND });
		const step = state.steps.find((s) => s.id === values.stepId);
		if (!step || !isQuestion(step)) return fail(400, { stepId: values.stepId ?? '', message: messageFor('learning.not_a_question', 'invalid') });
		const response = responseFromForm(step, values);
		if (!response) {
			const message = step.kind === 'order' ? 'Donne une place différente à chaque élément avant de valider.' : 'Choisis une réponse avant de valider.';
			return fail(400, { stepId: step.id, message });
		}
		const answerId = UUID.test(values.answerId ?? '') ? values.answerId! : randomUUID();
		const result = await recordAnswers(app, viewer, {
			attempts: [
				{
					id: state.attempt.id,
					moduleId: state.module.id,
					versionId: state.version.id,
					kind: state.attempt.kind,
					...(state.attempt.kind === 'review' ? { plan: state.steps.map((s) => s.id) } : {}),
					answers: [{ id: answerId, stepId: step.id, response }]
				}
			]
		});
		const outcome = result.answers[0];
		if (!outcome || outcome.status === 'rejected') {
			return fail(400, { stepId: step.id, message: messageFor(outcome?.code ?? 'learning.invalid_response', 'invalid') });
		}
		if (actor?.role === 'youth' && !outcome.duplicate) await touchYouthActivity(app, actor.userId);
		// The page shows the recorded answer (load reads it back) with its feedback.
		return { stepId: step.id, message: '' };
	}
};
