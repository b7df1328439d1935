import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { arriveAt, collectPageErrors, demoId, horizontalOverflow, launchBrowser, newDesktopContext, newMobileContext, screenshot, signIn, visit } from '../support';

/**
 * The digital-skills diagnostic on a phone (360×800): an anonymous visitor takes it all, simulated
 * tasks included (axe on every step and every correction), gets recommendations, signs in as
 * jeune3 (Jade, Sarthe Nord) and keeps the results, signs up for the workshop of her Mission Locale
 * recommended for her weakest area; her referent sees them with the « besoin
 * d'accompagnement » flag; a counselor of another Mission Locale gets « not found ».
 */

const JADE = demoId('youth:jeune3');
const CAMILLE = 'camille.robert@ml-sarthenord.tremplin.test'; // Jade's referent

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const check = (page: Page, name: string, value: string) => page.locator(`input[name="${name}"][value="${value}"]`).check();

/** Answers of Jade: « information » left at « none » on purpose, the rest mostly right. */
async function answer(page: Page, id: string): Promise<void> {
	switch (id) {
		case 'chercher-une-info':
		case 'site-fiable':
			return check(page, 'level', 'no');
		case 'recherche':
			await check(page, 'result', 'annonce-papiers');
			return check(page, 'info', '49,90');
		case 'mail-pro':
			await page.getByLabel('Objet').fill('Candidature au poste d’employé de rayon');
			await check(page, 'greeting', 'madame');
			await page.getByLabel('Message (facultatif)').fill('Bonjour Madame Leroy, je vous envoie ma candidature.');
			return check(page, 'file', 'cv');
		case 'publier':
			for (const v of ['carte', 'pote']) await check(page, 'selected', v);
			return;
		case 'droits-image':
			return check(page, 'choice', 'libre');
		case 'nommer-fichier':
			return check(page, 'choice', 'clair');
		case 'hameconnage':
			for (const v of ['ameli', 'colis']) await check(page, 'selected', v);
			return;
		case 'mot-de-passe':
			await check(page, 'password', 'phrase');
			return check(page, 'reuse', 'partout');
		case 'formulaire':
			await page.getByLabel('Nom', { exact: false }).first().fill('Diallo');
			await page.getByLabel('Prénom').fill('Sam');
			await page.getByLabel('Date de naissance').fill('07/03/2006');
			await page.getByLabel('Commune').fill('Villeurbanne');
			return page.getByLabel('J’ai lu et j’accepte le règlement de la médiathèque').check();
		case 'stockage-plein':
			return check(page, 'choice', 'trier');
		default:
			return check(page, 'level', 'yes');
	}
}

const TASKS = ['recherche', 'mail-pro', 'publier', 'hameconnage', 'mot-de-passe', 'formulaire'];

it('an anonymous visitor takes the whole diagnostic, signs in and keeps the results; the referent sees them', async () => {
	const context = await newMobileContext(browser);
	const page = await context.newPage();

	await visit(page, '/diagnostic');
	await screenshot(page, 'diagnostic-accueil-360');
	await page.getByRole('button', { name: 'Commencer' }).click();
	await arriveAt(page, (u) => u.pathname.startsWith('/diagnostic/etape/'));

	// A forged answer (unknown option) gets a French message and changes nothing.
	const forged = await page.evaluate(async () => {
		const body = new URLSearchParams({ level: 'expert' });
		const r = await fetch(location.pathname, { method: 'POST', body, headers: { accept: 'text/html' } });
		return { status: r.status, text: await r.text() };
	});
	expect(forged.status).toBe(400);
	expect(forged.text).toContain('ne correspond pas aux choix proposés');
	const errors = collectPageErrors(page);

	let steps = 0;
	const seenTasks: string[] = [];
	while (page.url().includes('/diagnostic/etape/')) {
		const id = new URL(page.url()).pathname.split('/').pop()!;
		steps += 1;
		expect(steps).toBeLessThan(40);
		expect(await horizontalOverflow(page)).toBe(0);
		if (steps === 1) await screenshot(page, 'diagnostic-question-360');
		if (TASKS.includes(id)) {
			seenTasks.push(id);
			await expect(page.getByText('Exercice : rien n’est envoyé pour de vrai').isVisible()).resolves.toBe(true);
			await screenshot(page, `diagnostic-tache-${id}-360`);
		}
		await answer(page, id);
		await page.locator('form.answer button[type="submit"]').click();
		await page.waitForURL((u) => u.pathname !== `/diagnostic/etape/${id}` || u.hash === '#correction', { waitUntil: 'load' });
		await page.waitForLoadState('load');
		if (await page.locator('#correction').count()) {
			await arriveAt(page, () => true);
			if (TASKS.includes(id)) await screenshot(page, `diagnostic-correction-${id}-360`);
			await page.getByRole('link', { name: /Continuer|Voir mes résultats/ }).click();
			await page.waitForURL((u) => u.pathname !== `/diagnostic/etape/${id}`, { waitUntil: 'load' });
		}
		await arriveAt(page, () => true);
	}
	expect(seenTasks.sort()).toEqual([...TASKS].sort());
	expect(new URL(page.url()).pathname).toBe('/diagnostic/resultat');

	await expect(page.getByRole('heading', { name: 'Ce que tu peux apprendre ensuite' }).isVisible()).resolves.toBe(true);
	await expect(page.getByRole('heading', { name: 'Ce que tu fais déjà bien' }).isVisible()).resolves.toBe(true);
	await expect(page.getByRole('link', { name: /^Pix/ }).getAttribute('href')).resolves.toBe('https://pix.fr');
	await expect(page.getByRole('link', { name: 'Lire une offre d’emploi' }).isVisible()).resolves.toBe(true);
	const row = page.locator('ul.scores li', { hasText: 'Informations et données' });
	await expect(row.textContent()).resolves.toContain('À découvrir');
	expect(await horizontalOverflow(page)).toBe(0);
	await screenshot(page, 'diagnostic-resultat-360');

	// Signing in on this device: the results become Jade's.
	await signIn(page, 'jeune3@tremplin.test');
	await visit(page, '/jeune');
	const card = page.getByRole('link', { name: 'Tester mes compétences numériques' });
	await expect(card.isVisible()).resolves.toBe(true);
	await screenshot(page, 'diagnostic-jeune-accueil-360');
	await visit(page, '/diagnostic/resultat');
	await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tes résultats');
	await expect(page.getByText('Garde tes résultats').count()).resolves.toBe(0);
	// Her Mission Locale's workshop on finding information (her weakest area) is recommended; she signs up.
	const workshop = page.locator('li.workshop', { hasText: 'Trouver la bonne info en ligne' });
	await expect(workshop.getByText('Sur ce que tu peux apprendre ensuite').isVisible()).resolves.toBe(true);
	await screenshot(page, 'diagnostic-resultat-ateliers-360');
	await workshop.getByRole('button', { name: /M’inscrire/ }).click();
	await arriveAt(page, (u) => u.pathname === '/diagnostic/resultat' && u.searchParams.get('inscrit') === '1');
	await page.getByText('C’est noté : l’atelier est dans tes rendez-vous.').waitFor();
	await expect(workshop.getByText('Tu es inscrit·e.').isVisible()).resolves.toBe(true);
	await visit(page, '/jeune/rendez-vous');
	await page.getByText('Trouver la bonne info en ligne').first().waitFor();
	expect(errors).toEqual([]);
	await context.close();

	// Her referent sees them, with the flag.
	const pro = await newDesktopContext(browser);
	const proPage = await pro.newPage();
	await signIn(proPage, CAMILLE);
	await visit(proPage, `/pro/jeunes/${JADE}`);
	const block = proPage.locator('section[aria-labelledby="numerique"]');
	await expect(block.textContent()).resolves.toMatch(/Besoin d'accompagnement[\s\S]*Informations et données/);
	await block.getByRole('link', { name: /Voir les résultats/ }).click();
	await arriveAt(proPage, (u) => u.pathname === `/pro/jeunes/${JADE}/numerique`);
	await expect(proPage.getByText('Besoin d’accompagnement').isVisible()).resolves.toBe(true);
	await expect(proPage.locator('ul.scores li', { hasText: 'Sécurité' }).textContent()).resolves.toMatch(/\d+\s+sur 100/);
	await screenshot(proPage, 'diagnostic-conseiller-1280');
	await pro.close();

	// A counselor of another Mission Locale: not found.
	const other = await newDesktopContext(browser);
	const otherPage = await other.newPage();
	await signIn(otherPage, 'conseiller@tremplin.test');
	await visit(otherPage, `/pro/jeunes/${JADE}/numerique`, { status: 404 });
	await other.close();
});

it('works without JavaScript: plain forms, the task is scored and explained, progress is kept', async () => {
	const context = await newMobileContext(browser, { javaScriptEnabled: false });
	const page = await context.newPage();
	// `a11y: false`: axe needs timers, which do not run without JavaScript (checked above with it).
	await visit(page, '/diagnostic', { a11y: false });
	await page.getByRole('button', { name: 'Commencer' }).click();
	await page.waitForURL((u) => u.pathname === '/diagnostic/etape/chercher-une-info');
	await check(page, 'level', 'help');
	await page.locator('form.answer button[type="submit"]').click();
	await page.waitForURL((u) => u.pathname === '/diagnostic/etape/site-fiable');

	await visit(page, '/diagnostic/etape/hameconnage', { a11y: false });
	await check(page, 'selected', 'ameli');
	await page.locator('form.answer button[type="submit"]').click();
	await page.waitForURL((u) => u.pathname === '/diagnostic/etape/hameconnage' && u.hash === '#correction');
	await expect(page.locator('#correction h2').textContent()).resolves.toContain('Presque');
	await expect(page.locator('#correction').textContent()).resolves.toContain('cybermalveillance.gouv.fr');

	await visit(page, '/diagnostic', { a11y: false });
	await expect(page.getByRole('button', { name: /Continuer \(2\/\d+\)/ }).isVisible()).resolves.toBe(true);
	await context.close();
});
