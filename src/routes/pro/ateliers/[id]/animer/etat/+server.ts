import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getPresenterSnapshot } from '$lib/server/modules/workshops';
import type { RequestHandler } from './$types';

/** The presenter's snapshot (PresenterSnapshot JSON), read again after a change of state or a join. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const app = await getApp();
	const snapshot = await getPresenterSnapshot(app, locals.actor, params.id);
	const headers = { 'cache-control': 'no-store' };
	if (!snapshot) return json({ code: 'workshops.not_found', message: 'Cet atelier est introuvable.' }, { status: 404, headers });
	return json(snapshot, { headers });
};
