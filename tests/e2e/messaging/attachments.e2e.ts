import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	demoId,
	horizontalOverflow,
	launchBrowser,
	newDesktopContext,
	newMobileContext,
	openAs,
	screenshot,
	signInWithoutJavaScript,
	visit
} from '../support';

const KARIM = demoId('youth:jeune'); // jeune@tremplin.test, Lyon

let browser: Browser;
let dir: string;
beforeAll(async () => {
	browser = await launchBrowser();
	dir = mkdtempSync(path.join(tmpdir(), 'tremplin-pj-'));
});
afterAll(async () => {
	await browser?.close();
});

const as = (email: string, size: 'mobile' | 'desktop') => openAs(browser, email, size);

/** A phone photo with a camera model, GPS position and a sideways orientation in its EXIF. */
async function phonePhoto(): Promise<string> {
	const file = path.join(dir, 'IMG_20250310_GPS.jpg');
	const data = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#2f7d6d' } })
		.composite([{ input: Buffer.from('<svg width="400" height="300"><circle cx="200" cy="150" r="120" fill="#f3c13a"/></svg>'), top: 300, left: 400 }])
		.jpeg()
		.withMetadata({
			orientation: 6,
			exif: { IFD0: { Make: 'PhoneMaker', Model: 'Cheap 3000' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 45/1 0/1' } }
		})
		.toBuffer();
	writeFileSync(file, data);
	return file;
}

describe('les pièces jointes', () => {
	it('un jeune envoie une photo, sa conseillère la voit ; personne d’autre n’y a accès', async () => {
		const youth = await as('jeune@tremplin.test', 'mobile');
		let imageUrl: string;
		try {
			await visit(youth.page, '/jeune/messages');
			const caption = `Ma photo d'identité (${Date.now()})`;
			await youth.page.getByLabel('Ton message').fill(caption);
			await youth.page.getByLabel('Joindre une photo ou un PDF').setInputFiles(await phonePhoto());
			await youth.page.getByText(/Fichier choisi : IMG_20250310_GPS\.jpg/).waitFor();
			await screenshot(youth.page, 'pj-jeune-choix-mobile');
			await Promise.all([youth.page.waitForURL((u) => u.pathname === '/jeune/messages', { waitUntil: 'load' }), youth.page.getByRole('button', { name: 'Envoyer' }).click()]);
			const sent = youth.page.locator('.message', { hasText: caption });
			await sent.waitFor();
			const img = sent.locator('img');
			await img.waitFor();
			expect(await img.getAttribute('loading')).toBe('lazy');
			expect(await img.getAttribute('alt')).toMatch(/Photo envoyée par toi/);
			imageUrl = new URL((await img.getAttribute('src'))!, youth.page.url()).toString();
			await sent.scrollIntoViewIfNeeded();
			await youth.page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
			expect(await horizontalOverflow(youth.page)).toBe(0);
			await screenshot(youth.page, 'pj-jeune-envoyee-mobile');
			expect(youth.errors).toEqual([]);
		} finally {
			await youth.context.close();
		}

		const counselor = await as('conseiller@tremplin.test', 'desktop');
		try {
			await visit(counselor.page, `/pro/messages/${KARIM}`);
			const thumb = counselor.page.locator(`a.thumb[href="${new URL(imageUrl).pathname}"] img`).last();
			await thumb.waitFor();
			await thumb.scrollIntoViewIfNeeded();
			await counselor.page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await thumb.elementHandle());
			await screenshot(counselor.page, 'pj-pro-conversation-desktop');
			// Opening it: the re-encoded image, upright, with no metadata left.
			const response = await counselor.page.request.get(imageUrl);
			expect(response.status()).toBe(200);
			const headers = response.headers();
			expect(headers['content-type']).toBe('image/jpeg');
			expect(headers['x-content-type-options']).toBe('nosniff');
			expect(headers['cache-control']).toMatch(/private/);
			expect(headers['content-security-policy']).toBe("default-src 'none'; sandbox");
			const meta = await sharp(await response.body()).metadata();
			expect(meta).toMatchObject({ width: 900, height: 1200 });
			expect(meta.exif).toBeUndefined();
			const opened = await counselor.context.newPage();
			await opened.goto(imageUrl);
			await screenshot(opened, 'pj-pro-image-ouverte-desktop');
			await opened.close();
			expect(counselor.errors).toEqual([]);
		} finally {
			await counselor.context.close();
		}

		// Another Mission Locale's counselor, a mentor, and someone signed out: 404.
		for (const email of ['conseiller2@tremplin.test', 'mentor@tremplin.test']) {
			const other = await as(email, 'desktop');
			try {
				expect((await other.page.request.get(imageUrl)).status(), email).toBe(404);
			} finally {
				await other.context.close();
			}
		}
		const anonymous = await newDesktopContext(browser);
		try {
			expect((await anonymous.request.get(imageUrl)).status()).toBe(404);
		} finally {
			await anonymous.close();
		}
	});

	it('refuse un fichier qui n’est pas une image avec une phrase claire, sans perdre le texte', async () => {
		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(youth.page, '/jeune/messages');
			const fake = path.join(dir, 'vacances.jpg');
			writeFileSync(fake, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000, 1)]));
			await youth.page.getByLabel('Ton message').fill('Voici le fichier');
			await youth.page.getByLabel('Joindre une photo ou un PDF').setInputFiles(fake);
			await youth.page.getByRole('button', { name: 'Envoyer' }).click();
			await youth.page.getByText('Ce fichier n’est ni une image (JPEG, PNG, WebP) ni un PDF, ou il est abîmé.').waitFor();
			expect(await youth.page.getByLabel('Ton message').inputValue()).toBe('Voici le fichier');
			await screenshot(youth.page, 'pj-jeune-refus-mobile');
		} finally {
			await youth.context.close();
		}
	});

	it('une conseillère partage un parcours : le jeune reçoit un lien vers Tremplin', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		let shared: string;
		try {
			await visit(counselor.page, `/pro/messages/${KARIM}`);
			const select = counselor.page.getByLabel('Partager un parcours');
			const options = await select.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
			expect(options.length).toBeGreaterThan(0);
			shared = options[0]!;
			await select.selectOption(shared);
			await counselor.page.getByRole('button', { name: 'Insérer le lien' }).click();
			const body = counselor.page.getByLabel('Votre réponse');
			expect(await body.inputValue()).toBe(shared);
			await body.fill(`Regarde ce parcours : ${await body.inputValue()} et https://ailleurs.example.com/piege`);
			await screenshot(counselor.page, 'pj-pro-partage-desktop');
			await counselor.page.getByRole('button', { name: 'Envoyer' }).click();
			await counselor.page.locator('.message', { hasText: 'Regarde ce parcours' }).last().waitFor();
		} finally {
			await counselor.context.close();
		}
		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(youth.page, '/jeune/messages');
			const message = youth.page.locator('.message', { hasText: 'Regarde ce parcours' }).last();
			await message.locator(`a[href="${shared}"]`).waitFor();
			expect(await message.locator('a[href*="ailleurs"]').count()).toBe(0);
			await screenshot(youth.page, 'pj-jeune-lien-parcours-mobile');
		} finally {
			await youth.context.close();
		}
	});

	it('une conseillère envoie un PDF : le jeune voit une pastille avec sa taille', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		const name = `Fiche métier ${Date.now()}.pdf`;
		try {
			await visit(counselor.page, `/pro/messages/${KARIM}`);
			const pdf = path.join(dir, name);
			writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
			await counselor.page.getByLabel('Joindre une photo ou un PDF').setInputFiles(pdf);
			await counselor.page.getByText(`Fichier choisi : ${name}`).waitFor();
			await Promise.all([
				counselor.page.waitForURL((u) => u.pathname === `/pro/messages/${KARIM}`, { waitUntil: 'load' }),
				counselor.page.getByRole('button', { name: 'Envoyer' }).click()
			]);
			await counselor.page.locator('.file-chip', { hasText: name }).waitFor();
			expect(counselor.errors).toEqual([]);
		} finally {
			await counselor.context.close();
		}
		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(youth.page, '/jeune/messages');
			const chip = youth.page.locator('.file-chip', { hasText: name });
			await chip.waitFor();
			expect(await chip.innerText()).toMatch(/PDF · 1 Ko/);
			const response = await youth.page.request.get(new URL((await chip.getAttribute('href'))!, youth.page.url()).toString());
			expect(response.headers()['content-type']).toBe('application/pdf');
			expect(response.headers()['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
			expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
			await chip.scrollIntoViewIfNeeded();
			await screenshot(youth.page, 'pj-jeune-pdf-mobile');
		} finally {
			await youth.context.close();
		}
	});

	it('fonctionne sans JavaScript : le jeune envoie une photo seule', async () => {
		const context = await newMobileContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await signInWithoutJavaScript(page, 'jeune@tremplin.test');
			await visit(page, '/jeune/messages', { a11y: false });
			const before = await page.locator('a.thumb').count();
			await page.locator('input[name=file]').setInputFiles(await phonePhoto());
			await Promise.all([
				page.waitForURL((u) => u.pathname === '/jeune/messages', { waitUntil: 'load' }),
				page.getByRole('button', { name: 'Envoyer' }).click()
			]);
			expect(await page.locator('a.thumb').count()).toBe(before + 1);
			await screenshot(page, 'pj-jeune-sans-js-mobile');
		} finally {
			await context.close();
		}
	});

	it('sans JavaScript, un fichier au-delà de la limite du serveur est refusé en français et rien ne part', async () => {
		const context = await newMobileContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await signInWithoutJavaScript(page, 'jeune@tremplin.test');
			await visit(page, '/jeune/messages', { a11y: false });
			const before = await page.locator('.message').count();
			await page.getByLabel('Ton message').fill('Mon CV scanné en très haute qualité');
			// 13 MB: over BODY_SIZE_LIMIT (12M), so adapter-node cuts the body before the form is read.
			await page.locator('input[name=file]').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(13 * 1024 * 1024, 0x20) });
			const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Envoyer' }).click()]);
			expect(response.status()).toBe(413);
			await page.getByText('Fichier trop lourd (10 Mo au plus) : le message n’est pas parti, texte compris.').waitFor();
			await screenshot(page, 'pj-trop-lourd-sans-js-mobile');
			await visit(page, '/jeune/messages', { a11y: false });
			expect(await page.locator('.message').count()).toBe(before);
		} finally {
			await context.close();
		}
	});

	it('le choix des e-mails de messages non lus se règle dans le compte', async () => {
		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(youth.page, '/compte');
			const box = youth.page.getByLabel('Recevoir un e-mail quand j’ai des messages non lus');
			expect(await box.isChecked()).toBe(true);
			await box.uncheck();
			await youth.page.getByRole('button', { name: 'Enregistrer' }).click();
			await youth.page.getByText('Choix enregistré.').waitFor();
			await visit(youth.page, '/compte');
			expect(await youth.page.getByLabel('Recevoir un e-mail quand j’ai des messages non lus').isChecked()).toBe(false);
			await screenshot(youth.page, 'pj-compte-emails-mobile');
			await youth.page.getByLabel('Recevoir un e-mail quand j’ai des messages non lus').check();
			await youth.page.getByRole('button', { name: 'Enregistrer' }).click();
			await youth.page.getByText('Choix enregistré.').waitFor();
		} finally {
			await youth.context.close();
		}
	});
});
