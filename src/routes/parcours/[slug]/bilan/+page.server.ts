import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createLearningRepository, getCatalogue, getPlayState, readGuestId } from '$lib/server/modules/learning';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals, cookies }) => {
	const app = await getApp();
	const viewer = { actor: locals.actor, guestId: readGuestId(cookies) };
	const attemptId = url.searchParams.get('partie') ?? '';
	const state = await getPlayState(app, viewer, params.slug, attemptId);
	if (!state) error(404, 'Cette partie n’existe pas ou n’est pas la tienne. Recommence le parcours depuis sa page.');
	const [catalogue, attempt] = await Promise.all([getCatalogue(app, viewer), createLearningRepository({ db: app.db, viewer }).findAttempt(state.attempt.id)]);
	const progress = catalogue.modules.find((m) => m.id === state.module.id)?.progress ?? null;
	const badgeAt = progress?.badgeEarnedAt?.getTime() ?? null;
	return {
		module: { slug: state.module.slug, title: state.module.title, emoji: state.module.emoji },
		attempt: {
			id: state.attempt.id,
			kind: state.attempt.kind,
			completed: state.attempt.completed,
			answered: state.attempt.answeredCount,
			correct: state.attempt.correctCount,
			questions: state.attempt.questionCount
		},
		badge: badgeAt !== null,
		/** This play-through earned the badge (the module's first completion). */
		newBadge: badgeAt !== null && attempt?.completedAt?.getTime() === badgeAt,
		summary: catalogue.summary,
		due: progress?.due.length ?? 0,
		guest: !locals.actor,
		self: url.pathname + url.search
	};
};
