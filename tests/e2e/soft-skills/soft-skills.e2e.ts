import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	arriveAt,
	demoId,
	horizontalOverflow,
	launchBrowser,
	openAs,
	screenshot,
	visit
} from '../support';

const KARIM = demoId('youth:jeune'); // jeune@tremplin.test, Lyon, followed by conseiller@ (Julien Moreau)

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const as = (email: string | null, size: 'mobile' | 'desktop') => openAs(browser, email, size);

describe('les qualités (savoir-être)', () => {
	it('Karim repère une qualité dans une expérience, crée un lien ; son coach confirme sans compte ; Karim voit « Confirmée » ; son conseiller confirme aussi', async () => {
		const youth = await as('jeune@tremplin.test', 'mobile');
		const coach = await as(null, 'mobile');
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		try {
			// From the youth home to « Mes qualités » (the demo's qualities are there: the market stall).
			await visit(youth.page, '/jeune');
			await youth.page.getByRole('link', { name: 'Mes qualités' }).click();
			await arriveAt(youth.page, (u) => u.pathname === '/jeune/qualites');
			await screenshot(youth.page, 'qualites-demo-mobile');

			// He tells what he did and picks a skill among the suggestions, with a proof.
			await youth.page.getByRole('link', { name: 'Partir d’une expérience' }).click();
			await arriveAt(youth.page, (u) => u.pathname === '/jeune/qualites/experience');
			await youth.page.getByLabel('Le sport').check();
			await youth.page.getByLabel(/Qu’est-ce que tu as fait/).fill('Je suis capitaine de mon équipe de foot, je calme les disputes et je motive le groupe.');
			await screenshot(youth.page, 'qualites-experience-mobile');
			await youth.page.getByRole('button', { name: 'Voir les qualités que ça montre' }).click();
			await arriveAt(youth.page, (u) => /^\/jeune\/qualites\/experience\/[0-9a-f-]{36}$/.test(u.pathname));
			await youth.page.getByRole('checkbox', { name: /^Coopération/ }).check();
			await youth.page.getByLabel('Une phrase pour le prouver (facultatif)').fill('J’organise les entraînements du samedi avec le coach.');
			await screenshot(youth.page, 'qualites-choix-mobile');
			expect(await horizontalOverflow(youth.page)).toBe(0);
			await youth.page.getByRole('button', { name: 'Ajouter à mon profil' }).click();
			await arriveAt(youth.page, (u) => u.pathname === '/jeune/qualites');
			await youth.page.getByText('C’est noté : tes qualités sont dans ton profil.').waitFor();
			// The bars are read as a table by screen readers.
			expect(await youth.page.getByRole('table', { name: 'Mes qualités par famille' }).locator('tr', { hasText: 'Travail en équipe' }).innerText()).toMatch(/Travail en équipe\s+1\s+0/);
			await screenshot(youth.page, 'qualites-profil-mobile');

			// He creates a confirmation link for it.
			await youth.page.getByRole('link', { name: 'Coopération' }).click();
			await arriveAt(youth.page, (u) => u.pathname === '/jeune/qualites/cooperation');
			await youth.page.getByLabel(/Pour qui/).fill('Mon coach de foot');
			await youth.page.getByRole('button', { name: 'Créer un lien de confirmation' }).click();
			await youth.page.getByText('Ton lien est prêt').waitFor();
			const link = await youth.page.getByLabel('Lien à envoyer').inputValue();
			expect(link).toMatch(/\/confirmer\/[A-Za-z0-9_-]{43}$/);
			await screenshot(youth.page, 'qualites-lien-mobile');
			expect(await horizontalOverflow(youth.page)).toBe(0);

			// The coach opens it in a fresh browser, without an account, and confirms.
			const token = new URL(link).pathname;
			await visit(coach.page, token);
			await coach.page.getByRole('heading', { name: 'Karim M. vous demande de confirmer une qualité' }).waitFor();
			await coach.page.getByText('« J’organise les entraînements du samedi avec le coach. »').waitFor();
			await screenshot(coach.page, 'qualites-confirmer-mobile');
			// A mistake first: nothing is used up.
			await Promise.all([coach.page.waitForNavigation({ waitUntil: 'load' }), coach.page.getByRole('button', { name: 'Je confirme cette qualité' }).click()]);
			await arriveAt(coach.page, (u) => u.pathname === token);
			await coach.page.getByText('Votre nom : de 2 à 80 caractères.').waitFor();
			await screenshot(coach.page, 'qualites-confirmer-erreur-mobile');
			await coach.page.getByLabel('Votre nom').fill('Samir Benali');
			await coach.page.getByLabel('Votre rôle auprès de Karim M.').fill('Coach du FC Lyon Est');
			await coach.page.getByLabel('Ce que vous avez observé, en une phrase').fill('Karim met tout le monde d’accord et fait jouer l’équipe ensemble.');
			await coach.page.getByRole('button', { name: 'Je confirme cette qualité' }).click();
			await arriveAt(coach.page, (u) => u.pathname === '/confirmer/merci');
			await coach.page.getByText('Votre confirmation est enregistrée.').waitFor();

			// The link served once: opened again, it says so, and changes nothing.
			await visit(coach.page, token, { status: 404 });
			await coach.page.getByRole('heading', { name: 'Ce lien n’est plus valable' }).waitFor();
			await visit(coach.page, '/confirmer/' + 'A'.repeat(43), { status: 404 });
			await coach.page.getByRole('heading', { name: 'Ce lien n’est plus valable' }).waitFor();
			await screenshot(coach.page, 'qualites-lien-plus-valable-mobile');

			// Karim sees « Confirmée par Samir Benali ».
			await visit(youth.page, '/jeune/qualites/cooperation');
			await youth.page.getByText('Confirmée par Samir Benali').waitFor();
			await screenshot(youth.page, 'qualites-confirmee-mobile');
			await visit(youth.page, '/jeune/qualites');
			await youth.page.getByText('Confirmée par Samir Benali').waitFor();

			// His counselor reads the profile from the youth file and confirms it as himself.
			await visit(counselor.page, `/pro/jeunes/${KARIM}`);
			await counselor.page.getByRole('link', { name: 'Voir les qualités repérées par Karim' }).click();
			await arriveAt(counselor.page, (u) => u.pathname === `/pro/jeunes/${KARIM}/qualites`);
			// The demo gave Karim other qualities (one already confirmed by Julien): work on « Coopération » only.
			const cooperation = counselor.page.locator('li.card', { has: counselor.page.getByRole('heading', { name: 'Coopération' }) });
			await cooperation.getByText('Confirmer cette qualité').click();
			await cooperation.getByLabel('Ce que vous avez observé').fill('Karim a animé l’atelier de groupe avec beaucoup d’écoute.');
			await cooperation.getByRole('button', { name: 'Confirmer en mon nom' }).click();
			await counselor.page.getByText('Votre confirmation est enregistrée').waitFor();
			await cooperation.getByText(/Confirmée par Julien Moreau/).waitFor();
			await screenshot(counselor.page, 'qualites-conseiller-desktop');

			// The coach's 400 (the mistake) and 404s (used and forged links) are expected answers.
			expect([...youth.errors, ...coach.errors.filter((e) => !/status of (400|404)/.test(e)), ...counselor.errors]).toEqual([]);
		} finally {
			await Promise.all([youth.context.close(), coach.context.close(), counselor.context.close()]);
		}
	});

	it('les situations proposent des qualités que le jeune choisit', async () => {
		const youth = await as('jeune2@tremplin.test', 'mobile');
		try {
			await visit(youth.page, '/jeune/qualites/situations');
			// One situation per screen: answer two of them, pass the others, go back once.
			const picks: Record<string, string> = { foot: 'a', 'nouvel-outil': 'b' };
			const submit = youth.page.getByRole('button', { name: 'Voir mes qualités' });
			for (let i = 0; !(await submit.isVisible()); i++) {
				expect(i).toBeLessThan(12);
				const visible = youth.page.locator('fieldset.situation:visible');
				expect(await visible.count()).toBe(1);
				const name = await visible.locator('input[type="radio"]').first().getAttribute('name');
				if (name && picks[name]) {
					await visible.locator(`input[value="${picks[name]}"]`).check();
					if (name === 'foot') await screenshot(youth.page, 'qualites-situations-mobile');
					await youth.page.getByRole('button', { name: 'Suivant' }).click();
				} else {
					await youth.page.getByRole('button', { name: 'Passer cette situation' }).click();
				}
				if (i === 1) {
					await youth.page.getByRole('button', { name: 'Précédent' }).click();
					await youth.page.getByRole('button', { name: /^(Suivant|Passer cette situation)$/ }).click();
				}
			}
			expect(await horizontalOverflow(youth.page)).toBe(0);
			await submit.click();
			await youth.page.getByRole('heading', { name: 'Ce que tes réponses montrent' }).waitFor();
			await screenshot(youth.page, 'qualites-situations-resultat-mobile');
			// « Écoute » comes from both answers: ticked already; the youth untick nothing else and adds.
			expect(await youth.page.getByRole('checkbox', { name: /^Écoute/ }).isChecked()).toBe(true);
			await youth.page.getByRole('button', { name: 'Ajouter à mon profil' }).click();
			await arriveAt(youth.page, (u) => u.pathname === '/jeune/qualites');
			await youth.page.getByRole('link', { name: 'Écoute' }).waitFor();
			expect(youth.errors).toEqual([]);
		} finally {
			await youth.context.close();
		}
	});

	it('le référentiel se modifie en brouillon par l’administration ; un autre conseiller ne voit rien', async () => {
		const admin = await as('admin@tremplin.test', 'desktop');
		const other = await as('conseiller2@tremplin.test', 'desktop');
		try {
			await visit(admin.page, '/admin/savoir-etre');
			await admin.page.getByText('Modifier « Ponctualité »').click();
			await admin.page.locator('#definition-ponctualite').fill('Être à l’heure et respecter les horaires prévus avec les autres.');
			await admin.page.locator('form[action$="modifier"]:has(#definition-ponctualite)').getByRole('button', { name: 'Enregistrer dans le brouillon' }).click();
			await admin.page.getByText('Qualité modifiée dans le brouillon.').waitFor();
			await admin.page.getByText('brouillon de la version 2').waitFor();
			await screenshot(admin.page, 'qualites-admin-desktop');
			await admin.page.getByRole('button', { name: 'Abandonner le brouillon' }).click();
			await admin.page.getByText('Le brouillon est abandonné.').waitFor();

			// conseiller2 works at Villeurbanne: Karim (Lyon) is « not found ».
			const karim = await other.page.goto(new URL(`/pro/jeunes/${KARIM}/qualites`, other.page.url()).toString());
			expect(karim?.status()).toBe(404);
		} finally {
			await Promise.all([admin.context.close(), other.context.close()]);
		}
	});
});
