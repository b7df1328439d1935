import { getApp } from '$lib/server/app';
import { getAdminOverview } from '$lib/server/modules/structures';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const app = await getApp();
	const structures = await getAdminOverview(app.db, locals.actor!);
	const networks = new Map<string, typeof structures>();
	for (const s of structures) networks.set(s.networkName, [...(networks.get(s.networkName) ?? []), s]);
	return {
		role: locals.actor!.role,
		networks: [...networks.entries()].map(([name, list]) => ({ name, structures: list })),
		totals: {
			structures: structures.length,
			sites: structures.reduce((n, s) => n + s.sites, 0),
			staff: structures.reduce((n, s) => n + s.staff, 0),
			youth: structures.reduce((n, s) => n + s.youth, 0)
		}
	};
};
