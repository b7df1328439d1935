import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createAccountsRepository } from '$lib/server/modules/accounts';
import { confirmAsStaff, getProfileForStaff } from '$lib/server/modules/soft-skills';
import { requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

/** A youth's soft-skills profile for the staff of their Mission Locale; staff confirm a skill as themselves. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	let profile;
	try {
		profile = await getProfileForStaff(app, actor, params.id);
	} catch (e) {
		if (isDomainError(e) && (e.kind === 'not_found' || e.kind === 'forbidden')) error(404, 'Ce ou cette jeune n’existe pas ou n’est pas suivi·e par votre Mission Locale.');
		throw e;
	}
	const file = await createAccountsRepository({ db: app.db, actor, now: app.now }).getYouthFile(params.id);
	return {
		youth: { id: params.id, firstName: file?.firstName ?? '', name: file ? `${file.firstName} ${file.lastName}`.trim() : '' },
		families: profile.families,
		skills: profile.skills,
		confirmedByMe: profile.confirmedByMe
	};
};

export const actions: Actions = {
	confirmer: async ({ request, locals, params }) =>
		handleForm(request, async (values) => {
			const app = await getApp();
			await confirmAsStaff(app, locals.actor, params.id, values.skill ?? '', { statement: values.statement });
			return { done: values.skill ?? '' };
		})
};
