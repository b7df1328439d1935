import { getApp } from '$lib/server/app';
import { listConversationsForStaff } from '$lib/server/modules/messaging';
import { requireActor } from '$lib/server/platform/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const filter = url.searchParams.get('filtre') === 'tous' ? 'all' : 'mine';
	const conversations = await listConversationsForStaff(app, actor, { filter });
	return { conversations, filter, now: app.now() };
};
