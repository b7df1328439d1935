import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	arriveAt,
	baseUrl,
	checkA11y,
	DEMO_PASSWORD,
	demoId,
	horizontalOverflow,
	launchBrowser,
	newDesktopContext,
	openAs,
	screenshot,
	visit
} from '../support';

/**
 * « Ne pas perdre le contact »: the caseload with its "à recontacter" flag, the youth's file
 * (journal private to the staff, pathway plan shown to the youth), the structure's settings and
 * the transfer of a youth to another Mission Locale.
 */

const KARIM = demoId('youth:jeune'); // jeune@tremplin.test, Lyon
const DYLAN = demoId('youth:lyon-12'); // Dylan Robert, Lyon, never active
const VILLEURBANNE = demoId('structure:ml-villeurbanne');
const NOTE = `Appel du ${Date.now()} : Karim a un entretien chez Logi+ jeudi, confidentiel.`;
const STEP = 'Visite de l’entrepôt Logi+';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const as = (email: string, size: 'mobile' | 'desktop') => openAs(browser, email, size);

describe('le suivi des jeunes', () => {
	it('montre « Mes jeunes » avec les jeunes à recontacter, filtre et trie (1280)', async () => {
		const { context, page, errors } = await as('conseiller@tremplin.test', 'desktop');
		try {
			await visit(page, '/pro?filtre=all');
			const all = await page.locator('main').innerText();
			expect(all).toContain('À recontacter');
			expect(all).toMatch(/il y a \d+ jours · (message|téléphone|activité dans Tremplin)/);
			await screenshot(page, 'suivi-mes-jeunes-desktop');

			// The "À recontacter" chip, without JavaScript-only tricks: a plain GET form.
			await page.locator('label.chip', { hasText: 'À recontacter' }).click();
			await page.locator('#tri').selectOption('name');
			await page.getByRole('button', { name: 'Afficher' }).click();
			await arriveAt(page, (u) => u.searchParams.get('filtre') === 'recontact' && u.searchParams.get('tri') === 'name');
			const late = await page.locator('table.youth-table tbody').innerText();
			expect(late).toContain('Dylan Robert');
			expect(late).not.toContain('Karim');
			expect(await page.locator('table.youth-table tbody tr').count()).toBe(await page.locator('table.youth-table .badge-alert').count());
			await screenshot(page, 'suivi-a-recontacter-desktop');

			// The former "sans nouvelles" address still works.
			await visit(page, '/pro?filtre=quiet');
			expect(await page.locator('label.chip', { hasText: 'À recontacter' }).locator('input').isChecked()).toBe(true);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('écrit une note de journal sans JavaScript et ajoute une étape au plan (1280)', async () => {
		// Without JavaScript axe cannot run in the page: the same pages are checked in the other tests.
		const context = await newDesktopContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await page.goto(new URL('/connexion', baseUrl()).toString());
			await page.locator('input[name="email"]').fill('conseiller@tremplin.test');
			await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Se connecter' }).click();
			await page.waitForURL((u) => u.pathname === '/pro');
			await visit(page, `/pro/jeunes/${KARIM}`, { a11y: false });
			await page.locator('#kind').selectOption('phone');
			await page.locator('#body').fill(NOTE);
			await page.getByRole('button', { name: 'Ajouter au journal' }).click();
			await page.getByText('La note est ajoutée au journal.').waitFor();
			const journal = await page.locator('ol.journal').innerText();
			expect(journal).toContain(NOTE);
			expect(journal).toContain('Appel téléphonique');
			expect(journal).toContain('par Julien Moreau');
			// The call is a contact.
			expect(await page.locator('section[aria-labelledby=contact]').innerText()).toContain('aujourd’hui');

			await page.locator('#title').fill(STEP);
			await page.locator('.modes label', { hasText: 'À distance' }).click();
			await page.getByRole('button', { name: "Ajouter l'étape" }).click();
			await page.getByText("L'étape est ajoutée au plan.").waitFor();
			expect(await page.locator('ol.steps').innerText()).toContain(STEP);
			await screenshot(page, 'suivi-dossier-desktop');
		} finally {
			await context.close();
		}
	}, 120_000);

	it('montre l’étape au jeune sur son accueil, jamais la note (360)', async () => {
		const { context, page, errors } = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(page, '/jeune');
			const home = await page.locator('main').innerText();
			expect(home).toContain('Mes prochaines étapes');
			expect(home).toContain(STEP);
			expect(await page.content()).not.toContain(NOTE);
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'suivi-accueil-jeune-mobile');
			// The youth never reaches the file (the journal lives there).
			await page.goto(new URL(`/pro/jeunes/${KARIM}`, page.url()).toString());
			expect(new URL(page.url()).pathname).toBe('/jeune');
			expect(await page.content()).not.toContain(NOTE);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('laisse la direction régler le délai « à recontacter » (1280)', async () => {
		const { context, page, errors } = await as('direction@tremplin.test', 'desktop');
		try {
			await page.getByRole('link', { name: 'Réglages' }).first().click();
			await arriveAt(page, (u) => u.pathname === '/pro/reglages');
			// The server checks what the browser checks (here switched off).
			await page.locator('form[action="?/reglages"]').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
			await page.locator('#recontactAfterDays').fill('400');
			await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
			await expect.poll(() => page.locator('#recontact-erreur').innerText(), { timeout: 10_000 }).toContain('ne peut pas dépasser 365 jours');
			await page.locator('#recontactAfterDays').fill('60');
			await page.locator('#videoFallbackUrl').fill('http://visio.exemple.fr');
			await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
			await expect.poll(() => page.locator('#url-erreur').innerText(), { timeout: 10_000 }).toContain('commence par https://');
			await screenshot(page, 'suivi-reglages-erreur-desktop');
			await page.locator('#videoFallbackUrl').fill('https://visio.exemple.fr/ml-lyon');
			await page.locator('#videoFallbackPhone').fill('04 72 00 00 00');
			await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
			await expect.poll(() => page.locator('main').innerText(), { timeout: 10_000 }).toContain('Les réglages sont enregistrés.');
			await screenshot(page, 'suivi-reglages-desktop');
			await visit(page, '/pro?filtre=all');
			expect(await page.locator('main').innerText()).toContain('depuis plus de 60 jours');
			// Back to the usual delay for the other tests.
			await visit(page, '/pro/reglages');
			expect(await page.locator('#videoFallbackPhone').inputValue()).toBe('+33472000000');
			await page.locator('#recontactAfterDays').fill('30');
			await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
			await expect.poll(() => page.locator('main').innerText(), { timeout: 10_000 }).toContain('Les réglages sont enregistrés.');
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('réserve les réglages à la direction', async () => {
		const { context, page } = await as('conseiller@tremplin.test', 'desktop');
		try {
			expect(await page.getByRole('link', { name: 'Réglages' }).count()).toBe(0);
			const response = await page.goto(new URL('/pro/reglages', page.url()).toString());
			expect(response?.status()).toBe(403);
		} finally {
			await context.close();
		}
	});

	it('transfère un jeune à Villeurbanne : Lyon le perd, Villeurbanne voit tout son historique', async () => {
		const lyon = await as('conseiller@tremplin.test', 'desktop');
		try {
			await visit(lyon.page, `/pro/jeunes/${DYLAN}`);
			await lyon.page.locator('#body').fill('Dylan part vivre à Villeurbanne chez sa sœur.');
			await lyon.page.getByRole('button', { name: 'Ajouter au journal' }).click();
			await expect.poll(() => lyon.page.locator('main').innerText(), { timeout: 10_000 }).toContain('La note est ajoutée au journal.');
			// No reason (browser checks off): a French message from the server, nothing moved.
			await lyon.page.locator('form[action="?/transfer"]').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
			await lyon.page.locator('#toStructureId').selectOption(VILLEURBANNE);
			await lyon.page.getByRole('button', { name: 'Transférer le dossier' }).click();
			await lyon.page.locator('#transferReason-erreur').waitFor();
			expect(await lyon.page.locator('#transferReason-erreur').innerText()).toContain('Indiquez le motif du transfert.');
			expect(await lyon.page.locator('#confirm-erreur').innerText()).toContain('Cochez la case');
			await checkA11y(lyon.page);
			await lyon.page.locator('#transferReason').fill('Déménagement à Villeurbanne');
			await lyon.page.locator('input[name=confirm]').check();
			await lyon.page.getByRole('button', { name: 'Transférer le dossier' }).click();
			await lyon.page.waitForURL((u) => u.pathname === '/pro' && u.searchParams.has('transfere'), { waitUntil: 'commit' });
			await lyon.page.getByText('Le dossier est transféré à « Mission Locale de Villeurbanne »').waitFor();
			await checkA11y(lyon.page);
			await screenshot(lyon.page, 'suivi-transfert-fait-desktop');
			const gone = await lyon.page.goto(new URL(`/pro/jeunes/${DYLAN}`, lyon.page.url()).toString());
			expect(gone?.status()).toBe(404);
			expect(await lyon.page.locator('main').innerText()).toContain('introuvable');
			const conversation = await lyon.page.goto(new URL(`/pro/messages/${DYLAN}`, lyon.page.url()).toString());
			expect(conversation?.status()).toBe(404);
		} finally {
			await lyon.context.close();
		}

		const vbn = await as('conseiller2@tremplin.test', 'desktop');
		try {
			await visit(vbn.page, '/pro?filtre=all');
			expect(await vbn.page.locator('main').innerText()).toContain('Dylan Robert');
			await vbn.page.getByRole('link', { name: 'Dylan Robert' }).first().click();
			await arriveAt(vbn.page, (u) => u.pathname === `/pro/jeunes/${DYLAN}`);
			const journal = await vbn.page.locator('ol.journal').innerText();
			expect(journal).toContain('Transféré·e de Mission Locale de Lyon vers Mission Locale de Villeurbanne');
			expect(journal).toContain('Dylan part vivre à Villeurbanne chez sa sœur.');
			await screenshot(vbn.page, 'suivi-transfert-villeurbanne-desktop');
			// The conversation came along, with the automatic message that told Dylan.
			await visit(vbn.page, `/pro/messages/${DYLAN}`);
			await vbn.page.getByText('Ton accompagnement continue dans une autre Mission Locale : Mission Locale de Villeurbanne.').waitFor();
			await screenshot(vbn.page, 'suivi-transfert-message-desktop');
			expect(vbn.errors).toEqual([]);
		} finally {
			await vbn.context.close();
		}
	}, 120_000);

	it('affiche le dossier et la liste sans débordement sur téléphone (360)', async () => {
		const { context, page, errors } = await as('conseiller@tremplin.test', 'mobile');
		try {
			for (const path of ['/pro?filtre=recontact', `/pro/jeunes/${KARIM}`]) {
				await visit(page, path);
				expect(await horizontalOverflow(page), path).toBe(0);
				await screenshot(page, `suivi-${path.includes('jeunes') ? 'dossier' : 'liste'}-mobile`);
			}
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
