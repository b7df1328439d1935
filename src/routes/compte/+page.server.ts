import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { findAccountById } from '$lib/server/modules/accounts';
import { getTotpStatus } from '$lib/server/modules/mfa';
import { requireActor } from '$lib/server/platform/access';
import { loadShell } from '$lib/server/platform/http/shell';
import { disablePush, enablePush, getDigestPreference, getPushSettings, sendTestPush, setDigestPreference } from '$lib/server/modules/messaging';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

/** Who can get the e-mail digest of unread messages: the youth and the staff of a structure. */
const DIGEST_ROLES = new Set(['youth', 'counselor', 'structure_manager']);

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const account = await findAccountById(app.db, actor.userId);
	if (!account) error(404, 'Ce compte n’existe plus.');
	const shell = await loadShell(app.db, actor, locals.session);
	const youth = actor.role === 'youth';
	const [mfa, devices] = await Promise.all([
		youth ? null : getTotpStatus(app, actor),
		app.sessions.listForUser(actor.userId)
	]);
	return {
		youth,
		role: actor.role,
		firstName: account.firstName,
		lastName: account.lastName,
		email: account.email,
		phone: account.phone,
		roleLabel: shell.roleLabel,
		placeName: shell.placeName,
		mfa: mfa && { state: mfa.state, required: mfa.required },
		deviceCount: devices.length,
		digest: DIGEST_ROLES.has(actor.role) ? await getDigestPreference(app, actor) : null,
		push: await getPushSettings(app, actor, locals.session?.id ?? null)
	};
};

export const actions: Actions = {
	/** The e-mail digest of unread messages: on or off (the checkbox is absent when unticked). */
	emailsMessages: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			const actor = requireActor(locals.actor);
			if (!DIGEST_ROLES.has(actor.role)) return { digestSaved: false };
			await setDigestPreference(app, actor, values.digest === 'on');
			return { digestSaved: true };
		});
	},
	/** Notifications on this device: the subscription its browser made (posted by the page's script). */
	notificationsActiver: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await enablePush(app, locals.actor, locals.session?.id ?? null, {
				endpoint: values.endpoint ?? '',
				p256dh: values.p256dh ?? '',
				auth: values.auth ?? ''
			});
			return { push: 'on' as const };
		});
	},
	notificationsCouper: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await disablePush(app, locals.actor, values.endpoint ?? '');
			return { push: 'off' as const };
		});
	},
	notificationsEssai: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async () => ({ pushTested: await sendTestPush(app, locals.actor, locals.session?.id ?? null) }));
	}
};
