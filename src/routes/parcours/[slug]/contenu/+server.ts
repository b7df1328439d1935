import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createLearningRepository, getVersionContent, readGuestId } from '$lib/server/modules/learning';
import type { RequestHandler } from './$types';

/**
 * A version's full content, for the player (it judges answers on the device and plays offline).
 * Only versions of a module the viewer may play. A version never changes: its id is its ETag.
 */
export const GET: RequestHandler = async ({ params, url, locals, cookies, request }) => {
	const app = await getApp();
	const viewer = { actor: locals.actor, guestId: readGuestId(cookies) };
	const versionId = url.searchParams.get('version') ?? '';
	const module = await createLearningRepository({ db: app.db, viewer }).findPublishedBySlug(params.slug);
	const found = module ? await getVersionContent(app, viewer, { moduleId: module.id, versionId }) : null;
	if (!found) {
		return json({ code: 'learning.module_not_found', message: 'Ce parcours n’existe pas ou n’est pas disponible pour toi.' }, { status: 404 });
	}
	const headers = { 'cache-control': 'private, max-age=0', etag: `"${found.versionId}"` };
	if (request.headers.get('if-none-match') === headers.etag) return new Response(null, { status: 304, headers });
	return json({ moduleId: found.moduleId, versionId: found.versionId, number: found.number, content: found.content }, { headers });
};
