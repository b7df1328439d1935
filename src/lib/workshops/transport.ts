/**
 * What the live workshop routes read from requests: the player's cookie, the answer body (JSON
 * with JavaScript, a plain form without). Pure Web APIs, no server import: tested on its own.
 */
import type { PlayerQuestion } from './live';

/** `__Host-` prefix: secure, path /, no domain — the browser enforces it. */
export const PLAYER_COOKIE = '__Host-tremplin_atelier';
/** The cookie lasts a long session day. */
export const PLAYER_COOKIE_MAX_AGE = 12 * 60 * 60;
/** Largest answer body accepted (an order question of 20 items stays far below). */
export const MAX_ANSWER_BYTES = 4096;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET = /^[A-Za-z0-9_~+/=-]{8,200}$/;

export const playerCookieValue = (workshopId: string, secret: string) => `${workshopId}.${secret}`;

/** `<workshopId>.<secret>` → its parts, or null when absent, malformed, or for another workshop. */
export function readPlayerCookie(value: string | undefined | null, workshopId?: string): { workshopId: string; secret: string } | null {
	if (!value) return null;
	const dot = value.indexOf('.');
	if (dot < 0) return null;
	const id = value.slice(0, dot).toLowerCase();
	const secret = value.slice(dot + 1);
	if (!UUID.test(id) || !SECRET.test(secret)) return null;
	if (workshopId !== undefined && id !== workshopId.toLowerCase()) return null;
	return { workshopId: id, secret };
}

export type AnswerBodyError = 'too_large' | 'invalid';

export class AnswerBodyProblem extends Error {
	constructor(readonly reason: AnswerBodyError) {
		super(reason === 'too_large' ? 'Réponse trop volumineuse.' : 'Réponse illisible.');
	}
}

/**
 * Reads `{ index, response }` from a JSON body of at most `limit` bytes (declared length and
 * actual bytes both checked). The response itself is judged by the server's use case.
 */
export async function readAnswerBody(request: Request, limit = MAX_ANSWER_BYTES): Promise<{ index: number; response: unknown }> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (Number.isFinite(declared) && declared > limit) throw new AnswerBodyProblem('too_large');
	const chunks: Uint8Array[] = [];
	let size = 0;
	if (request.body) {
		const reader = request.body.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > limit) {
				await reader.cancel().catch(() => {});
				throw new AnswerBodyProblem('too_large');
			}
			chunks.push(value);
		}
	}
	const bytes = new Uint8Array(size);
	let at = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, at);
		at += chunk.byteLength;
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		throw new AnswerBodyProblem('invalid');
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AnswerBodyProblem('invalid');
	const { index, response } = parsed as Record<string, unknown>;
	if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 1000) throw new AnswerBodyProblem('invalid');
	if (response === undefined || response === null || typeof response !== 'object') throw new AnswerBodyProblem('invalid');
	return { index, response };
}

/**
 * The response of a plain form (no JavaScript), by question kind:
 * single/situation `choice`; multiple `choices` (checkboxes); true_false `value` = vrai|faux;
 * order `position-<itemId>` = 1…n (the items sorted by the positions given, ties in shown order).
 * Returns null when nothing usable was sent.
 */
export function responseFromForm(question: PlayerQuestion, form: FormData): unknown {
	const text = (key: string) => {
		const value = form.get(key);
		return typeof value === 'string' ? value : null;
	};
	switch (question.kind) {
		case 'single':
		case 'situation': {
			const choice = text('choice');
			return choice ? { choice } : null;
		}
		case 'multiple': {
			const choices = form.getAll('choices').filter((v): v is string => typeof v === 'string');
			return choices.length > 0 ? { choices } : null;
		}
		case 'true_false': {
			const value = text('value');
			return value === 'vrai' ? { value: true } : value === 'faux' ? { value: false } : null;
		}
		case 'order': {
			const ranked = question.items.map((item, shown) => {
				const position = Number.parseInt(text(`position-${item.id}`) ?? '', 10);
				return { id: item.id, shown, position: Number.isFinite(position) ? position : Number.MAX_SAFE_INTEGER };
			});
			ranked.sort((a, b) => a.position - b.position || a.shown - b.shown);
			return { order: ranked.map((r) => r.id) };
		}
	}
}
