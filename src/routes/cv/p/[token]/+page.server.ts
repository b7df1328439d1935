import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { fullName } from '$lib/cv/labels';
import { isLinkPreview, openSharedCv, readSharedCv } from '$lib/server/modules/cv';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { PageServerLoad } from './$types';

/**
 * A CV opened by its share link, without signing in. Each request of this page counts one view
 * (not the PDF nor the photo, nor the fetch of a messaging app drawing the link's preview). Unknown, expired and revoked links get the same 404 page. The
 * headers that keep it out of search engines, caches and referrers are set in `hooks.server.ts`
 * for every `/cv/p/…` address (errors included).
 */
export const load: PageServerLoad = async ({ params, request }) => {
	const app = await getApp();
	try {
		// A messaging app drawing the link's preview is not a reader: it does not count.
		const shared = isLinkPreview(request.headers.get('user-agent')) ? await readSharedCv(app, params.token) : await openSharedCv(app, params.token);
		return {
			token: params.token,
			draft: shared.draft,
			template: shared.template,
			name: fullName(shared.draft.contact),
			hasPhoto: shared.hasPhoto,
			canDownload: !!shared.content
		};
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') error(404, e.message);
		throw e;
	}
};
