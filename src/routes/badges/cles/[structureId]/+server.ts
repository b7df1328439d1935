import { getApp } from '$lib/server/app';
import { getKeyDocument, publicOrigin } from '$lib/server/modules/badges';
import type { RequestHandler } from './$types';

/**
 * The controller document of a Mission Locale's badge key (JSON-LD): its Ed25519 public key as a
 * Multikey (`#cle-ed25519`), authorised to sign credentials (`assertionMethod`). It is also the
 * issuer id written in the badges.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const app = await getApp();
	const doc = await getKeyDocument(app, publicOrigin(app.config.publicUrl, url), params.structureId);
	if (!doc) return new Response('Clé introuvable.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	return new Response(JSON.stringify(doc, null, 2), {
		headers: { 'content-type': 'application/ld+json; charset=utf-8', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' }
	});
};
