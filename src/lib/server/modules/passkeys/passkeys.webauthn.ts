import type { Config } from '$lib/server/platform/config/config';

/** Who the browser talks to: the WebAuthn relying party and the origin the answers must come from. */
export interface RelyingParty {
	rpName: string;
	rpID: string;
	origin: string;
}

/**
 * rpID = host name of the public URL (ORIGIN) when configured, else of the request; the expected
 * origin follows the same rule. Passkeys are bound to the rpID: changing the domain loses them.
 */
export function relyingPartyFor(config: Pick<Config, 'publicUrl'>, requestUrl: URL): RelyingParty {
	const base = config.publicUrl ? new URL(config.publicUrl) : requestUrl;
	return { rpName: 'Tremplin', rpID: base.hostname, origin: base.origin };
}

/** Challenge written in `clientDataJSON` by the browser (base64url), or null if unreadable. */
export function challengeOf(clientDataJSON: string): string | null {
	try {
		const parsed = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
		return typeof parsed.challenge === 'string' && parsed.challenge.length > 0 && parsed.challenge.length < 200
			? parsed.challenge
			: null;
	} catch {
		return null;
	}
}

/** WebAuthn user handle: the account id as bytes (no personal data in it). */
export const userHandleOf = (userId: string) => new TextEncoder().encode(userId);

/** A readable default name from the browser's user agent: « iPhone », « Téléphone Android »… */
export function deviceLabel(userAgent: string | null | undefined): string {
	const ua = userAgent ?? '';
	if (/iPhone/i.test(ua)) return 'iPhone';
	if (/iPad/i.test(ua)) return 'iPad';
	if (/Android/i.test(ua)) return /Mobile/i.test(ua) ? 'Téléphone Android' : 'Tablette Android';
	if (/Macintosh|Mac OS X/i.test(ua)) return 'Mac';
	if (/Windows/i.test(ua)) return 'Ordinateur Windows';
	if (/CrOS/i.test(ua)) return 'Chromebook';
	if (/Linux/i.test(ua)) return 'Ordinateur Linux';
	return 'Cet appareil';
}
