import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createAccountsRepository } from '$lib/server/modules/accounts';
import { getYouthDiagnostics, LEVEL_LABELS } from '$lib/server/modules/diagnostic';
import { isStaff, requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { PageServerLoad } from './$types';

/** A youth's digital-skills diagnostics over time, for the staff of their Mission Locale. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	if (!isStaff(actor)) error(404, 'Ce jeune n’existe pas ou n’est pas suivi par votre Mission Locale.');
	let diagnostics;
	try {
		diagnostics = await getYouthDiagnostics(app, actor, params.id);
	} catch (e) {
		if (isDomainError(e) && (e.kind === 'not_found' || e.kind === 'forbidden')) error(404, e.message);
		throw e;
	}
	const file = await createAccountsRepository({ db: app.db, actor, now: app.now }).getYouthFile(params.id);
	return {
		youth: { id: params.id, name: file ? `${file.firstName} ${file.lastName}`.trim() : '' },
		diagnostics,
		levelLabels: Object.fromEntries(Object.entries(LEVEL_LABELS).map(([k, v]) => [k, v.pro])) as Record<string, string>
	};
};
