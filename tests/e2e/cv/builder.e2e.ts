import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arriveAt, checkA11y, DEMO_PASSWORD, collectPageErrors, horizontalOverflow, launchBrowser, newMobileContext, screenshot, signIn, url, visit } from '../support';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** The CV made by the first test, reused by the others. */
let cvId = '';
const steps = (path: string) => `/jeune/cv/${cvId}/etapes/${path}`;

/** Clicks a button of the builder's form and waits for the next screen (same-document with JavaScript), then runs axe. */
async function answer(page: Page, button: 'Continuer' | 'Passer' | 'Voir mon CV', until: (u: URL) => boolean, shot?: string) {
	await Promise.all([page.waitForURL(until, { waitUntil: 'commit' }), page.getByRole('button', { name: button, exact: true }).click()]);
	await page.locator('h1').waitFor();
	await checkA11y(page);
	if (shot) await screenshot(page, shot);
}
const at = (path: string, q?: string) => (u: URL) => u.pathname.endsWith(`/etapes/${path}`) && (q === undefined ? !u.searchParams.has('q') : u.searchParams.get('q') === q);

describe('le CV pas à pas, sur un téléphone', () => {
	it('une jeune sans expérience « formelle » remplit toutes les étapes et garde une phrase proposée', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		const errors = collectPageErrors(page);
		try {
			await signIn(page, 'jeune3@tremplin.test');
			await visit(page, '/jeune/cv');
			await page.locator('#champ-name').fill('CV animation');
			await page.getByRole('button', { name: /Créer et commencer/ }).click();
			await page.waitForURL(/\/etapes\/coordonnees/, { waitUntil: 'networkidle' });
			cvId = /\/jeune\/cv\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
			await checkA11y(page);
			await expect(page.getByText('Étape 1 sur 9').isVisible()).resolves.toBe(true);
			await screenshot(page, 'cv-etape-1-nom-360');

			await page.getByLabel('Prénom').fill('Jade');
			await answer(page, 'Continuer', at('coordonnees', 'email'), 'cv-etape-1-email-360');
			await page.getByLabel('Adresse e-mail').fill('jade.martin@mail.fr');
			await answer(page, 'Continuer', at('coordonnees', 'telephone'));
			await answer(page, 'Passer', at('coordonnees', 'commune'));
			await page.getByLabel('Ta commune').fill('Mamers');
			await answer(page, 'Continuer', at('titre'), 'cv-etape-2-titre-360');
			await page.getByLabel('Je cherche…').fill('Un emploi d’animatrice périscolaire');
			await answer(page, 'Continuer', at('experiences'), 'cv-etape-3-experiences-vide-360');

			// The phrasing helper: the kind, a few words, proposals to tick and edit.
			await page.getByRole('link', { name: '+ Ajouter une expérience' }).click();
			await page.waitForURL(at('experiences', 'type'), { waitUntil: 'commit' });
			await checkA11y(page);
			await screenshot(page, 'cv-etape-3-genre-360');
			await page.getByLabel(/^Aide à la famille/).check();
			await answer(page, 'Continuer', at('experiences', 'quoi'), 'cv-etape-3-quoi-360');
			await page.getByLabel(/Raconte en quelques mots/).fill('j’ai gardé mes petits frères');
			await answer(page, 'Continuer', at('experiences', 'phrases'));
			await expect(page.getByLabel('Texte de la phrase 1').inputValue()).resolves.toBe('Garde de jeunes enfants de la famille');
			await screenshot(page, 'cv-etape-3-phrases-360');
			await page.getByLabel('Garder la phrase 1').check();
			await page.getByLabel('Sens des responsabilités').check();
			await answer(page, 'Continuer', at('experiences', 'quand'), 'cv-etape-3-quand-360');
			await page.locator('select[name="debut-mois"]').selectOption('9');
			await page.locator('select[name="debut-annee"]').selectOption('2023');
			await page.getByLabel('Je le fais encore').check();
			await answer(page, 'Continuer', at('experiences', 'ou'), 'cv-etape-3-ou-360');
			await page.getByLabel('Avec qui ou pour qui ?').fill('Ma famille');
			await answer(page, 'Continuer', at('experiences'), 'cv-etape-3-experiences-360');
			await expect(page.locator('.item').innerText()).resolves.toContain('Garde de jeunes enfants de la famille');
			// Editing: every detail on one screen, the lines one per line.
			await page.getByRole('link', { name: 'Modifier « Aide à la famille »' }).click();
			await page.waitForURL(at('experiences', 'modifier'), { waitUntil: 'commit' });
			await checkA11y(page);
			await screenshot(page, 'cv-etape-3-modifier-360');
			await page.getByLabel('Ce que tu as fait (une phrase par ligne)').fill('Garde de jeunes enfants de la famille\nAide aux devoirs chaque soir');
			await answer(page, 'Continuer', at('experiences'));
			await expect(page.locator('.item').innerText()).resolves.toContain('Aide aux devoirs chaque soir');

			await answer(page, 'Continuer', at('formations'), 'cv-etape-4-formations-360');
			await page.getByRole('link', { name: 'Je n’ai pas de diplôme' }).click();
			await page.waitForURL(at('formations', 'sans-diplome'), { waitUntil: 'commit' });
			await checkA11y(page);
			await screenshot(page, 'cv-etape-4-sans-diplome-360');
			await page.getByLabel('Dernière classe ou formation suivie (facultatif)').fill('3e');
			await answer(page, 'Continuer', at('competences'), 'cv-etape-5-competences-360');
			await page.getByLabel('Aide aux devoirs').check();
			await answer(page, 'Continuer', at('langues'), 'cv-etape-6-langues-360');
			await page.getByLabel('Langue 1').fill('Français');
			await page.locator('select[name="niveau-0"]').selectOption('Langue maternelle');
			await answer(page, 'Continuer', at('mobilite'), 'cv-etape-7-mobilite-360');
			await page.getByLabel('Comment te déplaces-tu ? (facultatif)').fill('Vélo, transports en commun');
			await answer(page, 'Continuer', at('interets'), 'cv-etape-8-interets-360');
			await page.getByLabel('Football').check();
			await answer(page, 'Continuer', at('resume'), 'cv-etape-9-resume-360');
			expect(await horizontalOverflow(page)).toBe(0);
			await page.getByLabel(/Qui es-tu/).fill('Patiente et fiable, je cherche un premier emploi auprès des enfants.');
			await page.getByRole('button', { name: 'Voir mon CV' }).click();
			await arriveAt(page, (u) => u.pathname === `/jeune/cv/${cvId}`);

			// What the server has (read on a page rendered by the server).
			await visit(page, steps('experiences'));
			const item = await page.locator('.item').innerText();
			expect(item).toContain('Aide à la famille');
			expect(item).toContain('Garde de jeunes enfants de la famille');
			expect(item).toContain('sept.\u00a02023');
			expect(item).toContain('Aide aux devoirs chaque soir');
			await visit(page, steps('competences'));
			await expect(page.getByLabel('Sens des responsabilités').isChecked()).resolves.toBe(true);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	}, 180_000);

	it('hors connexion : la saisie continue, reste sur le téléphone, puis part une seule fois', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		try {
			await signIn(page, 'jeune3@tremplin.test');
			await visit(page, steps('experiences'), { waitUntil: 'networkidle' });
			await context.setOffline(true);
			await page.getByRole('link', { name: '+ Ajouter une expérience' }).click();
			await page.waitForURL(at('experiences', 'type'), { waitUntil: 'commit' });
			await page.getByLabel(/^Club de sport/).check();
			await answer(page, 'Continuer', at('experiences', 'quoi'));
			await page.getByLabel(/Raconte en quelques mots/).fill('je joue au foot en club');
			await answer(page, 'Continuer', at('experiences', 'phrases'));
			await page.getByText('Pas de réseau : les propositions de phrases arriveront').waitFor();
			await answer(page, 'Continuer', at('experiences', 'quand'));
			await answer(page, 'Passer', at('experiences', 'ou'));
			await page.getByLabel('Avec qui ou pour qui ?').fill('AS Mamers');
			await answer(page, 'Continuer', at('experiences'));
			await page.getByText('Enregistré sur ton téléphone, envoi dès que le réseau revient.').waitFor();
			await screenshot(page, 'cv-hors-connexion-360');
			expect(await page.locator('.item').count()).toBe(2);
			expect(await page.evaluate(() => JSON.parse(localStorage.getItem('tremplin.cv.v1') ?? '{}').queued?.length ?? 0)).toBeGreaterThan(0);

			await context.setOffline(false);
			await page.getByText('Enregistré.', { exact: true }).waitFor({ timeout: 15_000 });
			expect(await page.evaluate(() => JSON.parse(localStorage.getItem('tremplin.cv.v1') ?? '{}').queued?.length)).toBe(0);
			// Reloaded from the server: the club once, the family help still there.
			await visit(page, steps('experiences'));
			const items = await page.locator('.item .item-title').allInnerTexts();
			expect(items).toEqual(['Aide à la famille', 'Club de sport']);
			expect(await page.locator('.item').nth(1).innerText()).toContain('AS Mamers');

			// Nothing is lost on reload: the server cannot be reached, the youth reloads the page.
			const queued = () => page.evaluate(() => JSON.parse(localStorage.getItem('tremplin.cv.v1') ?? '{}').queued?.length ?? 0);
			await page.route('**/operations', (route) => route.abort('internetdisconnected'));
			await page.getByRole('button', { name: 'Monter « Club de sport »' }).click();
			await page.waitForFunction(() => document.querySelector('.item .item-title')?.textContent === 'Club de sport');
			await page.reload({ waitUntil: 'networkidle' });
			expect(await page.locator('.item .item-title').allInnerTexts()).toEqual(['Club de sport', 'Aide à la famille']);
			expect(await queued()).toBe(1);
			await page.unroute('**/operations');
			await page.reload({ waitUntil: 'networkidle' });
			await page.waitForFunction(() => JSON.parse(localStorage.getItem('tremplin.cv.v1') ?? '{}').queued?.length === 0);
			await visit(page, steps('experiences'));
			expect(await page.locator('.item .item-title').allInnerTexts()).toEqual(['Club de sport', 'Aide à la famille']);

			// An edit the server refuses after the sync is shown, not dropped silently.
			await page.evaluate((cv) => {
				const data = JSON.parse(localStorage.getItem('tremplin.cv.v1') ?? '{"v":1,"queued":[],"refused":[]}');
				const operation = { id: crypto.randomUUID(), op: 'set', field: 'contact', value: { firstName: 'Jade', email: 'pas-une-adresse' } };
				data.queued.push({ cvId: cv, operation, label: 'Tes coordonnées', queuedAt: new Date().toISOString() });
				localStorage.setItem('tremplin.cv.v1', JSON.stringify(data));
			}, cvId);
			await page.reload({ waitUntil: 'networkidle' });
			const refusal = page.locator('.alert', { hasText: 'Ces modifications n’ont pas été enregistrées' });
			await refusal.waitFor();
			expect(await refusal.innerText()).toContain('Tes coordonnées : Adresse e-mail invalide.');
			await checkA11y(page);
			await screenshot(page, 'cv-modification-refusee-360');
			await refusal.getByRole('button', { name: 'J’ai compris' }).click();
			await refusal.waitFor({ state: 'detached' });
			expect(await page.evaluate(() => JSON.parse(localStorage.getItem('tremplin.cv.v1') ?? '{}').refused?.length)).toBe(0);
		} finally {
			await context.close();
		}
	}, 120_000);

	it('sans JavaScript : chaque écran est un formulaire ; une erreur revient sur le champ, rien ne change', async () => {
		const context = await newMobileContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			// axe cannot run without JavaScript: the same server HTML is checked by the tests above.
			await visit(page, '/connexion', { a11y: false });
			await page.locator('input[name="email"]').fill('jeune3@tremplin.test');
			await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
			await Promise.all([page.waitForURL((u) => u.pathname === '/jeune'), page.getByRole('button', { name: 'Se connecter' }).click()]);
			await visit(page, steps('titre'), { a11y: false });
			await page.getByLabel('Je cherche…').fill('');
			await page.getByLabel('Je cherche…').evaluate((input) => input.removeAttribute('required'));
			await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Continuer' }).click()]);
			await expect(page.locator('#champ-titre-erreur').innerText()).resolves.toContain('Dis en quelques mots ce que tu cherches');
			await expect(page.getByLabel('Je cherche…').getAttribute('aria-invalid')).resolves.toBe('true');
			await screenshot(page, 'cv-sans-js-erreur-360');
			await visit(page, steps('titre'), { a11y: false });
			await expect(page.getByLabel('Je cherche…').inputValue()).resolves.toBe('Un emploi d’animatrice périscolaire');

			await page.getByLabel('Je cherche…').fill('Un emploi d’animatrice');
			await Promise.all([page.waitForURL(at('experiences')), page.getByRole('button', { name: 'Continuer' }).click()]);
			// Reorder without JavaScript.
			const [first, second] = await page.locator('.item .item-title').allInnerTexts();
			await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: `Monter « ${second} »` }).click()]);
			expect(await page.locator('.item .item-title').allInnerTexts()).toEqual([second, first]);
			await visit(page, steps('titre'), { a11y: false });
			await expect(page.getByLabel('Je cherche…').inputValue()).resolves.toBe('Un emploi d’animatrice');

			// A training added without JavaScript, then listed.
			await visit(page, steps('formations'), { a11y: false });
			await Promise.all([page.waitForURL(at('formations', 'ajout')), page.getByRole('link', { name: '+ Ajouter une formation ou un diplôme' }).click()]);
			await page.getByLabel('Formation ou diplôme').fill('BAFA');
			await page.getByLabel('Année (facultatif)').fill('2025');
			await page.getByLabel('En cours').check();
			await Promise.all([page.waitForURL(at('formations')), page.getByRole('button', { name: 'Continuer' }).click()]);
			expect(await page.locator('.item .item-title').allInnerTexts()).toEqual(['3e', 'BAFA']);
			await screenshot(page, 'cv-sans-js-formations-360');
		} finally {
			await context.close();
		}
	}, 120_000);

	it('le point d’envoi refuse une autre origine, un corps qui n’est pas du JSON et le CV d’un autre jeune', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		const other = await newMobileContext(browser);
		const otherPage = await other.newPage();
		try {
			await signIn(page, 'jeune3@tremplin.test');
			const endpoint = url(`/jeune/cv/${cvId}/operations`);
			const op = () => [{ id: crypto.randomUUID(), op: 'set', field: 'title', value: 'Pirate' }];
			const forged = await page.request.post(endpoint, { headers: { origin: 'https://pirate.example', 'content-type': 'application/json' }, data: JSON.stringify(op()) });
			expect(forged.status()).toBe(403);
			const plain = await page.request.post(endpoint, { headers: { 'content-type': 'text/plain' }, data: JSON.stringify(op()) });
			expect(plain.status()).toBe(415);
			const bad = await page.request.post(endpoint, { headers: { 'content-type': 'application/json' }, data: '{"pas":"une liste"}' });
			expect(bad.status()).toBe(400);
			expect((await bad.json()).message).toBe('Les modifications envoyées ne sont pas lisibles.');

			await signIn(otherPage, 'jeune@tremplin.test');
			const stolen = await otherPage.request.post(endpoint, { headers: { 'content-type': 'application/json' }, data: JSON.stringify(op()) });
			expect(stolen.status()).toBe(404);

			// Same origin, same operation twice: applied once, then "duplicate".
			const same = [{ id: crypto.randomUUID(), op: 'set', field: 'title', value: 'Un emploi d’animatrice' }];
			const first = await page.request.post(endpoint, { headers: { 'content-type': 'application/json', origin: new URL(endpoint).origin }, data: JSON.stringify(same) });
			expect(first.status()).toBe(200);
			expect((await first.json()).outcomes[0].status).toBe('applied');
			const again = await page.request.post(endpoint, { headers: { 'content-type': 'application/json' }, data: JSON.stringify(same) });
			expect((await again.json()).outcomes[0].status).toBe('duplicate');
			await visit(page, steps('titre'));
			await expect(page.getByLabel('Je cherche…').inputValue()).resolves.toBe('Un emploi d’animatrice');
		} finally {
			await context.close();
			await other.close();
		}
	});
});
