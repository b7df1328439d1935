import { getApp } from '$lib/server/app';
import { listYouthAppointments } from '$lib/server/modules/appointments';
import { listWorkshopsForYouth } from '$lib/server/modules/workshops';
import { requireActor } from '$lib/server/platform/access';
import type { PageServerLoad } from './$types';

const NOTICES: Record<string, string> = {
	reserve: 'C’est noté : ton rendez-vous est réservé.',
	deplace: 'C’est noté : ton rendez-vous a changé de créneau.',
	annule: 'Ton rendez-vous est annulé. Tu peux en reprendre un quand tu veux.'
};

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const [{ upcoming, past }, workshops] = await Promise.all([listYouthAppointments(app.db, actor, app.now()), listWorkshopsForYouth(app, actor)]);
	return { upcoming, past, workshops, notice: NOTICES[url.searchParams.get('ok') ?? ''] ?? null };
};
