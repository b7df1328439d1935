import { createHash, randomInt } from 'node:crypto';

/**
 * Activation codes are read aloud and typed on a phone: 9 characters from an alphabet without the
 * look-alikes 0/O, 1/I/L (and U/V kept apart by dropping U), shown in groups of 3: `ABC-DEF-GHJ`.
 * 30^9 ≈ 2 × 10^13 possibilities; guesses are rate limited per IP.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const CODE_LENGTH = 9;
export const CODE_VALIDITY_DAYS = 14;

/** A new random code, formatted `ABC-DEF-GHJ`. */
export function generateActivationCode(): string {
	let raw = '';
	for (let i = 0; i < CODE_LENGTH; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return formatActivationCode(raw);
}

/** Upper-cases and removes spaces, dashes and dots: what the person typed → what was hashed. */
export function normalizeActivationCode(input: string): string {
	return input.toUpperCase().replace(/[\s\-–—._]/g, '');
}

/** `ABCDEFGHJ` → `ABC-DEF-GHJ` (any other length is returned normalized, ungrouped). */
export function formatActivationCode(input: string): string {
	const code = normalizeActivationCode(input);
	if (code.length !== CODE_LENGTH) return code;
	return `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`;
}

/** Whether the normalized input could be a code at all (right length, right alphabet). */
export function looksLikeActivationCode(input: string): boolean {
	const code = normalizeActivationCode(input);
	return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/** What is stored: the SHA-256 (hex) of the normalized code. */
export function hashActivationCode(input: string): string {
	return createHash('sha256').update(normalizeActivationCode(input)).digest('hex');
}
