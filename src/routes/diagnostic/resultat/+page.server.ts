import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getLatestResult, LEVEL_LABELS } from '$lib/server/modules/diagnostic';
import { readGuestId } from '$lib/server/modules/learning';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies }) => {
	const app = await getApp();
	const result = await getLatestResult(app, { actor: locals.actor, guestId: readGuestId(cookies) });
	if (!result) redirect(303, '/diagnostic');
	return {
		result,
		levelLabels: Object.fromEntries(Object.entries(LEVEL_LABELS).map(([k, v]) => [k, v.youth])) as Record<string, string>,
		isYouth: locals.actor?.role === 'youth',
		signedIn: locals.actor !== null
	};
};
