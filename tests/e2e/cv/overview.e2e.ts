import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arriveAt, collectPageErrors, DEMO_PASSWORD, horizontalOverflow, launchBrowser, newMobileContext, screenshot, signIn, visit } from '../support';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

async function as(email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
	const context = await newMobileContext(browser, options);
	const page = await context.newPage();
	page.setDefaultTimeout(15_000);
	const errors = collectPageErrors(page);
	await signIn(page, email);
	return { context, page, errors };
}

/** A CV written elsewhere, in the JSON Resume format (https://jsonresume.org/schema). */
const RESUME = {
	basics: {
		name: 'Karim Mansour',
		label: 'Vendeur en boulangerie',
		email: 'karim.mansour@example.fr',
		phone: '06 12 34 56 78',
		location: { city: 'Lyon' },
		summary: 'Souriant et ponctuel, j’aime le contact avec les clients.'
	},
	work: [
		{ name: 'Boulangerie Martin', position: 'Vendeur (job d’été)', location: 'Lyon', startDate: '2024-07', endDate: '2024-08', highlights: ['Encaissement et conseil aux clients'] }
	],
	education: [{ institution: 'Lycée Jean Moulin', studyType: 'CAP', area: 'Boulangerie', endDate: '2023' }],
	skills: [{ name: 'Encaissement' }],
	languages: [{ language: 'Français', fluency: 'langue maternelle' }]
};

async function pdfText(bytes: Uint8Array): Promise<string> {
	const pdf = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false }).promise;
	let text = '';
	for (let p = 1; p <= pdf.numPages; p++) {
		for (const item of (await (await pdf.getPage(p)).getTextContent()).items) if ('str' in item) text += `${item.str} `;
	}
	return text.replace(/[\s\u00a0]+/g, ' ');
}

/** Clicks a download link and returns the file the browser saved, with its suggested name. */
async function download(page: Page, link: string): Promise<{ name: string; bytes: Uint8Array }> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`a[href$="${link}"]`).click()]);
	const path = await file.path();
	return { name: file.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
}

const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(selector).click()]);

describe('mes CV : la liste et la page d’un CV', () => {
	let cvPath = '';

	it('Karim crée un CV depuis la liste, arrive à la première étape, et sa page dit ce qui manque', async () => {
		const { context, page, errors } = await as('jeune@tremplin.test');
		try {
			await visit(page, '/jeune');
			await page.getByRole('link', { name: 'Faire mon CV' }).click();
			await arriveAt(page, (u) => u.pathname === '/jeune/cv');
			// Other e2e files may have left CVs to Karim (files run in any order): start from none,
			// removed through the confirmation screen as a youth would.
			for (let left = 10; left > 0 && (await page.locator('a[href*="?supprimer="]').count()) > 0; left--) {
				await page.locator('a[href*="?supprimer="]').first().click();
				await submit(page, 'form[action="?/supprimer"] button[type=submit]');
			}
			expect(await page.getByText(/Pas d’expérience/).count()).toBe(1);
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'cv-liste-vide-360');

			await page.locator('#champ-name').fill('CV vente');
			await page.locator('form[action="?/creer"] button[type=submit]').click();
			await arriveAt(page, (u) => /^\/jeune\/cv\/[0-9a-f-]{36}\/etapes\/coordonnees$/.test(u.pathname), { a11y: false });
			const id = new URL(page.url()).pathname.split('/')[3]!;

			await visit(page, `/jeune/cv/${id}`);
			expect(await page.locator('h1').textContent()).toBe('CV vente');
			expect(await page.locator('.alert-warning').textContent()).toMatch(/Dis ce que tu cherches/);
			expect(await page.locator(`a[href="/jeune/cv/${id}/pdf"]`).count()).toBe(0);
			const early = await page.request.get(`/jeune/cv/${id}/pdf`);
			expect(early.status()).toBe(409);
			expect(await early.text()).toMatch(/pas encore prêt/);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('il importe un CV, choisit un modèle, ajoute une photo et télécharge le PDF, le texte et le JSON', async () => {
		const { context, page, errors } = await as('jeune@tremplin.test');
		try {
			await visit(page, '/jeune/cv');
			await page.locator('.import summary').click();
			await page.locator('form[action="?/importer"] input[name=name]').fill('CV boulangerie');
			await page.locator('#champ-file').setInputFiles({ name: 'cv.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(RESUME)) });
			await page.locator('form[action="?/importer"] button[type=submit]').click();
			await arriveAt(page, (u) => /^\/jeune\/cv\/[0-9a-f-]{36}$/.test(u.pathname) && u.searchParams.get('ok') === 'importe');
			cvPath = new URL(page.url()).pathname;
			expect(await page.locator('h1').textContent()).toBe('CV boulangerie');
			expect(await page.locator('.cv-preview').textContent()).toContain('Vendeur en boulangerie');

			// The "colonnes" template, saved and used by the PDF.
			await page.locator('input[name=template][value=colonnes]').check();
			await page.locator('form[action="?/modele"] button[type=submit]').click();
			await arriveAt(page, (u) => u.searchParams.get('ok') === 'modele');
			expect(await page.locator('input[name=template][value=colonnes]').isChecked()).toBe(true);

			// A photo from a phone: landscape, with EXIF; it comes back as a small portrait.
			const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#a06040' } })
				.jpeg()
				.withExif({ IFD0: { Make: 'PhoneMaker' } })
				.toBuffer();
			await page.locator('#champ-photo').setInputFiles({ name: 'moi.jpg', mimeType: 'image/jpeg', buffer: photo });
			await submit(page, 'form[action="?/photo"] button[type=submit]');
			await arriveAt(page, (u) => u.searchParams.get('ok') === 'photo');
			const src = await page.locator('img.photo').getAttribute('src');
			const stored = await page.request.get(src!);
			expect(stored.headers()['content-type']).toBe('image/jpeg');
			const meta = await sharp(await stored.body()).metadata();
			expect([meta.width, meta.height, meta.exif]).toEqual([600, 750, undefined]);

			// Not a photo: a French message, the old photo stays.
			await page.locator('#champ-photo').setInputFiles({ name: 'moi.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('pas une image') });
			await submit(page, 'form[action="?/photo"] button[type=submit]');
			expect(await page.locator('#champ-photo-erreur').textContent()).toMatch(/n’est pas une photo/);
			expect(await page.locator('img.photo').count()).toBe(1);

			await visit(page, cvPath);
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'cv-apercu-360');

			const pdf = await download(page, '/pdf');
			expect(pdf.name).toBe('CV-Karim-Mansour.pdf');
			const text = await pdfText(pdf.bytes);
			expect(text).toContain('Karim Mansour');
			expect(text).toContain('Vendeur en boulangerie');
			const head = await page.request.get(`${cvPath}/pdf`);
			expect(head.headers()['cache-control']).toBe('private, no-store');
			expect(head.headers()['content-disposition']).toBe(`attachment; filename="CV-Karim-Mansour.pdf"; filename*=UTF-8''CV-Karim-Mansour.pdf`);

			const txt = await download(page, '/texte');
			expect(txt.name).toBe('CV-Karim-Mansour.txt');
			expect(new TextDecoder().decode(txt.bytes)).toMatch(/^Karim Mansour\nVendeur en boulangerie\n/);
			const json = await download(page, '/json');
			expect(json.name).toBe('CV-Karim-Mansour.json');
			expect(JSON.parse(new TextDecoder().decode(json.bytes)).basics.label).toBe('Vendeur en boulangerie');

			await visit(page, '/jeune/cv');
			await screenshot(page, 'cv-liste-360');
			// The refused photo's page answers 400 on purpose; nothing else may fail.
			expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('un autre jeune ne voit ni la page, ni les fichiers, ni la photo de ce CV', async () => {
		expect(cvPath).not.toBe('');
		const { context, page } = await as('jeune2@tremplin.test');
		try {
			await visit(page, cvPath, { status: 404 });
			for (const file of ['pdf', 'texte', 'json', 'photo']) {
				const response = await page.request.get(`${cvPath}/${file}`);
				expect([file, response.status()]).toEqual([file, 404]);
				expect(await response.text()).not.toContain('Karim');
			}
			const rename = await page.request.post(`${cvPath}?/renommer`, { form: { name: 'Piraté' }, headers: { origin: new URL(page.url()).origin } });
			expect(rename.status()).toBe(404);
			await visit(page, '/jeune/cv');
			expect(await page.locator('.cv-name').count()).toBe(0);
		} finally {
			await context.close();
		}
	});

	it('sans JavaScript, il duplique puis supprime un CV après confirmation', async () => {
		// axe cannot run without JavaScript (its timers never fire): same server HTML as the tests above.
		const context = await newMobileContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		page.setDefaultTimeout(15_000);
		try {
			await visit(page, '/connexion', { a11y: false });
			const signInForm = page.locator('form:has(input[name="password"])').first();
			await signInForm.locator('input[name="email"]').fill('jeune@tremplin.test');
			await signInForm.locator('input[name="password"]').fill(DEMO_PASSWORD);
			await submit(page, 'form:has(input[name="password"]) button:not([type]), form:has(input[name="password"]) button[type="submit"]');

			await visit(page, '/jeune/cv', { a11y: false });
			const before = await page.locator('.cv-name').count();
			await submit(page, `li:has(a[href="${cvPath}"]) form[action="?/dupliquer"] button`);
			expect(new URL(page.url()).searchParams.get('ok')).toBe('copie');
			expect(await page.locator('h1').textContent()).toBe('CV boulangerie (copie)');
			expect(await page.locator('img.photo').count()).toBe(1);
			const copyPath = new URL(page.url()).pathname;

			await visit(page, '/jeune/cv', { a11y: false });
			expect(await page.locator('.cv-name').count()).toBe(before + 1);
			await submit(page, `li:has(a[href="${copyPath}"]) a:has-text("Supprimer")`);
			expect(await page.locator('#confirmer').textContent()).toContain('CV boulangerie (copie)');
			await submit(page, 'form[action="?/supprimer"] button[type=submit]');
			expect(new URL(page.url()).searchParams.get('ok')).toBe('supprime');
			expect(await page.locator('.cv-name').count()).toBe(before);
			await visit(page, copyPath, { status: 404, a11y: false });
		} finally {
			await context.close();
		}
	});
});
