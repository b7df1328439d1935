import { getApp } from '$lib/server/app';
import { sharedCvPhotoForStaff } from '$lib/server/modules/cv';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RequestHandler } from './$types';

const notFound = () =>
	new Response('Photo introuvable.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' } });

/** The photo of a CV shared with the actor's Mission Locale. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const app = await getApp();
	try {
		const photo = await sharedCvPhotoForStaff(app, locals.actor, params.id, params.cvId);
		if (!photo) return notFound();
		return new Response(photo.bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': 'image/jpeg',
				'content-length': String(photo.bytes.byteLength),
				'cache-control': 'private, no-store',
				'content-security-policy': "default-src 'none'; sandbox"
			}
		});
	} catch (e) {
		if (isDomainError(e) && (e.kind === 'not_found' || e.kind === 'forbidden')) return notFound();
		throw e;
	}
};
