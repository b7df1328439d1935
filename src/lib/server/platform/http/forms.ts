import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { DomainError, isDomainError } from '../errors/errors';

/** What a failed form action returns to its page: a code, a French message, field errors and the values to refill. */
export interface FormFailure {
	code: string;
	message: string;
	fields: Record<string, string>;
	values: Record<string, string>;
}

const MAX_FIELD_LENGTH = 10_000;

/** True for the error a request body over `BODY_SIZE_LIMIT` raises when it is read (adapter-node cuts it at the limit). */
export function isBodyTooLarge(error: unknown): boolean {
	return typeof error === 'object' && error !== null && !isDomainError(error) && (error as { status?: unknown }).status === 413;
}

/**
 * The DomainError for a body that could not be read: too large (nothing of it was kept, so the
 * page says so rather than "check the fields"), or malformed.
 */
export function unreadableBody(error: unknown, fields: Record<string, string> = {}): DomainError {
	return isBodyTooLarge(error) ? new DomainError('request.too_large', 'too_large', { fields }) : new DomainError('validation.invalid', 'invalid');
}

/** Reads a form body into plain strings (files ignored), refusing absurdly long values. */
export async function readForm(request: Request): Promise<Record<string, string>> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch (error) {
		throw unreadableBody(error);
	}
	const out: Record<string, string> = {};
	for (const [key, value] of data.entries()) {
		if (typeof value !== 'string') continue;
		if (value.length > MAX_FIELD_LENGTH) {
			throw new DomainError('validation.invalid', 'invalid', { fields: { [key]: 'Ce texte est beaucoup trop long.' } });
		}
		// PostgreSQL refuses the NUL character in text: say it here rather than fail at the insert.
		if (value.includes('\u0000')) {
			throw new DomainError('validation.invalid', 'invalid', { fields: { [key]: 'Ce texte contient un caractère invalide.' } });
		}
		out[key] = value;
	}
	return out;
}

/**
 * Validates with a zod schema whose messages are in French. Throws a DomainError('validation.invalid')
 * with one message per field.
 */
export function validate<S extends z.ZodType>(schema: S, values: Record<string, unknown>): z.infer<S> {
	const result = schema.safeParse(values);
	if (result.success) return result.data;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const key = String(issue.path[0] ?? 'form');
		fields[key] ??= issue.message;
	}
	throw new DomainError('validation.invalid', 'invalid', { fields });
}

/** Values safe to send back to the page to refill a form (never passwords or codes). */
export function refill(values: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(values)) {
		if (k === 'code' || /password|mot_de_passe|token|secret|recovery/i.test(k)) continue;
		out[k] = v.slice(0, 500);
	}
	return out;
}

/**
 * Turns a DomainError into `fail(status, FormFailure)` — also a body over the size limit, read by
 * the action itself; anything else is rethrown (→ handleError, logged).
 */
export function failFrom(error: unknown, values: Record<string, string> = {}): ActionFailure<FormFailure> {
	if (isBodyTooLarge(error)) error = unreadableBody(error);
	if (!isDomainError(error)) throw error;
	return fail(error.status, { code: error.code, message: error.message, fields: error.fields, values: refill(values) });
}

/**
 * The usual shape of an action: read the form, run `fn`, map domain errors to a failure.
 * `fn` may return data for the page, or redirect (SvelteKit's redirect is rethrown untouched).
 */
export async function handleForm<T>(
	request: Request,
	fn: (values: Record<string, string>) => Promise<T>
): Promise<T | ActionFailure<FormFailure>> {
	let values: Record<string, string> = {};
	try {
		values = await readForm(request);
		return await fn(values);
	} catch (error) {
		return failFrom(error, values);
	}
}
