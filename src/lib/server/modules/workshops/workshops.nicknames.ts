/**
 * Nicknames of guests in a live workshop: readable on a projector, and never an insult.
 *
 * A nickname is trimmed, its spaces collapsed, put in NFC; it has 2 to 20 characters among letters
 * (accents welcome), digits, space and `- _ ' .` (no emoji). It is refused when it contains a
 * French insult or slur of the list below, matched on a normalised form: lowercase, accents
 * removed, leetspeak undone (0→o 1→i 3→e 4→a 5→s 7→t @→a $→s), repeated letters collapsed. Long
 * words (6 letters or more) are refused anywhere in the nickname, separators removed
 * (« c0nnard », « sal-ope »); short ones only as a whole word, or spelled letter by letter
 * (« p u t e »), so that « Pascal », « Connor » or « Bitencourt » pass.
 */

export const NICKNAME_MIN = 2;
export const NICKNAME_MAX = 20;

export type NicknameProblem = 'too_short' | 'too_long' | 'characters' | 'insult';
export type NicknameCheck = { ok: true; nickname: string } | { ok: false; code: NicknameProblem };

/** Written for Tremplin: common French insults and slurs (the normalised form is what counts). */
const REFUSED = [
	// insults
	'con', 'conne', 'connard', 'connasse', 'conasse', 'connerie', 'salope', 'salaud', 'salopard', 'pute',
	'putain', 'pouffiasse', 'petasse', 'grognasse', 'catin', 'garce', 'chienne', 'encule',
	'enculer', 'enfoire', 'batard', 'merde', 'merdeux', 'emmerdeur', 'chier', 'chiasse', 'bite', 'teub',
	'zob', 'couille', 'couillon', 'chatte', 'cul', 'trouduc', 'branleur', 'branlette', 'suce', 'suceur',
	'nique', 'niquer', 'ntm', 'fdp', 'tg', 'ta gueule', 'fils de pute', 'nique ta mere', 'abruti',
	'debile', 'cretin', 'imbecile', 'idiot', 'bouffon', 'boloss', 'bolosse', 'ordure', 'raclure',
	'clochard', 'gogol', 'mongol', 'triso', 'attarde', 'foutre', 'pouf',
	// slurs
	'pd', 'pede', 'tapette', 'tarlouze', 'fiotte', 'gouine', 'negre', 'negro', 'bougnoule', 'bicot',
	'youpin', 'raton', 'chintok', 'niakoue', 'nazi', 'hitler', 'sale arabe', 'sale noir', 'sale juif'
];

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/** Lowercase, no accents, leetspeak undone, repeated letters collapsed; separators kept as spaces. */
function normalise(text: string): string {
	return text
		.toLowerCase()
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[013457@$]/g, (c) => LEET[c]!)
		.replace(/[^a-z0-9]+/g, ' ')
		.replace(/([a-z0-9])\1+/g, '$1')
		.trim();
}

/** Harmless words that contain a long refused one. */
const HARMLESS = ['salopette', 'mongolie'];

const LONG = 6;
const refused = REFUSED.map((w) => normalise(w).replace(/ /g, ''));
const longWords = refused.filter((w) => w.length >= LONG);
const shortWords = new Set(refused.filter((w) => w.length < LONG));

const isShortInsult = (token: string) =>
	shortWords.has(token) ||
	[/s$/, /x$/, /e$/, /es$/].some((suffix) => suffix.test(token) && shortWords.has(token.replace(suffix, '')));

export function containsInsult(raw: string): boolean {
	const spaced = normalise(raw)
		.split(' ')
		.filter((token) => !HARMLESS.some((word) => token === normalise(word)))
		.join(' ');
	if (!spaced) return false;
	const joined = spaced.replace(/ /g, '');
	if (longWords.some((w) => joined.includes(w))) return true;
	const tokens = spaced.split(' ');
	// Words, letters spelled one by one joined back (« p u t e »), the whole nickname joined.
	const candidates = new Set([...tokens, joined]);
	let run = '';
	for (const token of [...tokens, '']) {
		if (token.length === 1) run += token;
		else {
			if (run.length > 1) candidates.add(run);
			run = '';
		}
	}
	for (let i = 0; i + 1 < tokens.length; i++) candidates.add(tokens[i]! + tokens[i + 1]!);
	return [...candidates].some(isShortInsult);
}

const ALLOWED = /^[\p{L}\p{M}\p{N} _.'-]+$/u;

export function checkNickname(raw: unknown): NicknameCheck {
	if (typeof raw !== 'string') return { ok: false, code: 'too_short' };
	const nickname = raw.normalize('NFC').replace(/[’ʼ]/g, "'").replace(/\s+/gu, ' ').trim();
	const length = [...nickname].length;
	if (length < NICKNAME_MIN) return { ok: false, code: 'too_short' };
	if (length > NICKNAME_MAX) return { ok: false, code: 'too_long' };
	if (containsInsult(nickname)) return { ok: false, code: 'insult' };
	if (!ALLOWED.test(nickname)) return { ok: false, code: 'characters' };
	return { ok: true, nickname };
}
