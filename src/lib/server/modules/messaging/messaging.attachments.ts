import { constants as zlib, inflateRawSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { invalidAttachment } from './messaging.errors';
import type { AttachmentKind } from './messaging.schema';

/**
 * Attachments: one image or one PDF per message. The type comes from the content, never from the
 * name or the browser's word: images must decode with sharp and are re-encoded (auto-rotated, at
 * most 1600 px a side, every metadata block — EXIF, GPS, XMP, ICC, comments — dropped); a PDF must
 * start with `%PDF-`, end with `%%EOF` and contain no active content (see README).
 */

/** Largest accepted upload (the adapter-node body limit is set a little above: 12M). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Bytes a person may attach per hour (stored size, all conversations); tests may lower it. */
export const attachmentQuota = { bytesPerHour: 50 * 1024 * 1024 };
export const MAX_IMAGE_SIDE = 1600;
/** Decoding bombs: refuse images above ~50 megapixels before decoding them. */
const MAX_INPUT_PIXELS = 50_000_000;
/** Inflating the compressed streams of a PDF to look inside: never more than this in all. */
const MAX_PDF_INFLATED_BYTES = 64 * 1024 * 1024;
const ACCEPTED_IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif']);

export interface UploadedFile {
	bytes: Uint8Array;
	/** The name the device gave (only kept, sanitized, for display and download). */
	name: string;
}

export interface ProcessedAttachment {
	kind: AttachmentKind;
	contentType: 'image/jpeg' | 'image/webp' | 'application/pdf';
	data: Uint8Array;
	fileName: string;
	width: number | null;
	height: number | null;
}

/** A display name without path, control or bidi characters, at most 100 characters, with the right extension. */
export function sanitizeFileName(name: string, extension: string, fallback: string): string {
	const base = (name.split(/[\\/]/).pop() ?? '')
		.normalize('NFC')
		// eslint-disable-next-line no-control-regex -- removing control characters is the point
		.replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069"*:<>?|]/g, '')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/\.[A-Za-z0-9]{1,5}$/, '')
		.replace(/^\.+/, '')
		.slice(0, 100)
		.trim();
	return `${base || fallback}.${extension}`;
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
/** PDF names of active or embedded content; `#xx` escapes in names are decoded before looking. */
const PDF_ACTIVE = /\/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia)(?![A-Za-z0-9])/;

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
const decodeNameEscapes = (text: string) => text.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Why a PDF is refused, or null when it looks like a plain document. */
export function pdfProblem(bytes: Uint8Array): string | null {
	const text = latin1(bytes);
	if (!text.slice(Math.max(0, text.length - 2048)).includes('%%EOF')) return 'Ce PDF est incomplet ou abîmé.';
	const active = 'Ce PDF contient du contenu actif (script, lancement de programme ou fichier intégré) : il est refusé par sécurité.';
	if (PDF_ACTIVE.test(decodeNameEscapes(text))) return active;
	// Dictionaries may hide in compressed object streams: inflate the Flate streams and look again
	// (leniently, as PDF readers do: a truncated stream or one without zlib header is still read).
	let inflated = 0;
	const stream = /(?<!end)stream\r?\n/g;
	for (let match = stream.exec(text); match; match = stream.exec(text)) {
		const start = match.index + match[0].length;
		const end = text.indexOf('endstream', start);
		if (end < 0) break;
		stream.lastIndex = end + 'endstream'.length;
		// Images (often Flate, large once inflated) hold no dictionaries: skipped, unless the
		// dictionary also has the keys of an object stream (`/First`), whatever it claims to be.
		const dictionary = decodeNameEscapes(text.slice(Math.max(0, match.index - 4096), match.index));
		const own = dictionary.slice(dictionary.lastIndexOf(' obj') + 1);
		if (/\/Image(?![A-Za-z0-9])/.test(own) && !/\/First(?![A-Za-z0-9])/.test(own)) continue;
		const data = bytes.subarray(start, end);
		for (const inflate of [inflateSync, inflateRawSync]) {
			let out: Buffer;
			try {
				out = inflate(data, { maxOutputLength: MAX_PDF_INFLATED_BYTES - inflated, finishFlush: zlib.Z_SYNC_FLUSH });
			} catch (e) {
				if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'Ce PDF est trop complexe pour être vérifié.';
				continue; // not this kind of stream (images, fonts…): nothing to read in it
			}
			inflated += out.length;
			if (PDF_ACTIVE.test(decodeNameEscapes(out.toString('latin1')))) return active;
			break;
		}
	}
	return null;
}

async function processImage(file: UploadedFile): Promise<ProcessedAttachment> {
	const meta = await sharp(file.bytes, { limitInputPixels: MAX_INPUT_PIXELS })
		.metadata()
		.catch(() => {
			throw invalidAttachment('Ce fichier n’est ni une image (JPEG, PNG, WebP) ni un PDF, ou il est abîmé.');
		});
	const { format, hasAlpha } = meta;
	if (!format || !ACCEPTED_IMAGE_FORMATS.has(format)) {
		throw invalidAttachment('Ce format d’image n’est pas accepté : envoie une photo en JPEG, PNG ou WebP.');
	}
	try {
		const image = sharp(file.bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' })
			.rotate()
			.resize(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE, { fit: 'inside', withoutEnlargement: true });
		// No withMetadata()/keepMetadata(): sharp writes none of the input's metadata.
		const { data, info } = hasAlpha
			? await image.webp({ quality: 82 }).toBuffer({ resolveWithObject: true })
			: await image.jpeg({ quality: 82, mozjpeg: true }).toBuffer({ resolveWithObject: true });
		const webp = info.format === 'webp';
		return {
			kind: 'image',
			contentType: webp ? 'image/webp' : 'image/jpeg',
			data: new Uint8Array(data),
			fileName: sanitizeFileName(file.name, webp ? 'webp' : 'jpg', 'photo'),
			width: info.width,
			height: info.height
		};
	} catch {
		throw invalidAttachment('Cette image est abîmée ou incomplète : elle n’a pas pu être lue.');
	}
}

/** Checks and prepares an uploaded file; throws `messaging.invalid_attachment` with a French reason. */
export async function processAttachment(file: UploadedFile): Promise<ProcessedAttachment> {
	if (file.bytes.byteLength === 0) throw invalidAttachment('Le fichier est vide.');
	if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES) throw invalidAttachment('Le fichier est trop lourd : 10 Mo au plus.');
	if (PDF_MAGIC.every((b, i) => file.bytes[i] === b)) {
		const problem = pdfProblem(file.bytes);
		if (problem) throw invalidAttachment(problem);
		return {
			kind: 'pdf',
			contentType: 'application/pdf',
			data: file.bytes,
			fileName: sanitizeFileName(file.name, 'pdf', 'document'),
			width: null,
			height: null
		};
	}
	return processImage(file);
}
