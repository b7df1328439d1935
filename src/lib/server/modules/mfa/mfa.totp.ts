import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/**
 * TOTP as authenticator apps expect it (RFC 6238): SHA-1, 6 digits, 30-second steps. SHA-1 is
 * what every common app supports; HMAC-SHA-1 remains sound for this use.
 */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
/** Codes of the previous and next step are accepted too (clock drift, slow typing). */
export const TOTP_WINDOW = 1;
const ISSUER = 'Tremplin';

function totpFor(secretBase32: string, label = ''): TOTP {
	return new TOTP({
		issuer: ISSUER,
		label,
		secret: Secret.fromBase32(secretBase32),
		algorithm: 'SHA1',
		digits: TOTP_DIGITS,
		period: TOTP_PERIOD
	});
}

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
	return new Secret({ size: 20 }).base32;
}

/** The time step a code is valid for, or null when the code matches no step in the window. */
export function matchTotpStep(secretBase32: string, code: string, at: Date): number | null {
	if (!/^\d{6}$/.test(code)) return null;
	const totp = totpFor(secretBase32);
	const timestamp = at.getTime();
	const delta = totp.validate({ token: code, timestamp, window: TOTP_WINDOW });
	if (delta === null) return null;
	return totp.counter({ timestamp }) + delta;
}

/** The code an app would show at `at` (tests and fixtures). */
export function totpCodeAt(secretBase32: string, at: Date): string {
	return totpFor(secretBase32).generate({ timestamp: at.getTime() });
}

/** The `otpauth://` address that the QR code carries. */
export function totpUri(secretBase32: string, accountLabel: string): string {
	return totpFor(secretBase32, accountLabel).toString();
}

/** "ABCD EFGH …": easier to copy by hand. */
export function groupSecret(secretBase32: string): string {
	return secretBase32.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The QR code as an inline SVG string (no remote image: the CSP forbids them). Server-generated
 * from our own data only, so it is safe to inline.
 */
export async function qrCodeSvg(text: string, title: string): Promise<string> {
	const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
	const safeTitle = title.replace(/[<>&"]/g, '');
	return svg.replace('<svg ', `<svg role="img" aria-label="${safeTitle}" class="qr-code" `);
}
