import { getApp } from '$lib/server/app';
import { createAccountsRepository, youthListQuery } from '$lib/server/modules/accounts';
import { requireActor } from '$lib/server/platform/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const isStaff = actor.role === 'counselor' || actor.role === 'structure_manager';
	const query = youthListQuery.parse({
		filtre: url.searchParams.get('filtre') ?? (actor.role === 'counselor' ? 'mine' : 'all'),
		q: url.searchParams.get('q') ?? ''
	});
	if (!isStaff) return { isStaff, role: actor.role, filter: query.filtre, search: query.q, youth: [], counts: null };
	const repo = createAccountsRepository({ db: app.db, actor, now: app.now });
	const [youth, counts] = await Promise.all([repo.listYouth({ filter: query.filtre, search: query.q }), repo.countYouth()]);
	return { isStaff, role: actor.role, filter: query.filtre, search: query.q, youth, counts };
};
