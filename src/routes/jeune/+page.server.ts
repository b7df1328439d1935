import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getYouthHome } from '$lib/server/modules/accounts';
import { nextAppointmentOf } from '$lib/server/modules/appointments';
import { getMyNextSteps } from '$lib/server/modules/follow-up';
import { getLearnerSummary } from '$lib/server/modules/learning';
import { listMyPasskeys } from '$lib/server/modules/passkeys';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const app = await getApp();
	const home = await getYouthHome(app.db, locals.actor, app.now());
	if (!home) error(404, "Ton espace n'est pas encore prêt. Demande à ton conseiller.");
	const [passkeys, learning] = await Promise.all([listMyPasskeys(app, locals.actor), getLearnerSummary(app, { actor: locals.actor, guestId: null })]);
	// « Mes prochaines étapes »: the plan only (the journal of the accompaniment is never loaded here).
	const nextSteps = await getMyNextSteps(app.db, locals.actor);
	const nextAppointment = locals.actor ? await nextAppointmentOf(app.db, locals.actor, app.now()) : null;
	return { home, hasPasskey: passkeys.length > 0, learning, nextSteps, nextAppointment };
};
