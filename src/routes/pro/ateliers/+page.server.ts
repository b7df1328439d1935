import { error } from '@sveltejs/kit';
import { dateTimeInWords } from '$lib/appointments/time';
import { getApp } from '$lib/server/app';
import { listWorkshopsForStaff, WORKSHOP_MODE_LABELS } from '$lib/server/modules/workshops';
import { isStaff, requireActor } from '$lib/server/platform/access';
import type { PageServerLoad } from './$types';

const NOTICES: Record<string, string> = {
	supprime: 'L’atelier a été supprimé.'
};

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	if (!isStaff(actor)) error(403, 'Les ateliers sont réservés aux équipes des Missions Locales.');
	const app = await getApp();
	const list = await listWorkshopsForStaff(app, actor);
	return {
		notice: NOTICES[url.searchParams.get('ok') ?? ''] ?? null,
		workshops: list.map((w) => ({
			id: w.id,
			title: w.title,
			when: dateTimeInWords(w.startsAt),
			mode: WORKSHOP_MODE_LABELS[w.mode],
			phase: w.phase,
			phaseLabel: w.phaseLabel,
			live: w.live,
			questionCount: w.questionCount,
			invitedCount: w.invitedCount,
			playerCount: w.playerCount
		}))
	};
};
