import { z } from 'zod';

export const MAX_BODY_LENGTH = 4000;
export const MAX_GROUP_SIZE = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Control characters other than line feed and tab (carriage returns are normalised away first). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point of this pattern
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The text of a message: trimmed, line breaks normalised, 1 to 4000 characters, no control characters. */
export const messageBody = z
	.string({ error: 'Écrivez un message.' })
	.transform((s) => s.replace(/\r\n?/g, '\n').trim())
	.pipe(
		z
			.string()
			.min(1, { error: 'Le message est vide.' })
			.max(MAX_BODY_LENGTH, { error: `Le message est trop long (${MAX_BODY_LENGTH} caractères au plus).` })
			.refine((s) => !CONTROL.test(s), { error: 'Le message contient des caractères non autorisés.' })
	);

/** The text beside an attachment: may be empty, otherwise the same rules as `messageBody`. */
export const captionBody = z
	.string()
	.optional()
	.transform((s) => (s ?? '').replace(/\r\n?/g, '\n').trim())
	.pipe(
		z
			.string()
			.max(MAX_BODY_LENGTH, { error: `Le message est trop long (${MAX_BODY_LENGTH} caractères au plus).` })
			.refine((s) => !CONTROL.test(s), { error: 'Le message contient des caractères non autorisés.' })
	);

export const clientMessageId = z
	.string({ error: 'Identifiant de message manquant.' })
	.trim()
	.toLowerCase()
	.refine(isUuid, { error: 'Identifiant de message invalide.' });

export const sendMessageInput = z.object({
	conversationId: z.string(),
	clientId: clientMessageId,
	body: messageBody
});

export const sendWithAttachmentInput = z.object({
	conversationId: z.string(),
	clientId: clientMessageId,
	body: captionBody
});

export const groupMessageInput = z.object({
	youthIds: z
		.array(z.string().trim().toLowerCase().refine(isUuid, { error: 'Une des personnes choisies est inconnue.' }))
		.min(1, { error: 'Choisissez au moins une personne.' })
		.max(MAX_GROUP_SIZE, { error: `Pas plus de ${MAX_GROUP_SIZE} personnes à la fois.` }),
	clientId: clientMessageId,
	body: messageBody
});

/** Field name → first French message, for forms. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? 'form');
		if (!(key in fields)) fields[key] = issue.message;
	}
	return fields;
}
