import { getApp } from '$lib/server/app';
import { getAttachment } from '$lib/server/modules/messaging';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RequestHandler } from './$types';

/** `filename*` (RFC 5987/6266) plus a plain ASCII fallback. */
function disposition(kind: 'inline' | 'attachment', fileName: string): string {
	const ascii = fileName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\;]/g, '') || 'fichier';
	const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * An attachment's bytes, for the conversation's participants only; anyone else (and anonymous,
 * unknown or forged ids) gets the same 404. The response can run nothing (`sandbox` CSP) and is
 * never sniffed into another type.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const app = await getApp();
	try {
		const file = await getAttachment(app, locals.actor, params.id);
		return new Response(new Uint8Array(file.data), {
			headers: {
				'content-type': file.contentType,
				'content-length': String(file.data.byteLength),
				'x-content-type-options': 'nosniff',
				'cache-control': 'private, max-age=3600',
				'content-security-policy': "default-src 'none'; sandbox",
				'content-disposition': disposition(file.kind === 'pdf' ? 'attachment' : 'inline', file.fileName)
			}
		});
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') {
			return new Response("Ce fichier n'existe pas ou n'est plus accessible.", {
				status: 404,
				headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
			});
		}
		throw e;
	}
};
