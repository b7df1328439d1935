import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
	arriveAt,
	checkA11y,
	demoId,
	horizontalOverflow,
	launchBrowser,
	openAs,
	screenshot,
	visit
} from '../support';

/**
 * Issue 6, the whole chain in one journey: Léa (jeune2@, Villeurbanne) identifies a skill from
 * something she did, on her phone; her referent (conseiller2@, Amadou Keita) confirms it from his
 * desk; Léa turns it into a signed badge and downloads it; someone without an account checks the
 * file and opens the badge's public page. Every page visited is checked by axe.
 *
 * Léa and « Sens des responsabilités » are used by no other e2e file (soft-skills.e2e.ts gives
 * Léa « Écoute », « Médiation », « Entraide » through the situations; badges.e2e.ts uses Karim),
 * so the files may run in any order against the same server.
 */

const LEA = demoId('youth:jeune2');
const SKILL = 'Sens des responsabilités';
const SKILL_ID = 'responsabilite';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const as = (email: string | null, size: 'mobile' | 'desktop') => openAs(browser, email, size, size === 'mobile' ? { acceptDownloads: true } : {});

async function download(page: Page, linkName: RegExp): Promise<Buffer> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).first().click()]);
	return readFileSync((await file.path())!);
}

it('une qualité repérée par Léa, confirmée par son conseiller, devient un badge vérifiable par tous', { timeout: 240_000 }, async () => {
	const youth = await as('jeune2@tremplin.test', 'mobile');
	const counselor = await as('conseiller2@tremplin.test', 'desktop');
	const visitor = await as(null, 'mobile');
	try {
		// 1. Léa tells what she does at home and picks one skill among the suggestions.
		await visit(youth.page, '/jeune/qualites');
		await youth.page.getByRole('link', { name: 'Partir d’une expérience' }).click();
		await arriveAt(youth.page, (u) => u.pathname === '/jeune/qualites/experience');
		await youth.page.getByLabel('En famille').check();
		await youth.page
			.getByLabel(/Qu’est-ce que tu as fait/)
			.fill('Je garde mon petit frère tous les soirs après l’école : je vais le chercher, je lui fais à manger et je le couche.');
		await youth.page.getByRole('button', { name: 'Voir les qualités que ça montre' }).click();
		await arriveAt(youth.page, (u) => /^\/jeune\/qualites\/experience\/[0-9a-f-]{36}$/.test(u.pathname));
		await youth.page.getByRole('checkbox', { name: new RegExp(`^${SKILL}`) }).check();
		await youth.page.getByLabel('Une phrase pour le prouver (facultatif)').fill('Ma mère travaille de nuit, elle me confie les clés et mon frère.');
		await screenshot(youth.page, 'chaine-qualite-choix-mobile');
		expect(await horizontalOverflow(youth.page)).toBe(0);
		await youth.page.getByRole('button', { name: 'Ajouter à mon profil' }).click();
		await arriveAt(youth.page, (u) => u.pathname === '/jeune/qualites');
		await youth.page.getByText('C’est noté : tes qualités sont dans ton profil.').waitFor();
		const item = youth.page.locator('li', { has: youth.page.getByRole('link', { name: SKILL }) });
		await item.getByText('Pas encore confirmée').waitFor();

		// Not confirmed yet: nothing to turn into a badge for this skill.
		await visit(youth.page, '/jeune/badges');
		expect(await youth.page.getByRole('button', { name: new RegExp(`Obtenir le badge « Savoir-être : ${SKILL} »`) }).count()).toBe(0);

		// 2. Her referent finds her in his list, opens her skills and confirms this one as himself.
		await visit(counselor.page, '/pro');
		await counselor.page.getByRole('link', { name: /Léa Girard/ }).first().click();
		await arriveAt(counselor.page, (u) => u.pathname === `/pro/jeunes/${LEA}`);
		await counselor.page.getByRole('link', { name: 'Voir les qualités repérées par Léa' }).click();
		await arriveAt(counselor.page, (u) => u.pathname === `/pro/jeunes/${LEA}/qualites`);
		const card = counselor.page.locator('li', { has: counselor.page.getByRole('heading', { name: SKILL, exact: true }) });
		await card.getByText('« Ma mère travaille de nuit, elle me confie les clés et mon frère. »').waitFor();
		await card.getByText('Confirmer cette qualité').click();
		await card.getByLabel('Ce que vous avez observé').fill('Léa organise seule la garde de son frère et n’a jamais manqué un rendez-vous pour autant.');
		await card.getByRole('button', { name: 'Confirmer en mon nom' }).click();
		await card.getByText('Votre confirmation est enregistrée').waitFor();
		await card.getByText('Confirmée par Amadou Keita').waitFor();
		await checkA11y(counselor.page);
		await screenshot(counselor.page, 'chaine-conseiller-confirme-desktop');

		// 3. Léa sees it confirmed, then gets the badge.
		await visit(youth.page, '/jeune/qualites');
		await item.getByText(/Confirmée par Amadou Keita/).waitFor();
		await visit(youth.page, `/jeune/qualites/${SKILL_ID}`);
		await youth.page.getByText(/Confirmée par Amadou Keita/).first().waitFor();
		await visit(youth.page, '/jeune');
		await youth.page.getByRole('link', { name: 'Mes badges' }).click();
		await arriveAt(youth.page, (u) => u.pathname === '/jeune/badges');
		await youth.page.getByRole('heading', { name: `Savoir-être : ${SKILL}` }).waitFor();
		await screenshot(youth.page, 'chaine-badge-a-obtenir-mobile');
		await youth.page.getByRole('button', { name: new RegExp(`Obtenir le badge « Savoir-être : ${SKILL} »`) }).click();
		await arriveAt(youth.page, (u) => u.pathname === '/jeune/badges' && u.searchParams.has('nouveau'));
		await youth.page.getByText(new RegExp(`Ton badge « Savoir-être : ${SKILL} » est prêt`)).waitFor();
		expect(await horizontalOverflow(youth.page)).toBe(0);
		await screenshot(youth.page, 'chaine-badge-obtenu-mobile');
		const badgeName = new RegExp(`du badge « Savoir-être : ${SKILL} »`);
		const json = (await download(youth.page, new RegExp(`Télécharger le fichier ${badgeName.source}`))).toString('utf8');
		const png = await download(youth.page, new RegExp(`Télécharger l’image ${badgeName.source}`));
		const credential = JSON.parse(json);
		expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
		expect(credential.credentialSubject.achievement.name).toBe(`Savoir-être : ${SKILL}`);
		expect(credential.credentialSubject.achievement.criteria.narrative).toMatch(/confirmée par Amadou Keita/);
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

		// 4. Someone without an account pastes the file: authentic, by Léa's Mission Locale, to Léa.
		await visit(visitor.page, '/badges/verifier');
		await visitor.page.locator('#credential').fill(json);
		await visitor.page.getByRole('button', { name: 'Vérifier le badge' }).click();
		const verdict = visitor.page.getByTestId('verdict');
		await verdict.waitFor();
		await visitor.page.getByText('Badge authentique').waitFor();
		expect(await verdict.innerText()).toMatch(new RegExp(`« Savoir-être : ${SKILL} », délivré par .*Villeurbanne.* à Léa Girard le \\d`));
		await checkA11y(visitor.page);
		await screenshot(visitor.page, 'chaine-verification-authentique-mobile');
		// The baked image says the same.
		await visit(visitor.page, '/badges/verifier');
		await visitor.page.locator('#fichier').setInputFiles({ name: 'badge.png', mimeType: 'image/png', buffer: png });
		await visitor.page.getByRole('button', { name: 'Vérifier le badge' }).click();
		await visitor.page.getByText('Badge authentique').waitFor();
		expect(await visitor.page.getByTestId('verdict').innerText()).toMatch(/à Léa Girard/);

		// The badge's public page, from the verdict's link: valid.
		await visitor.page.getByRole('link', { name: 'Voir la page du badge' }).click();
		await arriveAt(visitor.page, (u) => u.pathname === new URL(credential.id).pathname);
		await visitor.page.getByText('Badge valable').waitFor();
		await visitor.page.getByText(`Savoir-être : ${SKILL}`).first().waitFor();
		expect(await horizontalOverflow(visitor.page)).toBe(0);
		await screenshot(visitor.page, 'chaine-page-badge-mobile');

		expect([...youth.errors, ...counselor.errors, ...visitor.errors]).toEqual([]);
	} finally {
		await Promise.all([youth.context.close(), counselor.context.close(), visitor.context.close()]);
	}
});
