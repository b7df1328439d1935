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
 * The CV as a standalone HTML document (print CSS, A4) using the same Noto Sans files as web
 * fonts. It is what most CV builders send to a headless browser to get a PDF: `npm run bench:cv`
 * prints it with Chromium to compare with `renderCvPdf`. Every value is escaped.
 */

const escapeHtml = (value: string) =>
	value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface CvHtmlOptions {
	template?: CvTemplate;
	/** Where the font files are served: `${fontBaseUrl}/latin-regular.ttf`, `arabic-bold.ttf`… */
	fontBaseUrl: string;
}

function fontFaces(base: string): string {
	const faces: string[] = [];
	for (const [script, family, range] of [
		['latin', 'CV Sans', ''],
		['arabic', 'CV Sans Arabic', 'unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF;']
	] as const) {
		for (const [weight, css] of [
			['regular', 400],
			['semibold', 600],
			['bold', 700]
		] as const) {
			faces.push(`@font-face{font-family:'${family}';font-weight:${css};src:url('${base}/${script}-${weight}.ttf') format('truetype');${range}}`);
		}
	}
	return faces.join('\n');
}

const STYLE = `
@page { size: A4; margin: 15.5mm 17mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: 'CV Sans', 'CV Sans Arabic', sans-serif; color: #1a1a1a; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 22pt; margin: 0; font-weight: 700; }
.title { font-size: 12.5pt; font-weight: 600; color: var(--accent); margin: 2pt 0 0; }
.contact { color: #4a4a4a; font-size: 9.5pt; margin: 8pt 0 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 0 14pt; }
.contact a { color: var(--accent); text-decoration: none; }
h2 { font-size: 10.5pt; letter-spacing: 0.6pt; color: var(--accent); margin: 14pt 0 4pt; padding-bottom: 2pt; border-bottom: 0.6pt solid #9aa5a6; break-after: avoid; }
.clair h2 { text-transform: uppercase; }
h3 { font-size: 10.5pt; font-weight: 600; margin: 0; }
.entry { margin-top: 7pt; break-inside: avoid; }
.where { color: #4a4a4a; font-size: 9.5pt; margin: 1pt 0 0; }
ul.lines { margin: 2pt 0 0; padding-left: 10pt; }
ul.lines li::marker { color: var(--accent); }
p { margin: 2pt 0 0; }
.photo { float: right; width: 64pt; height: 80pt; object-fit: cover; }
`;

function section(title: string, body: string): string {
	return body ? `<section><h2>${escapeHtml(title)}</h2>${body}</section>` : '';
}

export function renderCvHtml(cv: CvContent, options: CvHtmlOptions, photoDataUrl?: string): string {
	const template = options.template ?? 'clair';
	const accent = { clair: '#0b5f63', accent: '#8a2f12', colonnes: '#1f4e79' }[template];
	const contact = [
		cv.contact.commune ? `<li>${escapeHtml(cv.contact.commune)}</li>` : '',
		cv.contact.phone ? `<li><a href="tel:${escapeHtml(cv.contact.phone.replace(/[^\d+]/g, ''))}">${escapeHtml(cv.contact.phone)}</a></li>` : '',
		cv.contact.email ? `<li><a href="mailto:${escapeHtml(cv.contact.email)}">${escapeHtml(cv.contact.email)}</a></li>` : '',
		...cv.contact.links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label || l.url)}</a></li>`)
	].join('');
	const entries = (items: { title: string; where: string; bullets: string[] }[]) =>
		items
			.map(
				(e) =>
					`<div class="entry"><h3>${escapeHtml(e.title)}</h3>${e.where ? `<p class="where">${escapeHtml(e.where)}</p>` : ''}${
						e.bullets.length ? `<ul class="lines">${e.bullets.map((b) => `<li>${escapeHtml(b)}</li>`).join('')}</ul>` : ''
					}</div>`
			)
			.join('');
	const inline = (items: string[]) => (items.length ? `<p>${items.map(escapeHtml).join(' · ')}</p>` : '');
	const body = [
		cv.summary ? section(SECTION_TITLES.summary, `<p>${escapeHtml(cv.summary)}</p>`) : '',
		section(
			SECTION_TITLES.experiences,
			entries(cv.experiences.map((e) => ({ title: e.title, where: [experienceWhere(e), formatPeriod(e)].filter(Boolean).join(' · '), bullets: e.bullets })))
		),
		section(SECTION_TITLES.trainings, entries(cv.trainings.map((t) => ({ title: t.title, where: trainingWhere(t), bullets: [] })))),
		section(SECTION_TITLES.skills, inline(cv.skills)),
		section(SECTION_TITLES.softSkills, inline(cv.softSkills)),
		section(SECTION_TITLES.languages, inline(cv.languages.map(languageLine))),
		section(SECTION_TITLES.mobility, inline(mobilityLines(cv.mobility))),
		section(SECTION_TITLES.interests, inline(cv.interests))
	].join('');
	const name = escapeHtml(fullName(cv.contact));
	return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>CV de ${name} : ${escapeHtml(cv.title)}</title>
<style>${fontFaces(options.fontBaseUrl)}\n:root{--accent:${accent}}${STYLE}</style></head>
<body class="${template}"><header>${photoDataUrl ? `<img class="photo" alt="Photo de ${name}" src="${escapeHtml(photoDataUrl)}">` : ''}<h1>${name}</h1><p class="title">${escapeHtml(cv.title)}</p><ul class="contact">${contact}</ul></header>
<main>${body}</main></body></html>`;
}
