import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, parisDay } from '../../../src/lib/appointments/time';
import {
	arriveAt,
	demoId,
	horizontalOverflow,
	launchBrowser,
	newMobileContext,
	openAs,
	screenshot,
	signIn,
	visit
} from '../support';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const as = (email: string, size: 'mobile' | 'desktop') => openAs(browser, email, size);

async function submit(page: Page, click: () => Promise<void>) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), click()]);
}

describe('planifier un atelier', () => {
	it('le conseiller crée un atelier, ajoute les questions d’un parcours et une question à lui, invite Karim, qui le voit dans « Mes ateliers »', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		const title = `Atelier e2e ${Date.now().toString(36)}`;
		try {
			const { page } = counselor;
			await visit(page, '/pro/ateliers');
			await expect(page.getByRole('link', { name: 'Ateliers' }).first().getAttribute('aria-current')).resolves.toBe('page');
			await submit(page, () => page.getByRole('link', { name: 'Nouvel atelier' }).click());
			await arriveAt(page, (u) => u.pathname === '/pro/ateliers/nouveau');
			await screenshot(page, 'pro-ateliers-nouveau-1280');

			// A title too short: the error is next to the field, the form is refilled.
			await page.locator('input[name=title]').fill('A');
			await submit(page, () => page.getByRole('button', { name: 'Créer l’atelier' }).click());
			await expect(page.locator('#champ-title-erreur').textContent()).resolves.toMatch(/au moins 3/);

			await page.locator('input[name=title]').fill(title);
			await page.locator('input[name=day]').fill(addDays(parisDay(new Date()), 5));
			await page.locator('input[name=time]').fill('10:30');
			await page.locator('select[name=siteId]').selectOption({ index: 1 });
			await submit(page, () => page.getByRole('button', { name: 'Créer l’atelier' }).click());
			await arriveAt(page, (u) => /^\/pro\/ateliers\/[0-9a-f-]{36}$/.test(u.pathname));
			await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
			const workshopPath = new URL(page.url()).pathname;

			// The questions of a Tremplin module.
			await page.locator('select[name=slug]').selectOption('entretien-d-embauche');
			await submit(page, () => page.getByRole('button', { name: 'Ajouter ses questions' }).click());
			const moduleCount = await page.locator('ol.questions > li').count();
			expect(moduleCount).toBeGreaterThanOrEqual(10);

			// An ad-hoc single-choice question: without a right answer first, then complete.
			const adHoc = page.locator('form[action$="ajouterQuestion"]');
			await adHoc.locator('textarea[name=prompt]').fill('Combien de temps avant l’entretien faut-il arriver ?');
			await adHoc.locator('input[name=choice1]').fill('Pile à l’heure');
			await adHoc.locator('input[name=choice2]').fill('5 à 10 minutes avant');
			await adHoc.locator('input[name=choice3]').fill('Une heure avant');
			await adHoc.locator('textarea[name=explanation]').fill('Arriver 5 à 10 minutes avant montre que tu es ponctuel·le, sans gêner.');
			await submit(page, () => page.getByRole('button', { name: 'Ajouter la question' }).click());
			await expect(page.locator('#q-correct-erreur').textContent()).resolves.toMatch(/bonne réponse/);
			await page.locator('form[action$="ajouterQuestion"] input[name=correct][value="2"]').check();
			await submit(page, () => page.getByRole('button', { name: 'Ajouter la question' }).click());
			await expect(page.locator('ol.questions > li')).toBeDefined();
			expect(await page.locator('ol.questions > li').count()).toBe(moduleCount + 1);
			await expect(page.locator('ol.questions > li').last().textContent()).resolves.toMatch(/Combien de temps avant/);

			// Move the new question to the top... of the last two, then invite Karim.
			await submit(page, () => page.getByRole('button', { name: `Monter la question ${moduleCount + 1}` }).click());
			await expect(page.locator('ol.questions > li').nth(moduleCount - 1).textContent()).resolves.toMatch(/Combien de temps avant/);

			await page.locator('input[name=recherche]').fill('Mansour');
			await submit(page, () => page.getByRole('button', { name: 'Rechercher' }).click());
			await page.getByLabel(/Karim Mansour/).check();
			await submit(page, () => page.getByRole('button', { name: 'Inviter les jeunes cochés' }).click());
			await expect(page.locator('ul.invited').textContent()).resolves.toMatch(/Karim Mansour/);
			await arriveAt(page, (u) => u.pathname === workshopPath);
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'pro-atelier-planifie-1280');
			// The two refused submissions above answer 400 on purpose; nothing else may fail.
			expect(counselor.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
		} finally {
			await counselor.context.close();
		}

		const karim = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(karim.page, '/jeune/rendez-vous');
			const section = karim.page.locator('section[aria-labelledby=mes-ateliers]');
			await expect(section.textContent()).resolves.toMatch(title);
			await expect(section.textContent()).resolves.toMatch(/Les codes de l’entretien/);
			expect(await horizontalOverflow(karim.page)).toBe(0);
			await screenshot(karim.page, 'jeune-mes-ateliers-360');
		} finally {
			await karim.context.close();
		}
	}, 240_000);

	it('montre les résultats de l’atelier terminé de démonstration, leur CSV, et l’atelier dans le dossier de Karim', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		try {
			const { page } = counselor;
			const id = demoId('workshop:offre-emploi-terminee');
			await visit(page, `/pro/ateliers/${id}`);
			await expect(page.locator('caption').allTextContents()).resolves.toEqual(
				expect.arrayContaining(['Classement des participants', 'Résultats par question', 'Émargement des jeunes invités'])
			);
			await expect(page.locator('table').first().textContent()).resolves.toMatch(/Karim Mansour/);
			await screenshot(page, 'pro-atelier-resultats-1280');
			const csv = await page.request.get(`/pro/ateliers/${id}/resultats.csv`);
			expect(csv.status()).toBe(200);
			expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="atelier-.*\.csv"$/);
			expect(csv.headers()['cache-control']).toBe('private, no-store');
			const body = await csv.body();
			expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			expect(body.toString('utf8')).toMatch(/Participant;Jeune \(compte Tremplin\);Rang/);

			await visit(page, `/pro/jeunes/${demoId('youth:jeune')}`);
			await expect(page.locator('section[aria-labelledby=ateliers]').textContent()).resolves.toMatch(/Bien lire une offre d’emploi/);

			const mobile = await newMobileContext(browser);
			try {
				const small = await mobile.newPage();
				await signIn(small, 'conseiller@tremplin.test');
				await visit(small, `/pro/ateliers/${id}`);
				expect(await horizontalOverflow(small)).toBe(0);
				await screenshot(small, 'pro-atelier-resultats-360');
				await visit(small, '/pro/ateliers');
				await screenshot(small, 'pro-ateliers-360');
			} finally {
				await mobile.close();
			}
			expect(counselor.errors).toEqual([]);
		} finally {
			await counselor.context.close();
		}
	}, 240_000);
});
