import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { loadShell } from '$lib/server/platform/http/shell';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const actor = locals.actor;
	// The hook already keeps others out; this is the second lock.
	if (!actor || !['structure_manager', 'network_referent', 'platform_admin'].includes(actor.role)) error(404, "Cette page n'existe pas.");
	const app = await getApp();
	return {
		// The professional shell (same header and navigation as /pro).
		shell: await loadShell(app.db, actor, locals.session),
		adminRole: actor.role,
		showOutbox: actor.role === 'platform_admin' && app.config.demo,
		personName: locals.session ? `${locals.session.firstName} ${locals.session.lastName}`.trim() : ''
	};
};
