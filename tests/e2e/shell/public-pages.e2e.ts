import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, horizontalOverflow, launchBrowser, newDesktopContext, newMobileContext, screenshot, visit } from '../support';

/** The pages anyone can read without an account (issue #2, section 5). */
const PUBLIC_PAGES = [
	{ path: '/', name: 'accueil' },
	{ path: '/connexion', name: 'connexion' },
	{ path: '/mentions-legales', name: 'mentions-legales' },
	{ path: '/donnees-personnelles', name: 'donnees-personnelles' },
	{ path: '/accessibilite', name: 'accessibilite' },
	{ path: '/hors-ligne', name: 'hors-ligne' }
];

async function expectFrenchShell(page: Page) {
	const facts = await page.evaluate(() => ({
		lang: document.documentElement.lang,
		title: document.title,
		main: document.querySelector('main#contenu')?.textContent?.trim().length ?? 0,
		skipLink: Boolean(document.querySelector('a[href="#contenu"]'))
	}));
	expect(facts.lang).toBe('fr');
	expect(facts.title).toMatch(/Tremplin/);
	expect(facts.main, 'un <main id="contenu"> avec du contenu').toBeGreaterThan(0);
	expect(facts.skipLink, 'un lien d’évitement vers #contenu').toBe(true);
}

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe.each(PUBLIC_PAGES)('la page publique $path', ({ path, name }) => {
	it('s’affiche en français sur un téléphone de 360 px, sans débordement, accessible', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		const errors = collectPageErrors(page);
		await visit(page, path);
		await expectFrenchShell(page);
		expect(await horizontalOverflow(page)).toBe(0);
		await screenshot(page, `shell-${name}-360`);
		// The skip link is the first thing the keyboard reaches.
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#contenu');
		expect(errors.join('\n'), 'aucune erreur JavaScript ni violation de CSP').toBe('');
		await context.close();
	});

	it('tient dans un écran de 320 px', async () => {
		const context = await newMobileContext(browser, { viewport: { width: 320, height: 700 } });
		const page = await context.newPage();
		await visit(page, path);
		expect(await horizontalOverflow(page)).toBe(0);
		await screenshot(page, `shell-${name}-320`);
		await context.close();
	});

	it('reste accessible sur un écran d’ordinateur', async () => {
		const context = await newDesktopContext(browser);
		const page = await context.newPage();
		await visit(page, path);
		await expectFrenchShell(page);
		expect(await horizontalOverflow(page)).toBe(0);
		await screenshot(page, `shell-${name}-1280`);
		await context.close();
	});
});

describe('une adresse inconnue', () => {
	it('répond 404 avec une page en français, accessible', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		await visit(page, '/cette-page-n-existe-pas', { status: 404 });
		expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
		expect(await page.locator('body').innerText()).toMatch(/n'existe pas|n’existe pas|introuvable/i);
		await context.close();
	});
});
