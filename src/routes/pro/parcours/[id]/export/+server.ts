import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { exportModule } from '$lib/server/modules/learning';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RequestHandler } from './$types';

/** The module as a JSON file (docs/learning-module-format.md): the draft, or `?version=n`. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const app = await getApp();
	const raw = url.searchParams.get('version');
	const version = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : undefined;
	if (raw && version === undefined) error(404, 'Cette version du parcours n’existe pas.');
	try {
		const file = await exportModule(app, locals.actor, params.id, { version });
		return new Response(file.json, {
			headers: {
				'content-type': 'application/json; charset=utf-8',
				'content-disposition': `attachment; filename="${file.filename}"`,
				'cache-control': 'private, no-store'
			}
		});
	} catch (e) {
		if (isDomainError(e)) error(e.kind === 'forbidden' ? 404 : e.status, e.kind === 'forbidden' ? 'Ce parcours n’existe pas ou vous n’y avez pas accès.' : e.message);
		throw e;
	}
};
