import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, launchBrowser, newMobileContext, openAs, url, visit } from '../support';

/**
 * On a slow phone the page shows (server-rendered) long before its JavaScript runs: what is typed
 * meanwhile must survive the moment Svelte takes the page over (hydration).
 */
let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** Holds the page's scripts back until `release()` (a slow phone on a poor network). */
async function delayScripts(page: Page): Promise<() => void> {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await released;
		await route.continue();
	});
	return release;
}

describe('quand le JavaScript arrive tard', () => {
	it('ce qui a été tapé avant reste dans le formulaire de connexion', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		try {
			// The page's scripts wait until the fields are filled.
			const release = await delayScripts(page);
			await page.goto(url('/connexion'), { waitUntil: 'domcontentloaded' });
			const email = page.locator('input[name="email"]');
			const password = page.locator('input[name="password"]');
			await email.fill('jeune@tremplin.test');
			await password.fill('tremplin-demo');
			release();
			// Hydrated once the "show password" button works (without JavaScript it does nothing).
			const toggle = page.getByRole('button', { name: 'Afficher le mot de passe' });
			for (let tries = 0; tries < 40 && (await password.getAttribute('type')) !== 'text'; tries++) {
				await toggle.click();
				await page.waitForTimeout(250);
			}
			expect(await password.getAttribute('type')).toBe('text');
			expect(await email.inputValue()).toBe('jeune@tremplin.test');
			expect(await password.inputValue()).toBe('tremplin-demo');
			await checkA11y(page);
		} finally {
			await context.close();
		}
	});

	it('ce qui a été collé dans une zone de texte reste aussi (vérifier un badge)', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		try {
			const release = await delayScripts(page);
			const hydrated = page.waitForResponse((r) => r.url().includes('/_app/immutable/') && r.url().endsWith('.js'));
			await page.goto(url('/badges/verifier'), { waitUntil: 'domcontentloaded' });
			const credential = page.locator('textarea[name="credential"]');
			await credential.fill('{"type": ["VerifiableCredential"]}');
			release();
			await hydrated;
			await page.waitForLoadState('networkidle');
			await page.waitForTimeout(500);
			expect(await credential.inputValue()).toBe('{"type": ["VerifiableCredential"]}');
			await checkA11y(page);
		} finally {
			await context.close();
		}
	});

	it('et dans les formulaires des professionnels (réglages de la structure)', async () => {
		const manager = await openAs(browser, 'direction@tremplin.test', 'desktop');
		try {
			const phone = manager.page.locator('input[name="videoFallbackPhone"]');
			const link = manager.page.locator('input[name="videoFallbackUrl"]');
			// Fields that already hold a value (the settings as the follow-up tests leave them):
			// hydration writes the server's value into each one.
			await visit(manager.page, '/pro/reglages');
			await link.fill('https://visio.exemple.fr/ml-lyon');
			await phone.fill('04 72 00 00 00');
			await manager.page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
			await manager.page.getByText('Les réglages sont enregistrés.').waitFor();

			// The pages seen so far installed the service worker, which would serve the scripts from
			// its cache, out of reach of delayScripts: without it, the next page waits for them.
			await manager.page.evaluate(async () => {
				for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
			});
			const release = await delayScripts(manager.page);
			const hydrated = manager.page.waitForResponse((r) => r.url().includes('/_app/immutable/') && r.url().endsWith('.js'));
			await manager.page.goto(url('/pro/reglages'), { waitUntil: 'domcontentloaded' });
			expect(await manager.page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
			expect(await phone.inputValue()).toBe('+33472000000');
			await phone.fill('04 78 11 22 33');
			await link.fill('https://visio.exemple.fr/autre-salle');
			release();
			await hydrated;
			await manager.page.waitForLoadState('networkidle');
			await manager.page.waitForTimeout(500);
			expect(await phone.inputValue()).toBe('04 78 11 22 33');
			expect(await link.inputValue()).toBe('https://visio.exemple.fr/autre-salle');
		} finally {
			await manager.context.close();
		}
	});
});
