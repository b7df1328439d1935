import { getApp } from '$lib/server/app';
import { getOwnCvPhoto } from '$lib/server/modules/cv';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { textResponse } from '../download';
import type { RequestHandler } from './$types';

/**
 * The photo of the youth's own CV (a JPEG re-encoded at upload). The page asks for it with
 * `?v=<time of the upload>`, so the browser may keep it: a new photo has a new address.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const app = await getApp();
	try {
		const photo = await getOwnCvPhoto(app, locals.actor, params.id);
		if (!photo) return textResponse(404, 'Ce CV n’a pas de photo.');
		return new Response(photo.bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': 'image/jpeg',
				'content-length': String(photo.bytes.byteLength),
				'cache-control': 'private, max-age=86400',
				'x-content-type-options': 'nosniff',
				'content-security-policy': "default-src 'none'; sandbox"
			}
		});
	} catch (e) {
		if (isDomainError(e) && (e.kind === 'not_found' || e.kind === 'forbidden')) return textResponse(404, "Ce CV n'existe pas ou n'est pas à toi.");
		throw e;
	}
};
