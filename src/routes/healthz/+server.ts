import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { checkHealth } from '$lib/server/platform/health/health';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const app = await getApp();
	const { httpStatus, body } = await checkHealth(app.database, app.config.version);
	return json(body, { status: httpStatus, headers: { 'cache-control': 'no-store' } });
};
