import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { findAccountById } from '$lib/server/modules/accounts';
import { getTotpStatus } from '$lib/server/modules/mfa';
import { requireActor } from '$lib/server/platform/access';
import { loadShell } from '$lib/server/platform/http/shell';
import type { PageServerLoad } from './$types';

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
		deviceCount: devices.length
	};
};
