import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { changeReferent, createAccountsRepository } from '$lib/server/modules/accounts';
import { getYouthLearningProgress } from '$lib/server/modules/learning';
import { requireActor } from '$lib/server/platform/access';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const repo = createAccountsRepository({ db: app.db, actor, now: app.now });
	const file = await repo.getYouthFile(params.id);
	// Unknown and out-of-scope youth look the same: nothing reveals that the id exists.
	if (!file || actor.role === 'youth') error(404, "Ce jeune n'existe pas ou n'est pas suivi par votre Mission Locale.");
	const counselors = await repo.listStructureCounselors();
	// "Parcours": the youth's learning progress (null outside the youth's Mission Locale).
	const learning = await getYouthLearningProgress(app, actor, params.id);
	return { file, counselors, learning };
};

export const actions: Actions = {
	referent: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await changeReferent(app, locals.actor, {
				youthId: params.id,
				counselorId: values.counselorId ?? '',
				reason: values.reason
			});
			return { referentChanged: true };
		});
	}
};
