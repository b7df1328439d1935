import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';

/**
 * The fonts of the CV, parsed ONCE per process and reused by every PDF (parsing a font file costs
 * more than rendering a whole CV). Noto Sans covers Latin (French, Turkish, Vietnamese, Polish,
 * Romanian…), Greek and Cyrillic; Noto Sans Arabic covers Arabic script (shaped by fontkit, which
 * also lays out right-to-left runs). The same TTF files serve the HTML preview as web fonts.
 */

export const FONT_WEIGHTS = ['regular', 'semibold', 'bold'] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];
export type Script = 'latin' | 'arabic';

const require = createRequire(import.meta.url);

/** Files shipped by the npm packages (SIL Open Font License). */
export const FONT_FILES: Record<Script, Record<FontWeight, string>> = {
	latin: {
		regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
		semibold: '@expo-google-fonts/noto-sans/600SemiBold/NotoSans_600SemiBold.ttf',
		bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'
	},
	arabic: {
		regular: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
		semibold: '@expo-google-fonts/noto-sans-arabic/600SemiBold/NotoSansArabic_600SemiBold.ttf',
		bold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf'
	}
};

export function fontPath(script: Script, weight: FontWeight): string {
	return require.resolve(FONT_FILES[script][weight]);
}

type FontSet = Record<Script, Record<FontWeight, Font>>;
let fonts: FontSet | null = null;

function parse(file: string): Font {
	const font = fontkit.create(readFileSync(file));
	// A collection would need a name; these files are single fonts.
	if (!('layout' in font)) throw new Error(`Police inattendue : ${file}`);
	// fontkit keeps one glyph object per glyph, with the characters it was first met for, and the
	// PDF's text layer (what copy-paste and recruiters' software read) uses them. Meet every glyph
	// first through its own character, so that laying out "ị" as "i" + a dot can never make every
	// later "i" read as "ị".
	for (const codePoint of (font as Font).characterSet) (font as Font).glyphForCodePoint(codePoint);
	return withSharedLayouts(font as Font);
}

/** Words laid out once per process and font (most words of a CV recur from one CV to the next). */
const LAYOUT_CACHE_SIZE = 20_000;

/**
 * The font, with `layout` (OpenType shaping, the costliest step of drawing text) remembered
 * across documents. pdfkit already remembers layouts within a document; it then scales the
 * positions it gets in place, so every caller receives its own copy of the remembered run.
 */
function withSharedLayouts(font: Font): Font {
	const cache = new Map<string, fontkit.GlyphRun>();
	const copy = (run: fontkit.GlyphRun): fontkit.GlyphRun =>
		Object.assign(Object.create(Object.getPrototypeOf(run) as object) as fontkit.GlyphRun, run, {
			positions: run.positions.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p) as object) as fontkit.GlyphPosition, p))
		});
	const shared = Object.create(font) as Font;
	shared.layout = ((text: string, features?: unknown, ...rest: unknown[]) => {
		if (features !== undefined || rest.length > 0) return (font.layout as (...args: unknown[]) => fontkit.GlyphRun)(text, features, ...rest);
		let run = cache.get(text);
		if (!run) {
			run = font.layout(text);
			if (cache.size >= LAYOUT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
			cache.set(text, copy(run));
			return run;
		}
		return copy(run);
	}) as Font['layout'];
	return shared;
}

/** The parsed fonts (parsed on first use, then kept for the life of the process). */
export function cvFonts(): FontSet {
	if (!fonts) {
		const load = (script: Script) =>
			Object.fromEntries(FONT_WEIGHTS.map((w) => [w, parse(fontPath(script, w))])) as Record<FontWeight, Font>;
		fonts = { latin: load('latin'), arabic: load('arabic') };
	}
	return fonts;
}

/** Characters that carry no glyph of their own and follow the script around them. */
const NEUTRAL = /[\s\u00a0.,;:!?'"«»()[\]\-–—/0-9@&+]|\u200c|\u200d|\u200e|\u200f/u;

export interface TextRun {
	text: string;
	script: Script;
}

/**
 * Cuts a text into runs of one font: Arabic letters go to Noto Sans Arabic, everything else to
 * Noto Sans; spaces and punctuation stay with the run they are in (so an Arabic name of several
 * words stays one run, laid out right-to-left as a whole).
 */
export function scriptRuns(text: string): TextRun[] {
	const { latin, arabic } = cvFonts();
	const runs: TextRun[] = [];
	let current = null as TextRun | null;
	for (const char of text) {
		const cp = char.codePointAt(0)!;
		let script: Script;
		// What no font can draw (emoji, scripts not shipped) is left out rather than printed as boxes;
		// the builder warns about it before the export (`unsupportedCharacters`).
		if (!/\s/u.test(char) && !latin.regular.hasGlyphForCodePoint(cp) && !arabic.regular.hasGlyphForCodePoint(cp)) continue;
		if (NEUTRAL.test(char)) script = current?.script ?? 'latin';
		else if (!latin.regular.hasGlyphForCodePoint(cp) && arabic.regular.hasGlyphForCodePoint(cp)) script = 'arabic';
		else script = 'latin';
		if (current && current.script === script) current.text += char;
		else {
			current = { text: char, script };
			runs.push(current);
		}
	}
	// Trailing spaces of an Arabic run belong to the Latin text after it (keeps word spacing natural).
	for (let i = 0; i < runs.length - 1; i++) {
		const run = runs[i]!;
		const trailing = /\s+$/u.exec(run.text);
		if (run.script === 'arabic' && trailing) {
			run.text = run.text.slice(0, trailing.index);
			runs[i + 1]!.text = trailing[0] + runs[i + 1]!.text;
		}
	}
	return runs.filter((r) => r.text.length > 0);
}

/**
 * The characters of a text that none of the CV's fonts can draw (they would print as empty boxes):
 * the builder warns about them before the youth exports.
 */
export function unsupportedCharacters(text: string): string[] {
	const { latin, arabic } = cvFonts();
	const missing = new Set<string>();
	for (const char of text) {
		if (/\s/u.test(char)) continue;
		const cp = char.codePointAt(0)!;
		if (!latin.regular.hasGlyphForCodePoint(cp) && !arabic.regular.hasGlyphForCodePoint(cp)) missing.add(char);
	}
	return [...missing];
}
