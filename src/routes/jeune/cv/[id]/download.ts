import { getApp } from '$lib/server/app';
import { downloadCv, type CvDownloadFormat } from '$lib/server/modules/cv';
import { isDomainError } from '$lib/server/platform/errors/errors';

/** `attachment` with a plain ASCII name (accents dropped) and the exact UTF-8 name (RFC 6266 `filename*`). */
export function attachment(fileName: string): string {
	const ascii =
		fileName
			.normalize('NFD')
			.replace(/[^\x20-\x7e]/g, '')
			.replace(/["\\;%]/g, '')
			.trim() || 'CV';
	const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const PRIVATE = { 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' };

/** A plain-text answer with a status: 404 for someone else's CV, 409 for a CV not ready yet. */
export function textResponse(status: number, text: string): Response {
	return new Response(text, { status, headers: { ...PRIVATE, 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * The youth's own CV as a file, never cached (it changes, and it is personal). Another youth's CV,
 * an unknown id and a professional all get the same 404; a CV still missing its first name or
 * title says so (409).
 */
export async function downloadResponse(actor: App.Locals['actor'], cvId: string, format: CvDownloadFormat): Promise<Response> {
	const app = await getApp();
	try {
		const file = await downloadCv(app, actor, cvId, format);
		return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
			headers: {
				...PRIVATE,
				'content-type': file.contentType,
				'content-length': String(file.bytes.byteLength),
				'content-disposition': attachment(file.fileName),
				'content-security-policy': "default-src 'none'; sandbox"
			}
		});
	} catch (e) {
		if (isDomainError(e) && (e.kind === 'not_found' || e.kind === 'forbidden')) return textResponse(404, "Ce CV n'existe pas ou n'est pas à toi.");
		if (isDomainError(e) && e.code === 'cv.not_ready') return textResponse(409, e.message);
		throw e;
	}
}
