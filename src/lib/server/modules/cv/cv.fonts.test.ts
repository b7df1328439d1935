import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { cvFonts, FONT_WEIGHTS, TrueTypeSubset, WordRuns } from './cv.fonts';

/** The subset file as an independent reader parses it. */
function parse(bytes: Uint8Array): Font {
	const font = fontkit.create(Buffer.from(bytes));
	if (!('getGlyph' in font)) throw new Error('not a single font');
	return font as Font;
}

function checksum(bytes: Uint8Array): number {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let sum = 0;
	for (let i = 0; i < bytes.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
	return sum;
}

describe('the font subsets embedded in a CV', () => {
	it('hold exactly the glyphs used, with the same outlines and widths as the full fonts', () => {
		const texts = {
			latin: 'Nguyễn Thị Ánh, Çağlar Öztürk, Ștefan, Łukasz Wójcik, Дмитрий, Ελένη, Zoë Ødegård — « ﬁn » 2026 !',
			arabic: 'محمد العلي'
		};
		for (const script of ['latin', 'arabic'] as const) {
			for (const weight of FONT_WEIGHTS) {
				const original = cvFonts()[script][weight];
				const subset = original.createSubset() as unknown as TrueTypeSubset;
				expect(subset).toBeInstanceOf(TrueTypeSubset);
				for (const glyph of original.layout(texts[script]).glyphs) subset.includeGlyph(glyph.id);
				const bytes = subset.encode();
				const copy = parse(bytes);
				// Components of compound glyphs (accents) are added while encoding.
				expect(copy.numGlyphs, `${script} ${weight}`).toBe(subset.glyphs.length);
				expect(copy.numGlyphs).toBeGreaterThan(10);
				subset.glyphs.forEach((id, index) => {
					const [a, b] = [original.getGlyph(id), copy.getGlyph(index)];
					expect(b.path.toSVG(), `${script} ${weight} glyph ${id}`).toBe(a.path.toSVG());
					expect(b.advanceWidth).toBe(a.advanceWidth);
				});
				// A well-formed file: whole-file checksum as the OpenType specification asks.
				expect(bytes.length % 4).toBe(0);
				expect(checksum(bytes)).toBe(0xb1b0afba);
				expect(copy.unitsPerEm).toBe(original.unitsPerEm);
			}
		}
	});

	it('renumber the components of compound glyphs', () => {
		const original = cvFonts().latin.regular;
		// A glyph made of others, searched for in the font rather than assumed.
		const compound = [...original.characterSet]
			.map((cp) => original.glyphForCodePoint(cp))
			.find((g) => (g as unknown as { _decode(): { numberOfContours: number } | null })._decode()?.numberOfContours === -1);
		expect(compound).toBeDefined();
		const subset = original.createSubset() as unknown as TrueTypeSubset;
		subset.includeGlyph(compound!.id);
		const copy = parse(subset.encode());
		expect(subset.glyphs.length).toBeGreaterThan(2);
		expect(copy.getGlyph(1).path.toSVG()).toBe(compound!.path.toSVG());
	});
});

describe('the laid-out words shared between documents', () => {
	it('stay bounded however many different words are met, and keep the words in use', () => {
		const runs = new WordRuns();
		const run = cvFonts().latin.regular.layout('emploi ');
		runs.set('emploi ', run);
		for (let i = 0; i < 50_000; i++) {
			runs.set(`mot${i} `, run);
			// A word met again and again (« emploi ») is never evicted.
			if (i % 1000 === 0) expect(runs.get('emploi ')).toBe(run);
		}
		expect(runs.size).toBeLessThanOrEqual(8_000);
		expect(runs.get('emploi ')).toBe(run);
		expect(runs.get('mot3 ')).toBeUndefined();
		expect(runs.get('mot49999 ')).toBe(run);
	});
});
