import { getApp } from '$lib/server/app';
import { loadShell } from '$lib/server/platform/http/shell';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const app = await getApp();
	return { shell: await loadShell(app.db, locals.actor, locals.session) };
};
