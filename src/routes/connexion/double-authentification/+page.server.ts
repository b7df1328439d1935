import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { safeRedirect } from '$lib/server/modules/authentication';
import { hasConfirmedTotp, passSecondFactor } from '$lib/server/modules/mfa';
import type { Actor } from '$lib/server/platform/access';
import { handleForm } from '$lib/server/platform/http/forms';
import { homeFor } from '$lib/server/platform/http/guards';
import type { Actions, PageServerLoad } from './$types';

const CHALLENGE = '/connexion/double-authentification';

/** Where to go once the second factor is passed: the asked same-site page, else the role's home. */
function destination(url: URL, actor: Actor): string {
	const target = safeRedirect(url.searchParams.get('redirection'));
	return target && !target.startsWith(CHALLENGE) ? target : homeFor(actor);
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { actor, session } = locals;
	if (!actor || !session) redirect(303, '/connexion');
	if (session.mfaSatisfied) redirect(303, destination(url, actor));
	const app = await getApp();
	// The second factor was removed since this sign-in began: nothing left to ask.
	if (!(await hasConfirmedTotp(app.db, actor.userId))) {
		await app.sessions.markMfaSatisfied(session.id);
		redirect(303, destination(url, actor));
	}
	return { firstName: session.firstName };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const { actor, session } = locals;
		if (!actor || !session) redirect(303, '/connexion');
		const app = await getApp();
		return handleForm(request, async (values) => {
			const { method, recoveryCodesLeft } = await passSecondFactor(app, actor, session.id, values);
			// Few recovery codes left: say so on the second-factor settings page.
			if (method === 'recovery' && recoveryCodesLeft <= 3) redirect(303, `/compte/double-authentification?secours=${recoveryCodesLeft}`);
			redirect(303, destination(url, actor));
		});
	}
};
