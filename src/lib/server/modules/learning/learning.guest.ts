import { randomUUID } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Deps } from '$lib/server/app';
import { DomainError } from '$lib/server/platform/errors/errors';
import type { RateLimitPolicy } from '$lib/server/platform/rate-limit';
import { isUuid } from './learning.repository';

/**
 * Playing without an account: the browser keeps a random guest id in a cookie (strictly necessary
 * for the service asked for: no consent banner needed). Answers are stored under that id, and
 * move to the account when the person signs in or activates it on this device (hooks.server.ts).
 * Guest progress never claimed is deleted after GUEST_RETENTION_DAYS (purge job).
 */
export const GUEST_COOKIE = '__Host-tremplin_guest';
export const GUEST_RETENTION_DAYS = 180;

export function readGuestId(cookies: Cookies): string | null {
	const value = cookies.get(GUEST_COOKIE);
	return isUuid(value) ? value : null;
}

/** The guest id of this browser, created if needed. */
export function ensureGuestId(cookies: Cookies): string {
	const existing = readGuestId(cookies);
	if (existing) return existing;
	const id = randomUUID();
	cookies.set(GUEST_COOKIE, id, {
		path: '/',
		httpOnly: true,
		secure: true,
		sameSite: 'lax',
		maxAge: GUEST_RETENTION_DAYS * 24 * 3600
	});
	return id;
}

export function clearGuestId(cookies: Cookies): void {
	cookies.delete(GUEST_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

/**
 * New guest ids per IP address: generous (a workshop of a Mission Locale shares one address), but a
 * script cannot create guests — and their rows — without end.
 */
export const NEW_GUEST_POLICY: RateLimitPolicy = { freeFailures: 300, baseLockSeconds: 300, maxLockSeconds: 3600, windowSeconds: 3600 };

/** The guest id of this browser; a new one counts against the IP address. */
export async function guestIdFor(deps: Pick<Deps, 'rateLimiter'>, cookies: Cookies, ip: string): Promise<string> {
	const existing = readGuestId(cookies);
	if (existing) return existing;
	const key = `learning:new-guest:${ip}`;
	try {
		await deps.rateLimiter.check([key]);
	} catch (e) {
		throw new DomainError('learning.too_many_guests', 'rate_limited', { retryAfterSeconds: (e as DomainError).retryAfterSeconds });
	}
	await deps.rateLimiter.hit([key], NEW_GUEST_POLICY);
	return ensureGuestId(cookies);
}
