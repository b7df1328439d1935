import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	demoId,
	horizontalOverflow,
	launchBrowser,
	openAs,
	screenshot,
	visit
} from '../support';

/**
 * Every space, as each demo person sees it, at 360×800 and 1280×800: the pages answer, fit the
 * screen, pass axe (inside `visit`), raise no script or CSP error — and the doors that must stay
 * closed stay closed.
 */

const LYON = demoId('structure:ml-lyon');
const VILLEURBANNE = demoId('structure:ml-villeurbanne');
const KARIM = demoId('youth:jeune'); // jeune@tremplin.test, Lyon
const LEA = demoId('youth:jeune2'); // jeune2@tremplin.test, Villeurbanne

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

type Size = 'mobile' | 'desktop';
const as = (email: string, size: Size) => openAs(browser, email, size);

async function tour(email: string, size: Size, paths: string[], name: string) {
	const { context, page, errors } = await as(email, size);
	try {
		for (const path of paths) {
			await visit(page, path);
			expect(new URL(page.url()).pathname, `${path} a redirigé vers ${page.url()}`).toBe(path.split('?')[0]);
			expect(await horizontalOverflow(page), `${path} déborde en largeur`).toBe(0);
			await screenshot(page, `${name}-${path.replace(/[/?=]+/g, '-').replace(/^-|-$/g, '') || 'accueil'}-${size}`);
		}
		expect(errors).toEqual([]);
	} finally {
		await context.close();
	}
}

describe('l’espace jeune', () => {
	for (const size of ['mobile', 'desktop'] as Size[]) {
		it(`se visite au complet (${size})`, async () => {
			await tour('jeune@tremplin.test', size, ['/jeune', '/jeune/rendez-vous', '/jeune/rendez-vous/prendre', '/compte', '/compte/appareils', '/compte/mot-de-passe', '/compte/cles-d-acces', '/trouver-ma-mission-locale?q=69100'], 'jeune');
		});
	}

	it('accueille le jeune par son prénom et nomme son conseiller', async () => {
		const { context, page } = await as('jeune@tremplin.test', 'mobile');
		const text = await page.locator('main').innerText();
		expect(text).toContain('Karim');
		expect(text).toMatch(/Ton conseiller/);
		await context.close();
	});

	it('ne laisse pas un jeune entrer dans l’espace professionnel ni lire un autre dossier', async () => {
		const { context, page } = await as('jeune@tremplin.test', 'mobile');
		for (const path of ['/pro', `/pro/jeunes/${LEA}`, '/admin', '/admin/boite-mail']) {
			await page.goto(new URL(path, page.url()).toString());
			expect(new URL(page.url()).pathname, path).toBe('/jeune');
		}
		await context.close();
	});
});

describe('l’espace conseiller', () => {
	for (const size of ['mobile', 'desktop'] as Size[]) {
		it(`se visite au complet (${size})`, async () => {
			await tour(
				'conseiller@tremplin.test',
				size,
				['/pro', '/pro?filtre=all', '/pro?filtre=quiet', '/pro?filtre=recontact&tri=appointment', `/pro/jeunes/${KARIM}`, '/pro/agenda', '/pro/agenda?vue=jour', '/pro/codes', '/compte', '/compte/double-authentification'],
				'conseiller'
			);
		});
	}

	it('montre les jeunes de sa Mission Locale et aucun d’une autre', async () => {
		const { context, page } = await as('conseiller@tremplin.test', 'desktop');
		await visit(page, '/pro?filtre=all');
		const list = await page.locator('main').innerText();
		expect(list).toContain('Karim');
		expect(list).not.toContain('Léa Girard');
		const other = await page.goto(new URL(`/pro/jeunes/${LEA}`, page.url()).toString());
		expect(other?.status()).toBe(404);
		expect(await page.locator('main, body').first().innerText()).toMatch(/n'existe pas|n’existe pas/);
		await context.close();
	});

	it('confie un jeune à une collègue, et l’historique le garde', async () => {
		const { context, page } = await as('conseiller@tremplin.test', 'desktop');
		await visit(page, `/pro/jeunes/${KARIM}`);
		const choice = await page
			.locator('select[name=counselorId] option:not([disabled]):not([value=""])')
			.first()
			.getAttribute('value');
		await page.selectOption('select[name=counselorId]', choice!);
		await page.fill('input[name=reason]', 'Essai de passage de relais');
		await page.getByRole('button', { name: 'Changer de référent·e' }).click();
		await expect.poll(() => page.locator('main').innerText(), { timeout: 10_000 }).toContain('Le changement de référent·e est enregistré.');
		expect(await page.locator('section', { hasText: 'Historique du suivi' }).innerText()).toContain('Essai de passage de relais');
		await context.close();
	});

	it('ne peut pas ouvrir l’administration', async () => {
		const { context, page } = await as('conseiller@tremplin.test', 'mobile');
		await page.goto(new URL('/admin', page.url()).toString());
		expect(new URL(page.url()).pathname).toBe('/pro');
		await context.close();
	});
});

describe('l’administration', () => {
	for (const size of ['mobile', 'desktop'] as Size[]) {
		it(`se visite par la direction (${size})`, async () => {
			await tour('direction@tremplin.test', size, ['/admin', `/admin/structures/${LYON}`, '/admin/communes', '/pro/reglages'], 'direction');
		});
		it(`se visite par la référente réseau (${size})`, async () => {
			await tour('reseau@tremplin.test', size, ['/pro', '/admin', `/admin/structures/${VILLEURBANNE}`], 'reseau');
		});
		it(`se visite par l’administration de la plateforme (${size})`, async () => {
			await tour('admin@tremplin.test', size, ['/admin', '/admin/boite-mail'], 'admin');
		});
	}

	it('refuse à la direction de Lyon la fiche de Villeurbanne', async () => {
		const { context, page } = await as('direction@tremplin.test', 'desktop');
		const response = await page.goto(new URL(`/admin/structures/${VILLEURBANNE}`, page.url()).toString());
		expect(response?.status()).toBe(404);
		const outbox = await page.goto(new URL('/admin/boite-mail', page.url()).toString());
		expect(outbox?.status()).toBe(404);
		await context.close();
	});
});

describe('les partenaires', () => {
	it('voient un espace honnête, sans données de jeunes', async () => {
		for (const email of ['mentor@tremplin.test', 'entreprise@tremplin.test']) {
			const { context, page } = await as(email, 'mobile');
			await visit(page, '/pro');
			const text = await page.locator('main').innerText();
			expect(text).toMatch(/prochainement/);
			expect(text).not.toContain('Karim');
			await page.goto(new URL('/admin', page.url()).toString());
			expect(new URL(page.url()).pathname).toBe('/pro');
			await context.close();
		}
	});
});
