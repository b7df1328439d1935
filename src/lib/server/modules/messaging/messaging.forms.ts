import { DomainError } from '$lib/server/platform/errors/errors';
import { unreadableBody } from '$lib/server/platform/http/forms';
import { MAX_ATTACHMENT_BYTES, type UploadedFile } from './messaging.attachments';
import { invalidAttachment } from './messaging.errors';

/** The field of the message forms that carries the attachment. */
export const ATTACHMENT_FIELD = 'file';
const MAX_FIELD_LENGTH = 10_000;

/**
 * Reads a message form (plain or `multipart/form-data`) once: its text fields with the rules of
 * `platform/http/forms` `readForm` (length, NUL), and the attached file if one was chosen (an
 * empty file field means none). Too big a file is not copied: `problem` says why.
 */
export async function readMessageForm(
	request: Request
): Promise<{ values: Record<string, string>; file: UploadedFile | null; problem: DomainError | null }> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch (error) {
		// Over BODY_SIZE_LIMIT nothing of the form was read, the text neither: the field says both.
		throw unreadableBody(error, { [ATTACHMENT_FIELD]: 'Fichier trop lourd (10 Mo au plus) : le message n’est pas parti, texte compris.' });
	}
	const values: Record<string, string> = {};
	let file: File | null = null;
	for (const [key, value] of data.entries()) {
		if (typeof value !== 'string') {
			if (key === ATTACHMENT_FIELD && !file && (value.size > 0 || value.name)) file = value;
			continue;
		}
		if (value.length > MAX_FIELD_LENGTH) {
			throw new DomainError('validation.invalid', 'invalid', { fields: { [key]: 'Ce texte est beaucoup trop long.' } });
		}
		if (value.includes('\u0000')) {
			throw new DomainError('validation.invalid', 'invalid', { fields: { [key]: 'Ce texte contient un caractère invalide.' } });
		}
		values[key] = value;
	}
	if (!file) return { values, file: null, problem: null };
	// Returned rather than thrown, so that the page can keep the text that was written.
	if (file.size > MAX_ATTACHMENT_BYTES) return { values, file: null, problem: invalidAttachment('Le fichier est trop lourd : 10 Mo au plus.') };
	return { values, file: { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }, problem: null };
}
