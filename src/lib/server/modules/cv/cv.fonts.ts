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
	return forPdf(font as Font);
}

/**
 * The font as pdfkit receives it: the parsed font, with a faster subsetter (see TrueTypeSubset).
 * The object is shared by every document of the process.
 */
function forPdf(font: Font): Font {
	const shared = Object.create(font) as Font;
	const subsetSource = lazy(() => trueTypeSource(font));
	shared.createSubset = (() => new TrueTypeSubset(subsetSource())) as unknown as Font['createSubset'];
	return shared;
}

/**
 * Words laid out once per process and font (most words of a CV recur from one CV to the next).
 * A laid-out word weighs about 1.6 kB: at most twice this many per font are kept (≈ 13 MB).
 */
const LAYOUT_CACHE_SIZE = 4_000;

/**
 * Laid-out words of one font, the recently used ones kept: words go into `recent`; when it is
 * full it becomes `older` (the previous `older` is dropped) and a word found there moves back
 * into `recent`. A hit costs one lookup, and words in use are never evicted.
 */
export class WordRuns {
	private recent = new Map<string, fontkit.GlyphRun>();
	private older = new Map<string, fontkit.GlyphRun>();

	get size(): number {
		return this.recent.size + this.older.size;
	}

	get(text: string): fontkit.GlyphRun | undefined {
		const run = this.recent.get(text);
		if (run) return run;
		const old = this.older.get(text);
		if (old) this.set(text, old);
		return old;
	}

	set(text: string, run: fontkit.GlyphRun) {
		if (this.recent.size >= LAYOUT_CACHE_SIZE) {
			this.older = this.recent;
			this.recent = new Map();
		}
		this.recent.set(text, run);
	}
}

/** What this module relies on in pdfkit's font object (pdfkit 0.20, `EmbeddedFont`). */
interface PdfkitEmbeddedFont {
	font: Font;
	layoutRun(text: string, features?: unknown): fontkit.GlyphRun;
	layoutCached(text: string): fontkit.GlyphRun;
	layout(text: string, features?: unknown, onlyWidth?: boolean): PdfkitLayout;
}

interface PdfkitLayout {
	glyphs: fontkit.Glyph[] | null;
	positions: fontkit.GlyphPosition[] | null;
	advanceWidth: number;
}

const sharedRuns = new WeakMap<Font, WordRuns>();

/**
 * Makes a document's font reuse the words laid out by earlier documents. OpenType shaping is the
 * costliest step of drawing text; pdfkit lays a text out word by word and remembers each word
 * within one document (`layoutCached`), already scaled to its 1000-unit space. That memory is
 * made process-wide here, per font: the same scaled runs, which pdfkit only reads (word spacing
 * and justification copy positions before changing them).
 */
export function shareLayouts(pdfFont: unknown): void {
	const embedded = pdfFont as PdfkitEmbeddedFont;
	if (typeof embedded.layoutRun !== 'function' || typeof embedded.layoutCached !== 'function' || typeof embedded.layout !== 'function') {
		throw new Error('pdfkit : police intégrée inattendue (layout, layoutRun, layoutCached)');
	}
	let cache = sharedRuns.get(embedded.font);
	if (!cache) sharedRuns.set(embedded.font, (cache = new WordRuns()));
	const runs = cache;
	embedded.layoutCached = (text: string) => {
		let run = runs.get(text);
		if (!run) {
			run = embedded.layoutRun(text);
			// A plain value instead of fontkit's getter that sums the positions at each call.
			Object.defineProperty(run, 'advanceWidth', { value: run.advanceWidth });
			runs.set(text, run);
		}
		return run;
	};
	// pdfkit's own `layout`, word by word through `layoutCached`, without building an array per
	// character nor copying the glyphs gathered so far at each word (same result, same order).
	embedded.layout = (text, features, onlyWidth) => {
		if (features) return embedded.layoutRun(text, features);
		const runs: fontkit.GlyphRun[] = [];
		let advanceWidth = 0;
		let count = 0;
		let last = 0;
		for (let index = 0; index <= text.length; index++) {
			const code = index < text.length ? text.charCodeAt(index) : -1;
			// A word ends after a space or a tab (both kept with it), or at the end of the text.
			if (code === 32 || code === 9 || (code === -1 && last < index)) {
				const run = embedded.layoutCached(text.slice(last, index + 1));
				advanceWidth += run.advanceWidth;
				count += run.glyphs.length;
				if (!onlyWidth) runs.push(run);
				last = index + 1;
			}
		}
		if (onlyWidth) return { glyphs: null, positions: null, advanceWidth };
		// One word: its own arrays, which pdfkit only reads.
		if (runs.length === 1) return { glyphs: runs[0]!.glyphs, positions: runs[0]!.positions, advanceWidth };
		const glyphs = new Array<fontkit.Glyph>(count);
		const positions = new Array<fontkit.GlyphPosition>(count);
		let at = 0;
		for (const run of runs) {
			for (let i = 0; i < run.glyphs.length; i++, at++) {
				glyphs[at] = run.glyphs[i]!;
				positions[at] = run.positions[i]!;
			}
		}
		return { glyphs, positions, advanceWidth };
	};
}

function lazy<T>(make: () => T): () => T {
	let value: T | undefined;
	return () => (value ??= make());
}

/** What a subset copies from a TrueType font file, located once per process. */
interface TrueTypeSource {
	bytes: Uint8Array;
	view: DataView;
	/** Offsets of each glyph in the file (from `loca`), one more than the glyphs. */
	glyphOffsets: Uint32Array;
	hmtx: number;
	numberOfHMetrics: number;
	/** Tables copied as they are (hinting programs, when the font has them). */
	verbatim: [string, Uint8Array][];
	head: Uint8Array;
	hhea: Uint8Array;
	maxp: Uint8Array;
}

function trueTypeSource(font: Font): TrueTypeSource {
	const internals = font as unknown as {
		stream: { buffer: Uint8Array };
		directory: { tables: Record<string, { offset: number; length: number } | undefined> };
		loca: { offsets: number[] };
	};
	// A plain Uint8Array over the file (a Buffer's `slice` would share memory instead of copying).
	const file = internals.stream.buffer;
	const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
	const tables = internals.directory.tables;
	const table = (tag: string) => {
		const t = tables[tag];
		return t ? bytes.subarray(t.offset, t.offset + t.length) : null;
	};
	const glyf = tables.glyf;
	const [head, hhea, maxp] = [table('head'), table('hhea'), table('maxp')];
	if (!glyf || !tables.hmtx || !head || !hhea || !maxp) throw new Error('Police TrueType attendue (tables glyf, hmtx, head, hhea, maxp).');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return {
		bytes,
		view,
		glyphOffsets: Uint32Array.from(internals.loca.offsets, (o) => glyf.offset + o),
		hmtx: tables.hmtx.offset,
		numberOfHMetrics: view.getUint16(tables.hhea!.offset + 34),
		verbatim: (['cvt ', 'fpgm', 'prep'] as const).flatMap((tag) => {
			const t = table(tag);
			return t ? [[tag, t] as [string, Uint8Array]] : [];
		}),
		head,
		hhea,
		maxp
	};
}

/** Compound-glyph flags (OpenType `glyf`). */
const ARG_WORDS = 0x0001;
const HAS_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const HAS_XY_SCALE = 0x0040;
const HAS_2X2 = 0x0080;

/**
 * A subset of a TrueType font for one PDF: the glyphs the document uses, renumbered in order of
 * use (0 stays the missing glyph), with the tables a PDF reader needs (ISO 32000-1, 9.9: head,
 * hhea, maxp, loca, glyf, hmtx and the hinting programs). Same job as fontkit's subsetter, which
 * pdfkit calls, but copies each glyph's bytes straight from the file instead of decoding every
 * glyph's outline and re-encoding every table: this was a fifth of the time of a CV.
 */
export class TrueTypeSubset {
	readonly glyphs: number[] = [];
	private readonly mapping = new Map<number, number>();

	constructor(private readonly source: TrueTypeSource) {
		this.includeGlyph(0);
	}

	includeGlyph(glyph: number | { id: number }): number {
		const id = typeof glyph === 'number' ? glyph : glyph.id;
		let index = this.mapping.get(id);
		if (index === undefined) {
			index = this.glyphs.push(id) - 1;
			this.mapping.set(id, index);
		}
		return index;
	}

	/** The glyph's outline bytes; a compound glyph's components are added and renumbered. */
	private glyphData(id: number): Uint8Array {
		const { bytes, view, glyphOffsets } = this.source;
		const start = glyphOffsets[id]!;
		const data = bytes.subarray(start, glyphOffsets[id + 1]!);
		if (data.length < 10 || view.getInt16(start) >= 0) return data;
		const copy = data.slice();
		const out = new DataView(copy.buffer);
		let pos = 10;
		for (;;) {
			const flags = out.getUint16(pos);
			out.setUint16(pos + 2, this.includeGlyph(out.getUint16(pos + 2)));
			pos += 4 + (flags & ARG_WORDS ? 4 : 2) + (flags & HAS_SCALE ? 2 : flags & HAS_XY_SCALE ? 4 : flags & HAS_2X2 ? 8 : 0);
			if (!(flags & MORE_COMPONENTS)) return copy;
		}
	}

	/** The subset as a TrueType file. */
	encode(): Uint8Array {
		const { view, hmtx, numberOfHMetrics } = this.source;
		const outlines: Uint8Array[] = [];
		// Compound glyphs add their components to `glyphs` while the loop runs.
		for (let i = 0; i < this.glyphs.length; i++) outlines.push(this.glyphData(this.glyphs[i]!));
		const count = this.glyphs.length;
		const glyfLength = outlines.reduce((sum, o) => sum + o.length, 0);

		const tables = new Map<string, Uint8Array>(this.source.verbatim);
		const head = this.source.head.slice();
		const headView = new DataView(head.buffer);
		headView.setUint32(8, 0); // checkSumAdjustment, set once the file is complete
		headView.setInt16(50, 1); // indexToLocFormat: 32-bit offsets
		tables.set('head', head);
		const hhea = this.source.hhea.slice();
		new DataView(hhea.buffer).setUint16(34, count);
		tables.set('hhea', hhea);
		const maxp = this.source.maxp.slice();
		new DataView(maxp.buffer).setUint16(4, count);
		tables.set('maxp', maxp);

		const glyf = new Uint8Array(glyfLength);
		const loca = new Uint8Array(4 * (count + 1));
		const locaView = new DataView(loca.buffer);
		const metrics = new Uint8Array(4 * count);
		const metricsView = new DataView(metrics.buffer);
		let offset = 0;
		outlines.forEach((outline, i) => {
			locaView.setUint32(4 * i, offset);
			glyf.set(outline, offset);
			offset += outline.length;
			const id = this.glyphs[i]!;
			const long = Math.min(id, numberOfHMetrics - 1);
			metricsView.setUint16(4 * i, view.getUint16(hmtx + 4 * long));
			const bearing = id < numberOfHMetrics ? hmtx + 4 * id + 2 : hmtx + 4 * numberOfHMetrics + 2 * (id - numberOfHMetrics);
			metricsView.setInt16(4 * i + 2, view.getInt16(bearing));
		});
		locaView.setUint32(4 * count, offset);
		tables.set('glyf', glyf);
		tables.set('loca', loca);
		tables.set('hmtx', metrics);
		return sfnt(tables);
	}
}

const padded = (length: number) => (length + 3) & ~3;

function checksum(bytes: Uint8Array, start: number, length: number): number {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let sum = 0;
	for (let i = start; i < start + length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
	return sum;
}

/** Lays tables out as a TrueType file: table directory sorted by tag, tables 4-byte aligned. */
function sfnt(tables: Map<string, Uint8Array>): Uint8Array {
	const tags = [...tables.keys()].sort();
	const headerLength = 12 + 16 * tags.length;
	const total = tags.reduce((sum, tag) => sum + padded(tables.get(tag)!.length), headerLength);
	const file = new Uint8Array(total);
	const view = new DataView(file.buffer);
	const power = 2 ** Math.floor(Math.log2(tags.length));
	view.setUint32(0, 0x00010000);
	view.setUint16(4, tags.length);
	view.setUint16(6, power * 16);
	view.setUint16(8, Math.log2(power));
	view.setUint16(10, tags.length * 16 - power * 16);
	let offset = headerLength;
	let headOffset = 0;
	tags.forEach((tag, i) => {
		const data = tables.get(tag)!;
		file.set(data, offset);
		const entry = 12 + 16 * i;
		for (let c = 0; c < 4; c++) view.setUint8(entry + c, tag.charCodeAt(c));
		view.setUint32(entry + 4, checksum(file, offset, padded(data.length)));
		view.setUint32(entry + 8, offset);
		view.setUint32(entry + 12, data.length);
		if (tag === 'head') headOffset = offset;
		offset += padded(data.length);
	});
	view.setUint32(headOffset + 8, (0xb1b0afba - checksum(file, 0, total)) >>> 0);
	return file;
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

type CharKind = Script | 'neutral' | 'missing';

/** What each character met so far is (a handful of regular expressions and font lookups each). */
const charKinds = new Map<string, CharKind>();

function charKind(char: string): CharKind {
	let kind = charKinds.get(char);
	if (kind === undefined) {
		const { latin, arabic } = cvFonts();
		const cp = char.codePointAt(0)!;
		const inLatin = latin.regular.hasGlyphForCodePoint(cp);
		const inArabic = arabic.regular.hasGlyphForCodePoint(cp);
		if (!/\s/u.test(char) && !inLatin && !inArabic) kind = 'missing';
		else if (NEUTRAL.test(char)) kind = 'neutral';
		else kind = !inLatin && inArabic ? 'arabic' : 'latin';
		// Bounded: a text can hold any character, the cache keeps the first few thousand met.
		if (charKinds.size < 5_000) charKinds.set(char, kind);
	}
	return kind;
}

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
	const runs: TextRun[] = [];
	let current = null as TextRun | null;
	// Runs are cut out of the text in slices: `start` is where the part not yet in `current` begins.
	let start = 0;
	let index = 0;
	for (const char of text) {
		const kind = charKind(char);
		if (kind === 'missing') {
			// What no font can draw (emoji, scripts not shipped) is left out rather than printed as
			// boxes; the builder warns about it before the export (`unsupportedCharacters`).
			if (current) current.text += text.slice(start, index);
			start = index + char.length;
		} else {
			const script: Script = kind === 'neutral' ? (current?.script ?? 'latin') : kind;
			if (!current || current.script !== script) {
				if (current) current.text += text.slice(start, index);
				current = { text: '', script };
				runs.push(current);
				start = index;
			}
		}
		index += char.length;
	}
	if (current) current.text += text.slice(start);
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
