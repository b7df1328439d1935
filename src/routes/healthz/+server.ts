import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const app = await getApp();
	const body = { database: app.database.kind, version: app.config.version };
	try {
		await app.database.ping(2000);
		return json({ status: 'ok', ...body }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable', ...body }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
