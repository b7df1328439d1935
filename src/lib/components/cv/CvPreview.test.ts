import { createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { aCv } from '$lib/server/modules/cv/cv.fixtures';
import { cvDraft } from '$lib/server/modules/cv/cv.validation';
import CvPreview from './CvPreview.svelte';

/** The server's HTML without Svelte's hydration comments. */
const html = (props: Record<string, unknown>) => render(CvPreview, { props: props as never }).body.replace(/<!--[^>]*-->/g, '');

describe('CvPreview', () => {
	it('shows typed markup as text (escaped), never as elements', () => {
		const cv = aCv({
			title: 'Vendeur <script>alert(1)</script>',
			summary: '<img src=x onerror="alert(2)"> & « guillemets » 🛒',
			skills: ['<b>gras</b>'],
			contact: { firstName: 'Inès"><svg onload=alert(3)>', lastName: '', links: [{ label: 'Site', url: 'https://example.fr/?a=1&b="2"' }] }
		});
		const body = html({ cv });
		expect(body).not.toMatch(/<script|<img|<svg|<b>/);
		expect(body).toContain('Vendeur &lt;script>alert(1)&lt;/script>');
		expect(body).toContain('&lt;img src=x onerror="alert(2)"> &amp; « guillemets » 🛒');
		expect(body).toContain('href="https://example.fr/?a=1&amp;b=&quot;2&quot;"');
	});

	it('uses headings and lists, anchors every part when asked, and renders what goes under each part', () => {
		const after = createRawSnippet((section: () => string) => ({ render: () => `<p class="after">${section()}</p>` }));
		const body = html({ cv: aCv(), headingLevel: 3, sectionAnchors: true, after });
		expect(body).toMatch(/<h3 class="cv-name[^"]*">Inès Haddad<\/h3>/);
		expect(body).toMatch(/<h4 class="cv-h[^"]*">Expériences<\/h4>/);
		expect(body).toMatch(/<h5 class="cv-entry-title[^"]*">Serveuse \(job d’été\)<\/h5>/);
		for (const part of ['general', 'contact', 'title', 'summary', 'experiences', 'trainings', 'skills', 'softSkills', 'languages', 'mobility', 'interests']) {
			expect(body).toContain(`id="cv-section-${part}"`);
			expect(body).toContain(`<p class="after">${part}</p>`);
		}
		expect(body).toMatch(/<ul class="cv-bullets[^"]*"><li[^>]*>Organisation des repas/);
		expect(html({ cv: aCv() })).not.toContain('id="cv-section-');
	});

	it('renders an empty draft without failing, and its empty parts only when asked', () => {
		const empty = cvDraft.parse({});
		expect(html({ cv: empty })).toContain('CV sans nom');
		expect(html({ cv: empty })).not.toContain('Expériences');
		expect(html({ cv: empty, showEmpty: true })).toContain("Rien pour l'instant.");
		expect(html({ cv: empty })).not.toContain('cv-contact'); // no empty list
	});
});
