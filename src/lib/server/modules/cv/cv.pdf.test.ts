import { describe, expect, it } from 'vitest';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { aCv, aLongCv } from './cv.fixtures';
import { unsupportedCharacters } from './cv.fonts';
import { SECTION_TITLES } from './cv.labels';
import { renderCvHtml } from './cv.html';
import { renderCvPdf } from './cv.pdf';
import { cvContent, CV_TEMPLATES } from './cv.validation';

/** The produced PDF as an independent reader (Mozilla's pdf.js) sees it. */
async function open(bytes: Buffer): Promise<PDFDocumentProxy> {
	return getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
}

interface Line {
	page: number;
	y: number;
	text: string;
}

/** Text lines in content order (pdf.js items joined on the same baseline). */
async function lines(pdf: PDFDocumentProxy): Promise<Line[]> {
	const result: Line[] = [];
	for (let p = 1; p <= pdf.numPages; p++) {
		const content = await (await pdf.getPage(p)).getTextContent();
		for (const item of content.items) {
			if (!('str' in item)) continue;
			const y = Math.round(item.transform[5] as number);
			const last = result.at(-1);
			if (last && last.page === p && Math.abs(last.y - y) < 3) last.text += item.str;
			else if (item.str.trim()) result.push({ page: p, y, text: item.str });
		}
	}
	return result;
}

/**
 * All the text, lines joined by spaces, spaces collapsed (a wrapped title is still found), in
 * Unicode's composed form (the fonts draw "ị" as "i" + a dot below: the same text for a reader).
 */
const allText = async (pdf: PDFDocumentProxy) =>
	(await lines(pdf))
		.map((l) => l.text)
		.join(' ')
		.replace(/[\s\u00a0]+/g, ' ')
		.normalize('NFC');

describe('the PDF of a CV', () => {
	it('holds the CV as real text, in reading order, for each template', async () => {
		for (const template of CV_TEMPLATES) {
			const pdf = await open(await renderCvPdf(aCv(), { template }));
			const text = await allText(pdf);
			const order = [
				'Inès Haddad',
				'Je cherche un poste d’employée polyvalente en restauration',
				'Souriante et ponctuelle',
				'Garde de mes petits frères',
				'Serveuse (job d’été)',
				'Distribution alimentaire',
				'Bac pro Commerce'
			];
			let at = -1;
			for (const expected of order) {
				const found = text.indexOf(expected);
				expect(found, `${template}: « ${expected} »`).toBeGreaterThan(at);
				at = found;
			}
			for (const expected of ['Encaissement', 'Ponctualité', 'Anglais : intermédiaire', 'Permis B', 'Danse', 'sept. 2021 – aujourd’hui']) {
				expect(text, `${template}: « ${expected} »`).toContain(expected);
			}
			expect(pdf.numPages, template).toBe(1);
		}
	});

	it('says its title, author and language, is tagged, and embeds its fonts', async () => {
		const bytes = await renderCvPdf(aCv(), { createdAt: new Date('2026-11-22T10:00:00Z') });
		const pdf = await open(bytes);
		const info = (await pdf.getMetadata()).info as Record<string, unknown>;
		expect(info.Title).toBe('CV de Inès Haddad : Je cherche un poste d’employée polyvalente en restauration');
		expect(info.Author).toBe('Inès Haddad');
		expect(info.Language).toBe('fr-FR');
		expect(await pdf.getMarkInfo()).toMatchObject({ Marked: true });
		const raw = bytes.toString('latin1');
		// Fonts embedded as subsets (a "ABCDEF+" prefix), none of the 14 standard fonts that a reader substitutes.
		expect(raw).toMatch(/\/FontFile2/);
		expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
		expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
	});

	it('draws the same CV the same way every time (fonts and layouts are shared between documents)', async () => {
		const createdAt = new Date('2026-11-22T10:00:00Z');
		const first = await renderCvPdf(aCv(), { createdAt });
		await renderCvPdf(aLongCv(), { template: 'accent', createdAt });
		const again = await renderCvPdf(aCv(), { createdAt });
		expect(again.equals(first)).toBe(true);
	});

	it('makes the e-mail, the phone and the links clickable', async () => {
		const pdf = await open(await renderCvPdf(aCv()));
		const annotations = await (await pdf.getPage(1)).getAnnotations();
		const urls = annotations.filter((a) => a.subtype === 'Link').map((a) => a.url);
		expect(urls).toEqual(expect.arrayContaining(['mailto:ines.haddad@example.fr', 'tel:0612345678', 'https://example.fr/ines']));
	});

	it('paginates a very long CV without a section title left alone at the bottom of a page', async () => {
		for (const template of CV_TEMPLATES) {
			const pdf = await open(await renderCvPdf(aLongCv(), { template }));
			expect(pdf.numPages, template).toBeGreaterThanOrEqual(3);
			const all = await lines(pdf);
			const titles = new Set(
				Object.values(SECTION_TITLES).flatMap((t) => [t, t.toLocaleUpperCase('fr-FR')])
			);
			for (let page = 1; page < pdf.numPages; page++) {
				const onPage = all.filter((l) => l.page === page);
				const lowest = onPage.reduce((a, b) => (b.y < a.y ? b : a));
				expect(titles.has(lowest.text.trim()), `${template} page ${page} ends with « ${lowest.text} »`).toBe(false);
			}
			// Nothing lost: every experience and its last line are there.
			const text = all.map((l) => l.text).join(' ');
			for (let i = 1; i <= 20; i++) expect(text, template).toContain(`Expérience numéro ${i} : employé polyvalent`);
			expect(text).toContain('(20.8)');
		}
	});

	it('prints names in many scripts with real glyphs, never empty boxes', async () => {
		const names = ['Nguyễn Thị Ánh', 'Çağlar Öztürk', 'Ștefan Popescu', 'Łukasz Wójcik', 'Дмитрий Соколов', 'Ελένη Παππά', 'Zoë Ødegård'];
		for (const name of [...names, 'محمد العلي']) expect(unsupportedCharacters(name), name).toEqual([]);
		const [firstName, lastName] = ['Nguyễn Thị Ánh', 'محمد العلي'];
		const cv = aCv({ contact: { firstName, lastName }, summary: names.join(', ') });
		const bytes = await renderCvPdf(cv);
		const text = await allText(await open(bytes));
		for (const name of names) expect(text).toContain(name);
		expect(bytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansArabic-Bold/);
	});

	it('keeps the words of an Arabic name in order, with the space between them', async () => {
		const bytes = await renderCvPdf(aCv({ contact: { firstName: 'Karim', lastName: 'محمد العلي' } }));
		// pdf.js gives the presentation forms the font draws; NFKC brings them back to letters
		// (the final yeh is the Persian one, U+06CC: the same shape).
		const text = (await allText(await open(bytes))).normalize('NFKC');
		expect(text).toMatch(/محمد العل[يی]/);
	});

	it('leaves out what no font can draw (emoji) and says which characters', async () => {
		expect(unsupportedCharacters('Karim 😀 ✨')).toEqual(['😀', '✨']);
		const bytes = await renderCvPdf(aCv({ title: 'Je cherche un job 😀 en cuisine' }));
		expect(await allText(await open(bytes))).toContain('Je cherche un job en cuisine');
	});

	it('prints markup typed in a field as plain text', async () => {
		const bytes = await renderCvPdf(aCv({ summary: '<script>alert(1)</script> & <b>gras</b>' }));
		expect(await allText(await open(bytes))).toContain('<script>alert(1)</script> & <b>gras</b>');
		expect(bytes.toString('latin1')).not.toMatch(/\/JavaScript|\/JS\b/);
	});

	it('places an optional photo as a described figure', async () => {
		const photo = await sharp({ create: { width: 240, height: 300, channels: 3, background: '#7a8b99' } }).jpeg().toBuffer();
		for (const template of CV_TEMPLATES) {
			const bytes = await renderCvPdf(aCv(), { template, photo });
			const raw = bytes.toString('latin1');
			expect(raw, template).toMatch(/\/Subtype \/Image/);
			expect(raw, template).toContain('/S /Figure');
		}
	});
});

describe('the content of a CV', () => {
	it('refuses invisible control characters, malformed text and oversized fields with a French message', () => {
		const cases = [
			{ title: 'Vendeur\u0000' },
			{ title: 'Vendeur \ud800' },
			{ title: 'x'.repeat(121) },
			{ summary: 'x'.repeat(701) },
			{ skills: Array.from({ length: 21 }, () => 'Compétence') }
		];
		for (const overrides of cases) {
			const result = cvContent.safeParse({ ...aCv(), ...overrides });
			expect(result.success, JSON.stringify(overrides).slice(0, 40)).toBe(false);
			expect(result.error!.issues[0]!.message).toMatch(/[a-zé]/);
			expect(result.error!.issues[0]!.message).not.toMatch(/Invalid|Too big|expected/);
		}
	});

	it('needs a first name and a title, and accepts an otherwise empty CV', async () => {
		expect(cvContent.safeParse({ contact: { firstName: '' }, title: 'Vendeur' }).success).toBe(false);
		expect(cvContent.safeParse({ contact: { firstName: 'Inès' }, title: '' }).success).toBe(false);
		const minimal = cvContent.parse({ contact: { firstName: 'Inès' }, title: 'Je cherche un emploi' });
		const pdf = await open(await renderCvPdf(minimal));
		expect(pdf.numPages).toBe(1);
		expect(await allText(pdf)).toContain('Je cherche un emploi');
	});
});

describe('the HTML rendering of a CV (the headless-browser reference of the benchmark)', () => {
	it('escapes every value and uses the same font files', () => {
		const html = renderCvHtml(aCv({ summary: '<script>alert(1)</script> "&"' }), { fontBaseUrl: '/polices' });
		expect(html).not.toContain('<script>alert');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&quot;');
		expect(html).toContain("url('/polices/latin-regular.ttf')");
		expect(html).toContain("url('/polices/arabic-bold.ttf')");
		expect(html).toContain('<html lang="fr">');
	});
});
