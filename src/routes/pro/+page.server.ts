import { getApp } from '$lib/server/app';
import { youthListQuery } from '$lib/server/modules/accounts';
import { getCaseload } from '$lib/server/modules/follow-up';
import { findActiveStructure } from '$lib/server/modules/structures';
import { requireActor } from '$lib/server/platform/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const query = youthListQuery.parse({
		filtre: url.searchParams.get('filtre') ?? (actor.role === 'counselor' ? 'mine' : 'all'),
		tri: url.searchParams.get('tri') ?? 'contact',
		q: url.searchParams.get('q') ?? ''
	});
	const caseload = await getCaseload(app, actor, { filter: query.filtre, sort: query.tri, search: query.q });
	return {
		isStaff: caseload !== null,
		role: actor.role,
		filter: query.filtre,
		sort: query.tri,
		search: query.q,
		youth: caseload?.items ?? [],
		counts: caseload?.counts ?? null,
		recontactAfterDays: caseload?.recontactAfterDays ?? 30,
		now: app.now(),
		/** Set after a transfer (the file is no longer ours): the new Mission Locale's name. */
		transferredTo: (await findActiveStructure(app.db, url.searchParams.get('transfere') ?? ''))?.name ?? null
	};
};
