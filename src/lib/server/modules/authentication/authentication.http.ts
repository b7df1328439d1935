import type { Cookies, RequestEvent } from '@sveltejs/kit';
import type { Role } from '$lib/server/modules/accounts';
import { homeFor } from '$lib/server/platform/http/guards';
import { SESSION_COOKIE } from '$lib/server/platform/session';

/** Helpers shared by the sign-in pages (and by other ways to sign in: activation, passkeys). */

export const MFA_CHALLENGE_PATH = '/connexion/double-authentification';

export function setSessionCookie(cookies: Cookies, session: { token: string; expiresAt: Date }): void {
	cookies.set(SESSION_COOKIE, session.token, {
		path: '/',
		httpOnly: true,
		secure: true,
		sameSite: 'lax',
		expires: session.expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

/**
 * A same-site path to go back to after sign-in, or null. Only "/something" is accepted: never
 * "//host", "/\host", a scheme ("https:", "javascript:"), control characters or a back-slash.
 */
export function safeRedirect(value: string | null | undefined): string | null {
	if (!value || value.length > 1000) return null;
	if (!value.startsWith('/') || value.startsWith('//')) return null;
	// eslint-disable-next-line no-control-regex -- refusing control characters is the point of this check
	if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
	try {
		const base = 'http://tremplin.invalid';
		const url = new URL(value, base);
		if (url.origin !== base) return null;
		return url.pathname + url.search + url.hash;
	} catch {
		return null;
	}
}

/** Where to go after a successful sign-in: the second-factor page, the asked page, or the role's home. */
export function landingPath(signedIn: { userId: string; role: Role; mfaPending: boolean }, redirection?: string | null): string {
	const target = safeRedirect(redirection);
	if (signedIn.mfaPending) {
		return target ? `${MFA_CHALLENGE_PATH}?redirection=${encodeURIComponent(target)}` : MFA_CHALLENGE_PATH;
	}
	return (
		target ??
		homeFor({ role: signedIn.role })
	);
}

/** The client's address for rate limits ("unknown" when the adapter cannot tell). */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress() || 'unknown';
	} catch {
		return 'unknown';
	}
}

export const userAgentOf = (request: Request) => request.headers.get('user-agent');
