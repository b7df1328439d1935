import { getApp } from '$lib/server/app';
import { badgePng, getPublicBadge } from '$lib/server/modules/badges';
import type { RequestHandler } from './$types';

/** The badge's picture (the `image` of its achievement), without the credential baked in. */
export const GET: RequestHandler = async ({ params }) => {
	const app = await getApp();
	const badge = await getPublicBadge(app, params.id);
	if (!badge) return new Response('Badge introuvable.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	const png = await badgePng({ kind: badge.kind, title: badge.name, issuer: badge.issuerName });
	return new Response(png as Uint8Array<ArrayBuffer>, {
		headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400', 'x-robots-tag': 'noindex', 'x-content-type-options': 'nosniff' }
	});
};
