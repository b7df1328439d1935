import PDFDocument from 'pdfkit';
import { cvFonts, FONT_WEIGHTS, scriptRuns, shareLayouts, type FontWeight } from './cv.fonts';
import {
	experienceWhere,
	formatPeriod,
	fullName,
	languageLine,
	mobilityLines,
	SECTION_TITLES,
	trainingWhere
} from './cv.labels';
import type { CvContent, CvTemplate } from './cv.validation';

/**
 * The CV as a PDF, drawn on the server with pdfkit: A4, real selectable text in reading order,
 * embedded (subset) fonts parsed once per process, tagged structure (headings, paragraphs, lists),
 * title and language set, clickable e-mail/phone/links. Three templates:
 * - `clair`: one column, plain headings — the one recruiters' software reads best;
 * - `accent`: one column, a coloured band and dates in a left gutter;
 * - `colonnes`: a side column (contact, skills, languages…) next to the main column.
 * Pagination keeps a section title with its first entry and never splits an entry that fits on a
 * page; an entry longer than a page flows onto the next one.
 */

export interface CvPdfOptions {
	template?: CvTemplate;
	/** JPEG or PNG bytes (already re-encoded by the caller). */
	photo?: Uint8Array | null;
	/** Stamped as the document's creation date (tests pass a fixed one). */
	createdAt?: Date;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 44, bottom: 44, left: 48, right: 48 };

interface Theme {
	ink: string;
	muted: string;
	accent: string;
	band?: string;
	side?: string;
}

const THEMES: Record<CvTemplate, Theme> = {
	clair: { ink: '#1a1a1a', muted: '#4a4a4a', accent: '#0b5f63' },
	accent: { ink: '#1a1a1a', muted: '#4a4a4a', accent: '#8a2f12', band: '#8a2f12' },
	colonnes: { ink: '#1a1a1a', muted: '#444444', accent: '#1f4e79', side: '#eef3f8' }
};

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

interface TextStyle {
	weight?: FontWeight;
	size: number;
	color?: string;
	lineGap?: number;
	link?: string;
	characterSpacing?: number;
}

/**
 * Heights already measured in a document: pagination measures a block several times (to place
 * it, to keep a title with the next entry, to decide whether the CV can be tightened onto one page).
 */
const measured = new WeakMap<Doc, Map<string, Map<string, number>>>();

/** Features fontkit applies to Arabic anyway (naming them only changes how pdfkit splits the text). */
const ARABIC_FEATURES: PDFKit.Mixins.OpenTypeFeatures[] = ['rlig', 'calt'];

/** Writes and measures text in one column of the page, switching font for Arabic runs. */
class Column {
	constructor(
		readonly doc: Doc,
		readonly x: number,
		readonly width: number
	) {}

	height(text: string, style: TextStyle): number {
		if (!text) return 0;
		let byStyle = measured.get(this.doc);
		if (!byStyle) measured.set(this.doc, (byStyle = new Map()));
		const key = `${this.width}|${style.weight ?? 'regular'}|${style.size}|${style.lineGap ?? 1.5}|${style.characterSpacing ?? 0}`;
		let heights = byStyle.get(key);
		if (!heights) byStyle.set(key, (heights = new Map()));
		let height = heights.get(text);
		if (height === undefined) {
			this.doc.font(`latin-${style.weight ?? 'regular'}`).fontSize(style.size);
			height = this.doc.heightOfString(text, { width: this.width, lineGap: style.lineGap ?? 1.5, characterSpacing: style.characterSpacing });
			heights.set(text, height);
		}
		return height;
	}

	/** Draws the text at `y` (or where the previous text ended) and returns the y below it. */
	write(text: string, style: TextStyle, y?: number, indent = 0): number {
		const runs = scriptRuns(text.normalize('NFC'));
		runs.forEach((run, i) => {
			this.doc
				.font(`${run.script}-${style.weight ?? 'regular'}`)
				.fontSize(style.size)
				.fillColor(style.color ?? '#1a1a1a');
			const options: PDFKit.Mixins.TextOptions = {
				width: this.width - indent,
				lineGap: style.lineGap ?? 1.5,
				continued: i < runs.length - 1,
				link: style.link ?? null,
				underline: false,
				characterSpacing: style.characterSpacing,
				// An Arabic run is shaped as a whole (features given: pdfkit then lays the line out in one
				// piece instead of word by word, which would lose the spaces between right-to-left words).
				features: run.script === 'arabic' ? ARABIC_FEATURES : undefined
			};
			if (i === 0) this.doc.text(run.text, this.x + indent, y ?? this.doc.y, options);
			else this.doc.text(run.text, options);
		});
		return this.doc.y;
	}
}

/** A piece of the CV that is placed as a whole (moved to the next page rather than cut). */
interface Block {
	measure(column: Column): number;
	draw(column: Column, y: number, parent: Struct): void;
	/** A section title: keep it with the block that follows. */
	keepWithNext?: boolean;
	/** Space above the block. */
	before: number;
}

/** A structure element whose content is what `draw` paints (pdfkit runs it at once). */
function tag(doc: Doc, type: string, draw: () => unknown, options: PDFKit.Mixins.StructureElementOptions = {}): Struct {
	return doc.struct(type, options, () => void draw());
}

function artifact(doc: Doc, draw: () => void) {
	doc.markContent('Artifact', { type: 'Layout' });
	draw();
	doc.endMarkedContent();
}

function heading(title: string, theme: Theme, template: CvTemplate): Block {
	const style: TextStyle = { weight: 'bold', size: template === 'clair' ? 10.5 : 11, color: theme.accent, characterSpacing: 0.6 };
	const label = template === 'clair' ? title.toLocaleUpperCase('fr-FR') : title;
	return {
		before: 14,
		keepWithNext: true,
		measure: (c) => c.height(label, style) + 6,
		draw: (c, y, parent) => {
			parent.add(tag(c.doc, 'H2', () => c.write(label, style, y)));
			const ruleY = c.doc.y + 2;
			artifact(c.doc, () => {
				c.doc
					.moveTo(c.x, ruleY)
					.lineTo(c.x + (template === 'accent' ? 28 : c.width), ruleY)
					.lineWidth(template === 'accent' ? 2 : 0.6)
					.strokeColor(template === 'clair' ? '#9aa5a6' : theme.accent)
					.stroke();
			});
			c.doc.y = ruleY + 4;
		}
	};
}

function paragraph(text: string, theme: Theme, before = 2): Block {
	const style: TextStyle = { size: 10, color: theme.ink, lineGap: 2 };
	return {
		before,
		measure: (c) => c.height(text, style),
		draw: (c, y, parent) => parent.add(tag(c.doc, 'P', () => c.write(text, style, y)))
	};
}

/** A list of short items drawn with bullets ("•") and a hanging indent. */
function bulletList(items: string[], theme: Theme, size = 10): Block {
	const style: TextStyle = { size, color: theme.ink, lineGap: 1.5 };
	const indent = 10;
	return {
		before: 3,
		measure: (c) => items.reduce((h, item) => h + c.height(item, style) * 1 + 1, 0) + (items.length ? 0 : 0),
		draw: (c, y, parent) => {
			const list = c.doc.struct('L');
			parent.add(list);
			let cursor = y;
			for (const item of items) {
				list.add(
					tag(c.doc, 'LI', () => {
						// The bullet is the list item's label: real text, not decoration.
						c.doc.font('latin-regular').fontSize(size).fillColor(theme.accent).text('•', c.x + 1, cursor, { lineBreak: false });
						cursor = c.write(item, style, cursor, indent) + 1;
					})
				);
			}
			list.end();
			c.doc.y = cursor;
		}
	};
}

/**
 * An experience or a training: title, where/when, and its lines. A short entry is one block; a long
 * one keeps its title with its first lines and lets the other lines follow one by one, so that a
 * page break falls between two lines rather than leaving half a page empty.
 */
function entry(
	item: { title: string; where: string; period: string; bullets: string[] },
	theme: Theme,
	template: CvTemplate
): Block[] {
	const titleStyle: TextStyle = { weight: 'semibold', size: 10.5, color: theme.ink };
	const whereStyle: TextStyle = { size: 9.5, color: theme.muted };
	const gutter = template === 'accent' ? 92 : 0;
	const meta = template === 'accent' ? item.where : [item.where, item.period].filter(Boolean).join(' · ');
	const inner = (c: Column) => new Column(c.doc, c.x + gutter, c.width - gutter);
	const together = item.bullets.length <= 3 ? item.bullets.length : 2;
	const headBullets = bulletList(item.bullets.slice(0, together), theme);
	const measure = (c: Column) => {
		const col = inner(c);
		let h = col.height(item.title, titleStyle);
		if (meta) h += col.height(meta, whereStyle) + 1;
		if (together) h += 1 + headBullets.measure(col);
		if (template === 'accent' && item.period) h = Math.max(h, new Column(c.doc, c.x, gutter - 10).height(item.period, whereStyle));
		return h + 2;
	};
	const head: Block = {
		before: 7,
		measure,
		draw: (c, y, parent) => {
			const col = inner(c);
			const section = c.doc.struct('Div');
			parent.add(section);
			if (template === 'accent' && item.period) {
				const dates = new Column(c.doc, c.x, gutter - 10);
				section.add(tag(c.doc, 'P', () => dates.write(item.period, whereStyle, y + 1)));
			}
			section.add(tag(c.doc, 'H3', () => col.write(item.title, titleStyle, y)));
			let cursor = c.doc.y;
			if (meta) {
				section.add(tag(c.doc, 'P', () => (cursor = col.write(meta, whereStyle, cursor) + 1)));
			}
			if (together) {
				headBullets.draw(col, cursor + 1, section);
				cursor = c.doc.y;
			}
			section.end();
			c.doc.y = Math.max(cursor, y + measure(c) - 2);
		}
	};
	const rest = item.bullets.slice(together).map((bullet): Block => {
		const list = bulletList([bullet], theme);
		return { before: 0, measure: (c) => list.measure(inner(c)), draw: (c, y, parent) => list.draw(inner(c), y, parent) };
	});
	return [head, ...rest];
}

/** Lays blocks out down a column, page after page (pages are buffered: columns can go back). */
class Flow {
	page: number;
	y: number;
	/** Multiplies the space above blocks (below 1 to keep a CV that barely overflows on one page). */
	spacing = 1;

	constructor(
		readonly doc: Doc,
		readonly column: Column,
		readonly top: number,
		startPage: number,
		startY: number,
		readonly onNewPage: (page: number) => void
	) {
		this.page = startPage;
		this.y = startY;
	}

	private goTo(page: number) {
		const range = this.doc.bufferedPageRange();
		while (range.start + range.count - 1 < page) {
			this.doc.addPage();
			range.count += 1;
			this.onNewPage(page);
		}
		this.doc.switchToPage(page);
	}

	place(blocks: Block[], parent: Struct) {
		const bottom = A4.height - MARGIN.bottom;
		const pageHeight = bottom - this.top;
		blocks.forEach((block, i) => {
			this.goTo(this.page);
			let needed = block.measure(this.column);
			// A title travels with the first entry after it.
			if (block.keepWithNext && blocks[i + 1]) needed += blocks[i + 1]!.before * this.spacing + Math.min(blocks[i + 1]!.measure(this.column), pageHeight / 3);
			const y = this.y + block.before * this.spacing;
			const fits = y + needed <= bottom;
			if (!fits && needed <= pageHeight && this.y > this.top + 1) {
				this.page += 1;
				this.goTo(this.page);
				this.y = this.top;
			} else {
				this.y = y;
			}
			this.doc.y = this.y;
			const pagesBefore = this.doc.bufferedPageRange().count;
			block.draw(this.column, this.y, parent);
			// An entry longer than a page made pdfkit continue on a page it appended.
			const pagesAfter = this.doc.bufferedPageRange().count;
			if (pagesAfter > pagesBefore) this.page = pagesAfter - 1;
			this.y = this.doc.y;
		});
	}
}

function contactItems(cv: CvContent): { text: string; link?: string }[] {
	const items: { text: string; link?: string }[] = [];
	if (cv.contact.commune) items.push({ text: cv.contact.commune });
	if (cv.contact.phone) items.push({ text: cv.contact.phone, link: `tel:${cv.contact.phone.replace(/[^\d+]/g, '')}` });
	if (cv.contact.email) items.push({ text: cv.contact.email, link: `mailto:${cv.contact.email}` });
	for (const l of cv.contact.links) items.push({ text: l.label || l.url, link: l.url });
	return items;
}

function mainBlocks(cv: CvContent, theme: Theme, template: CvTemplate, withSideSections: boolean): Block[] {
	const blocks: Block[] = [];
	const section = (title: string, content: Block[]) => {
		if (content.length === 0) return;
		blocks.push(heading(title, theme, template), ...content);
	};
	if (cv.summary) section(SECTION_TITLES.summary, [paragraph(cv.summary, theme)]);
	section(
		SECTION_TITLES.experiences,
		cv.experiences.flatMap((e) => entry({ title: e.title, where: experienceWhere(e), period: formatPeriod(e), bullets: e.bullets }, theme, template))
	);
	section(
		SECTION_TITLES.trainings,
		cv.trainings.flatMap((t) =>
			template === 'accent'
				? entry({ title: t.title, where: trainingWhere(t, { withYear: false }), period: t.year ?? '', bullets: [] }, theme, template)
				: entry({ title: t.title, where: trainingWhere(t), period: '', bullets: [] }, theme, template)
		)
	);
	if (withSideSections) blocks.push(...sideBlocks(cv, theme, template));
	return blocks;
}

function sideBlocks(cv: CvContent, theme: Theme, template: CvTemplate): Block[] {
	const blocks: Block[] = [];
	const inline = template !== 'colonnes';
	const list = (title: string, items: string[]) => {
		if (items.length === 0) return;
		blocks.push(heading(title, theme, template), inline ? paragraph(items.join(' · '), theme, 3) : bulletList(items, theme, 9.5));
	};
	list(SECTION_TITLES.skills, cv.skills);
	list(SECTION_TITLES.softSkills, cv.softSkills);
	list(SECTION_TITLES.languages, cv.languages.map(languageLine));
	list(SECTION_TITLES.mobility, mobilityLines(cv.mobility));
	list(SECTION_TITLES.interests, cv.interests);
	return blocks;
}

/** The name, the title ("Je cherche…") and, except for `colonnes`, the contact line. */
function drawHeader(doc: Doc, root: Struct, cv: CvContent, theme: Theme, template: CvTemplate, photo: Uint8Array | null, column: Column): number {
	const photoSize = { w: 64, h: 80 };
	const textWidth = photo && template !== 'colonnes' ? column.width - photoSize.w - 16 : column.width;
	const col = new Column(doc, column.x, textWidth);
	let y = MARGIN.top;
	const onBand = template === 'accent';
	let bandHeight = 0;
	if (onBand) {
		const nameH = col.height(fullName(cv.contact), { weight: 'bold', size: 22 }) + col.height(cv.title, { weight: 'semibold', size: 12.5 }) + 2;
		bandHeight = Math.max(nameH, photo ? photoSize.h : 0) + MARGIN.top - 4 + 18;
		artifact(doc, () => doc.rect(0, 0, A4.width, bandHeight).fill(theme.band!));
		y = MARGIN.top - 4;
	}
	root.add(tag(doc, 'H1', () => col.write(fullName(cv.contact), { weight: 'bold', size: 22, color: onBand ? '#ffffff' : theme.ink }, y)));
	root.add(
		tag(doc, 'P', () =>
			col.write(cv.title, { weight: 'semibold', size: 12.5, color: onBand ? '#ffffff' : theme.accent }, doc.y + 2)
		)
	);
	let bottom = doc.y;
	if (photo) {
		const px = template === 'colonnes' ? column.x : column.x + column.width - photoSize.w;
		if (template !== 'colonnes') {
			root.add(
				tag(doc, 'Figure', () => {
					doc.image(Buffer.from(photo), px, y, { fit: [photoSize.w, photoSize.h], align: 'center', valign: 'center' });
				}, { alt: `Photo de ${fullName(cv.contact)}` })
			);
			bottom = Math.max(bottom, y + photoSize.h);
		}
	}
	if (onBand) bottom = Math.max(bottom + 14, bandHeight + 4);
	if (template !== 'colonnes') {
		const items = contactItems(cv);
		if (items.length) {
			const style: TextStyle = { size: 9.5, color: theme.muted };
			let cursorY = bottom + 6;
			root.add(
				tag(doc, 'P', () => {
					items.forEach((item, i) => {
						const sep = i < items.length - 1 ? '   ·   ' : '';
						doc.font('latin-regular').fontSize(9.5).fillColor(item.link ? theme.accent : theme.muted);
						const opts = { width: column.width, continued: i < items.length - 1, link: item.link ?? null, lineGap: 2 };
						if (i === 0) doc.text(item.text, column.x, cursorY, opts);
						else doc.text(item.text, opts);
						if (sep) doc.fillColor(style.color!).text(sep, { continued: true, link: null });
					});
				})
			);
			cursorY = doc.y;
			bottom = cursorY;
		}
	}
	return bottom + 2;
}

/** Draws the side column of `colonnes` on the pages its flow needs. */
function sideColumn(doc: Doc, root: Struct, cv: CvContent, theme: Theme, photo: Uint8Array | null, side: Column) {
	const blocks: Block[] = [];
	const contact = contactItems(cv);
	if (contact.length) {
		blocks.push(heading(SECTION_TITLES.contact, theme, 'colonnes'));
		for (const item of contact) {
			const style: TextStyle = { size: 9.5, color: item.link ? theme.accent : theme.ink, link: item.link };
			blocks.push({
				before: 3,
				measure: (c) => c.height(item.text, style),
				draw: (c, y, parent) => parent.add(tag(c.doc, 'P', () => c.write(item.text, style, y)))
			});
		}
	}
	blocks.push(...sideBlocks(cv, theme, 'colonnes'));
	let startY = MARGIN.top;
	doc.switchToPage(0);
	if (photo) {
		root.add(
			tag(doc, 'Figure', () => {
				doc.image(Buffer.from(photo), side.x, MARGIN.top, { fit: [side.width, 110], align: 'center' });
			}, { alt: `Photo de ${fullName(cv.contact)}` })
		);
		startY = MARGIN.top + 118;
	}
	const aside = doc.struct('Sect');
	root.add(aside);
	new Flow(doc, side, MARGIN.top, 0, startY - 14, () => undefined).place(blocks, aside);
	aside.end();
}

/** Renders the CV to PDF bytes. */
export function renderCvPdf(cv: CvContent, options: CvPdfOptions = {}): Promise<Buffer> {
	const template = options.template ?? 'clair';
	const theme = THEMES[template];
	const photo = options.photo ?? null;
	const name = fullName(cv.contact);
	const doc = new PDFDocument({
		size: 'A4',
		margins: MARGIN,
		pdfVersion: '1.7',
		tagged: true,
		lang: 'fr-FR',
		displayTitle: true,
		bufferPages: true,
		autoFirstPage: false,
		// No default font: pdfkit would otherwise load Helvetica's metrics for every document, unused.
		font: '',
		info: {
			Title: `CV de ${name} : ${cv.title}`,
			Author: name,
			Subject: cv.title,
			Creator: 'Tremplin',
			Producer: 'Tremplin (pdfkit)',
			CreationDate: options.createdAt ?? new Date()
		}
	});
	const fonts = cvFonts();
	for (const script of ['latin', 'arabic'] as const) {
		for (const weight of FONT_WEIGHTS) {
			// A parsed fontkit font is accepted as is: nothing is parsed again for this document.
			doc.registerFont(`${script}-${weight}`, fonts[script][weight] as unknown as Buffer);
			// Opened now (a font is only embedded if some text uses it) to share its laid-out words.
			doc.font(`${script}-${weight}`);
			shareLayouts((doc as unknown as { _font: unknown })._font);
		}
	}
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});

	const sideWidth = 168;
	const sideGap = 22;
	const paintSide = () => {
		if (template !== 'colonnes') return;
		artifact(doc, () => doc.rect(0, 0, MARGIN.left + sideWidth + sideGap / 2, A4.height).fill(theme.side!));
	};
	doc.on('pageAdded', paintSide);
	doc.addPage();

	const root = doc.struct('Document');
	doc.addStructure(root);
	const full = new Column(doc, MARGIN.left, A4.width - MARGIN.left - MARGIN.right);
	const main = template === 'colonnes' ? new Column(doc, MARGIN.left + sideWidth + sideGap, full.width - sideWidth - sideGap) : full;
	const side = new Column(doc, MARGIN.left, sideWidth - 6);

	const headerBottom = drawHeader(doc, root, cv, theme, template, template === 'colonnes' ? null : photo, main);
	const flow = new Flow(doc, main, MARGIN.top, 0, headerBottom, () => undefined);
	const blocks = mainBlocks(cv, theme, template, template !== 'colonnes');
	// A CV that overflows its first page by a few lines is tightened to stay on one page.
	const available = A4.height - MARGIN.bottom - headerBottom;
	const spaces = blocks.reduce((sum, b) => sum + b.before, 0);
	const needed = blocks.reduce((sum, b) => sum + b.before + b.measure(main), 0);
	if (needed > available && needed - spaces * 0.5 <= available - 8) flow.spacing = 0.5;
	flow.place(blocks, root);
	if (template === 'colonnes') sideColumn(doc, root, cv, theme, photo, side);

	root.end();
	doc.end();
	return done;
}
