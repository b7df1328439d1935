import { createHash } from 'node:crypto';
import { getApp } from '$lib/server/app';
import { sharedCvPdf } from '$lib/server/modules/cv';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RateLimitPolicy } from '$lib/server/platform/rate-limit';
import type { RequestHandler } from './$types';

const UNAVAILABLE = 'Ce CV n’est pas disponible : le lien est peut-être expiré ou a été retiré.';

const text = (status: number, body: string) =>
	new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' } });

/** `attachment` with a plain ASCII name and the exact UTF-8 name (RFC 6266 `filename*`). */
function attachment(fileName: string): string {
	const ascii =
		fileName
			.normalize('NFD')
			.replace(/[^\x20-\x7e]/g, '')
			.replace(/["\\;%]/g, '')
			.trim() || 'CV.pdf';
	const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Drawing a PDF costs CPU and anyone holding the link may ask: 20 per 10 minutes and per link, then a growing pause. */
const SHARED_PDF_POLICY: RateLimitPolicy = { freeFailures: 20, baseLockSeconds: 60, maxLockSeconds: 3600, windowSeconds: 600 };

/** The PDF of a shared CV (its template and photo). Does not count as a view. */
export const GET: RequestHandler = async ({ params }) => {
	const app = await getApp();
	const key = `cv:shared-pdf:${createHash('sha256').update(params.token).digest('base64url').slice(0, 32)}`;
	try {
		await app.rateLimiter.check([key]);
		const file = await sharedCvPdf(app, params.token);
		if (!file) return text(409, 'Ce CV n’est pas encore complet : il ne peut pas être téléchargé pour l’instant.');
		// Counted once the link proved valid: made-up tokens leave nothing behind.
		await app.rateLimiter.hit([key], SHARED_PDF_POLICY);
		return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				'content-type': 'application/pdf',
				'content-length': String(file.bytes.byteLength),
				'content-disposition': attachment(file.fileName),
				'cache-control': 'private, no-store',
				'content-security-policy': "default-src 'none'; sandbox"
			}
		});
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') return text(404, UNAVAILABLE);
		if (isDomainError(e) && e.kind === 'rate_limited') return text(429, 'Trop de téléchargements de ce CV : réessayez dans quelques minutes.');
		throw e;
	}
};
