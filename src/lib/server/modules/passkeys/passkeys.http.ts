import { json } from '@sveltejs/kit';
import { DomainError, isDomainError } from '$lib/server/platform/errors/errors';

const MAX_BODY = 32_768;

/**
 * Reads the JSON body of a WebAuthn endpoint. Only `application/json` is accepted: a cross-site
 * HTML form cannot send it without a CORS preflight (the hooks also refuse cross-site POSTs).
 */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/json\s*(;|$)/i.test(type)) {
		throw new DomainError('passkeys.json_required', 'invalid', { message: 'Requête refusée : JSON attendu.' });
	}
	const text = await request.text();
	if (text.length > MAX_BODY) throw new DomainError('validation.invalid', 'invalid');
	if (text.trim() === '') return {};
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
	} catch {
		throw new DomainError('validation.invalid', 'invalid');
	}
}

/** A domain error as a JSON answer `{ code, message }`, with the right status; anything else is rethrown. */
export function jsonError(error: unknown): Response {
	if (!isDomainError(error)) throw error;
	const headers: Record<string, string> = { 'cache-control': 'no-store' };
	if (error.kind === 'invalid' && error.code === 'passkeys.json_required') {
		return json({ code: error.code, message: error.message }, { status: 415, headers });
	}
	if (error.retryAfterSeconds) headers['retry-after'] = String(error.retryAfterSeconds);
	return json({ code: error.code, message: error.message }, { status: error.status, headers });
}
