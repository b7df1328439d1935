import { createHash, randomInt } from 'node:crypto';

/** How many recovery codes a person receives at once. */
export const RECOVERY_CODE_COUNT = 10;

// No 0/O, 1/I/L, 5/S, 2/Z: easy to read aloud and to copy from paper.
const ALPHABET = 'ABCDEFGHJKMNPQRTUVWXY346789';
const GROUP = 5;

/** One code, "XXXXX-XXXXX" (10 characters from 27: ~47 bits). */
export function newRecoveryCode(): string {
	let raw = '';
	for (let i = 0; i < GROUP * 2; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
	return `${raw.slice(0, GROUP)}-${raw.slice(GROUP)}`;
}

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
	const codes = new Set<string>();
	while (codes.size < count) codes.add(newRecoveryCode());
	return [...codes];
}

/** What a person types, stripped of spaces and dashes and upper-cased; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
	const compact = input.replace(/[\s-]/g, '').toUpperCase();
	return /^[A-Z0-9]{10}$/.test(compact) ? compact : null;
}

export function hashRecoveryCode(normalized: string): string {
	return createHash('sha256').update(`tremplin-recovery:${normalized}`).digest('hex');
}
