import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	arriveAt,
	collectPageErrors,
	horizontalOverflow,
	launchBrowser,
	newDesktopContext,
	newMobileContext,
	screenshot,
	signIn,
	visit
} from '../support';

/**
 * "Aller vers": an anonymous person asks to be contacted; the request reaches the queue of the
 * Mission Locale that covers their commune (Lyon), and only that one.
 */

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const FIRST_NAME = 'Maëlys';
let requestPath = '';

describe('une demande de contact sans compte', () => {
	it('est envoyée depuis un téléphone pour une commune de Lyon (360×800)', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		const errors = collectPageErrors(page);
		try {
			await visit(page, '/');
			await screenshot(page, 'contact-accueil-mobile');
			await page.getByRole('link', { name: 'Être rappelé·e par une Mission Locale' }).click();
			await arriveAt(page, (u) => u.pathname === '/etre-accompagne');
			await screenshot(page, 'contact-formulaire-etape1-mobile');

			await page.locator('#champ-cp').fill('69003');
			await page.getByRole('button', { name: 'Continuer' }).click();
			await arriveAt(page, (u) => u.searchParams.get('cp') === '69003');
			expect(await page.locator('main').innerText()).toContain('Mission Locale de Lyon');

			// No way to be reached: a French message, nothing sent.
			await page.locator('#champ-firstName').fill(FIRST_NAME);
			await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
			await arriveAt(page, (u) => u.pathname === '/etre-accompagne');
			expect(await page.locator('#champ-phone-erreur').innerText()).toContain('au moins un moyen');
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'contact-formulaire-erreur-mobile');

			await page.locator('#champ-phone').fill('06 98 76 54 32');
			await page.locator('#champ-preferredTime').selectOption('soir');
			await page.locator('#champ-message').fill('Je cherche une formation dans la logistique.');
			await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
			await arriveAt(page, (u) => u.pathname === '/etre-accompagne/merci');
			const text = await page.locator('main').innerText();
			expect(text).toContain('Mission Locale de Lyon');
			expect(text).toContain('quelques jours ouvrés');
			// The demo plans an exceptional closure of Lyon about ten days ahead: the page warns.
			expect(text).toMatch(/Attention\s: ta Mission Locale est fermée le/);
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'contact-merci-mobile');
			// The refused form above answers 400 on purpose (SvelteKit's fail()); nothing else may fail.
			expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('se propose aussi depuis « Trouver ma Mission Locale »', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		try {
			await visit(page, '/trouver-ma-mission-locale?q=69100');
			await screenshot(page, 'contact-trouver-mobile');
			await page.getByRole('link', { name: 'Être rappelé·e par un·e conseiller·e' }).click();
			await arriveAt(page, (u) => u.pathname === '/etre-accompagne' && u.searchParams.get('cp') === '69100');
			expect(await page.locator('main').innerText()).toContain('Mission Locale de Villeurbanne');
			await screenshot(page, 'contact-formulaire-villeurbanne-mobile');
		} finally {
			await context.close();
		}
	});

	it('dit gentiment quand aucune Mission Locale de Tremplin ne couvre la commune', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		try {
			await visit(page, '/etre-accompagne?cp=75011');
			const text = await page.locator('main').innerText();
			expect(text).toContain('Pas encore de Mission Locale sur Tremplin');
			expect(await page.locator('form[method="POST"]').count()).toBe(0);
			await screenshot(page, 'contact-hors-territoire-mobile');
		} finally {
			await context.close();
		}
	});

	it('arrive chez le conseiller de Lyon, qui l’attribue puis la marque contactée (1280×800)', async () => {
		const context = await newDesktopContext(browser);
		const page = await context.newPage();
		const errors = collectPageErrors(page);
		try {
			await signIn(page, 'conseiller@tremplin.test');
			await visit(page, '/pro/demandes');
			expect(await page.locator('main').innerText()).toContain(FIRST_NAME);
			await screenshot(page, 'contact-pro-file-desktop');

			await page.getByRole('link', { name: new RegExp(FIRST_NAME) }).first().click();
			await arriveAt(page, (u) => u.pathname.startsWith('/pro/demandes/'));
			requestPath = new URL(page.url()).pathname;
			expect(await page.locator('main').innerText()).toContain('Je cherche une formation dans la logistique.');
			await screenshot(page, 'contact-pro-detail-desktop');

			await page.getByRole('button', { name: 'Attribuer' }).click();
			await page.waitForSelector('text=Demande attribuée.');
			expect(await page.locator('main').innerText()).toContain('Attribuée');

			await page.getByRole('button', { name: 'Marquer comme contacté·e' }).click();
			await page.waitForSelector('text=Demande marquée comme contactée.');
			expect(await page.locator('main .badge').first().innerText()).toBe('Contactée');
			await visit(page, requestPath);
			await screenshot(page, 'contact-pro-detail-contactee-desktop');

			await page.getByRole('button', { name: 'Créer un code d’activation' }).click();
			await page.waitForSelector('[data-testid="code-activation"]');
			expect(await page.getByTestId('code-activation').innerText()).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/);
			expect(await page.locator('main .badge').first().innerText()).toBe('Compte proposé');
			await screenshot(page, 'contact-pro-code-desktop');
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('se lit aussi sur le téléphone du conseiller (360×800)', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		try {
			await signIn(page, 'conseiller@tremplin.test');
			for (const [path, name] of [
				['/pro/demandes', 'contact-pro-file-mobile'],
				[requestPath, 'contact-pro-detail-mobile']
			] as const) {
				await visit(page, path);
				expect(await horizontalOverflow(page), path).toBe(0);
				await screenshot(page, name);
			}
		} finally {
			await context.close();
		}
	});

	it('n’est pas visible par la Mission Locale de Villeurbanne', async () => {
		const context = await newDesktopContext(browser);
		const page = await context.newPage();
		try {
			await signIn(page, 'conseiller2@tremplin.test');
			await visit(page, '/pro/demandes');
			expect(await page.locator('main').innerText()).not.toContain(FIRST_NAME);
			await visit(page, requestPath, { status: 404 });
		} finally {
			await context.close();
		}
	});
});
