import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { arriveAt, checkA11y, collectPageErrors, horizontalOverflow, launchBrowser, newDesktopContext, newMobileContext, screenshot, signIn, visit } from '../support';

/**
 * A whole live workshop: a counselor creates it, opens the room on the projector, three phones
 * join (Karim signed in, two guests — one first refused for an insult), answers arrive live on the
 * presenter's screen, the timer reveals by itself, one phone loses the network during a question
 * and resumes there, the remote drives the projector, and the session ends with a results link.
 */

let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => {
	for (const c of contexts) await c.close().catch(() => {});
	await browser?.close();
});

const TIMER_SECONDS = 20;
const Q1 = 'Que faut-il apporter à un entretien d’embauche ?';
const Q2 = 'Arriver dix minutes en avance à un entretien est une bonne idée.';

async function phone(): Promise<Page> {
	const context = await newMobileContext(browser);
	contexts.push(context);
	return context.newPage();
}

/** The presenter's « n / m réponses » line. */
const answerCount = (page: Page) => page.locator('.count').innerText();

async function createWorkshop(page: Page, title: string, timerSeconds: number | null = TIMER_SECONDS): Promise<string> {
	await visit(page, '/pro/ateliers/nouveau');
	await page.fill('input[name="title"]', title);
	await page.fill('input[name="timerSeconds"]', timerSeconds === null ? '' : String(timerSeconds));
	const site = page.locator('select[name="siteId"]');
	if ((await site.count()) > 0 && (await site.isVisible())) {
		const value = await site.locator('option:not([value=""])').first().getAttribute('value');
		if (value) await site.selectOption(value);
	}
	await page.getByRole('button', { name: /Créer/ }).click();
	await arriveAt(page, (u) => /^\/pro\/ateliers\/[0-9a-f-]{36}$/.test(u.pathname));
	const id = new URL(page.url()).pathname.split('/').pop()!;

	const form = page.locator('form[action="?/ajouterQuestion"]');
	await form.locator('input[name="kind"][value="single"]').check();
	await form.locator('textarea[name="prompt"]').fill(Q1);
	await form.locator('input[name="choice1"]').fill('Un CV imprimé et une pièce d’identité');
	await form.locator('input[name="choice2"]').fill('Rien du tout');
	await form.locator('input[name="choice3"]').fill('Un casque audio');
	await form.locator('input[name="correct"][value="1"]').check();
	await form.locator('textarea[name="explanation"]').fill('Un CV imprimé montre que tu t’es préparé·e.');
	await form.getByRole('button', { name: 'Ajouter la question' }).click();
	await page.waitForURL((u) => u.pathname === `/pro/ateliers/${id}`);

	const again = page.locator('form[action="?/ajouterQuestion"]');
	await again.locator('input[name="kind"][value="true_false"]').check();
	await again.locator('textarea[name="prompt"]').fill(Q2);
	await again.locator('input[name="answer"][value="true"]').check();
	await again.locator('textarea[name="explanation"]').fill('Dix minutes d’avance laissent le temps de trouver le lieu.');
	await again.getByRole('button', { name: 'Ajouter la question' }).click();
	await page.waitForURL((u) => u.pathname === `/pro/ateliers/${id}`);
	return id;
}

it('un atelier en direct, du salon à la fin, avec un téléphone qui perd le réseau', async () => {
	// ——— The counselor prepares the workshop and opens the room on the projector ———
	const desk = await newDesktopContext(browser);
	contexts.push(desk);
	const presenter = await desk.newPage();
	const presenterErrors = collectPageErrors(presenter);
	await signIn(presenter, 'conseiller@tremplin.test');
	const id = await createWorkshop(presenter, `Atelier en direct ${Date.now().toString(36)}`);
	await presenter.getByRole('button', { name: 'Ouvrir la salle' }).click();
	await arriveAt(presenter, (u) => u.pathname === `/pro/ateliers/${id}/animer`);
	const code = (await presenter.locator('.code').innerText()).replace(/\s/g, '');
	expect(code).toMatch(/^\d{6}$/);
	await expect(presenter.locator('.join .qr svg').count()).resolves.toBe(1);

	// ——— Three phones join ———
	const karim = await phone();
	const karimErrors = collectPageErrors(karim);
	await signIn(karim, 'jeune@tremplin.test');
	await visit(karim, '/atelier');
	await screenshot(karim, 'atelier-code-360');
	await karim.fill('input[name="code"]', code);
	await karim.getByRole('button', { name: 'Rejoindre' }).click();
	await arriveAt(karim, (u) => u.pathname === `/atelier/${code}`);
	await karim.getByRole('button', { name: /Rejoindre en tant que Karim/ }).click();
	await arriveAt(karim, (u) => u.pathname === `/atelier/session/${id}`);
	await expect(karim.getByRole('heading', { level: 1 }).innerText()).resolves.toMatch(/Tu es dans la salle, Karim/);

	const lina = await phone();
	await visit(lina, `/atelier/${code}`);
	await screenshot(lina, 'atelier-pseudo-360');
	await lina.fill('input[name="nickname"]', 'Connard');
	await lina.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await lina.locator('.field .error').waitFor();
	await expect(lina.locator('.field .error').innerText()).resolves.toMatch(/pseudo n’est pas accepté/);
	await checkA11y(lina);
	await screenshot(lina, 'atelier-pseudo-refuse-360');
	await lina.fill('input[name="nickname"]', 'Lina');
	await lina.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await arriveAt(lina, (u) => u.pathname === `/atelier/session/${id}`);

	const sam = await phone();
	await visit(sam, `/atelier/${code}`);
	await sam.fill('input[name="nickname"]', 'Sam');
	await sam.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await arriveAt(sam, (u) => u.pathname === `/atelier/session/${id}`);
	await screenshot(sam, 'atelier-salon-360');

	// The names appear live on the projector.
	for (const name of ['Karim', 'Lina', 'Sam']) await presenter.locator('.names li', { hasText: name }).waitFor();
	await checkA11y(presenter);
	await screenshot(presenter, 'atelier-animer-salon-1280');

	// ——— The remote (the counselor's phone) starts the quiz ———
	const remote = await phone();
	await signIn(remote, 'conseiller@tremplin.test');
	await visit(remote, `/pro/ateliers/${id}/telecommande`);
	await screenshot(remote, 'atelier-telecommande-salon-360');
	await remote.getByRole('button', { name: 'Démarrer' }).click();
	await presenter.getByRole('heading', { name: Q1 }).waitFor();
	for (const p of [karim, lina, sam]) await p.getByRole('heading', { name: Q1 }).waitFor();
	await remote.getByRole('heading', { name: 'Question en cours' }).waitFor();
	await checkA11y(presenter);
	await checkA11y(karim);
	await screenshot(karim, 'atelier-question-360');
	await screenshot(remote, 'atelier-telecommande-question-360');
	expect(await horizontalOverflow(karim)).toBe(0);

	// ——— Answers: one right, one wrong, one none; the count follows live ———
	await karim.getByRole('button', { name: /Un CV imprimé/ }).click();
	await karim.getByText('Réponse reçue ✓').waitFor();
	await presenter.waitForFunction(() => document.querySelector('.count')?.textContent?.trim().startsWith('1'));
	await lina.getByRole('button', { name: /Rien du tout/ }).click();
	await lina.getByText('Réponse reçue ✓').waitFor();
	await presenter.waitForFunction(() => document.querySelector('.count')?.textContent?.trim().startsWith('2'));
	expect(await answerCount(presenter)).toMatch(/2\s*\/\s*3/);
	await screenshot(lina, 'atelier-reponse-recue-360');
	await screenshot(presenter, 'atelier-animer-question-1280');

	// ——— The timer ends: the projector reveals by itself ———
	await presenter.locator('table.distribution').waitFor({ timeout: (TIMER_SECONDS + 10) * 1000 });
	const rows = await presenter.locator('table.distribution tbody tr').allInnerTexts();
	expect(rows[0]).toMatch(/Un CV imprimé[\s\S]*1[\s\S]*Bonne réponse/);
	expect(rows[1]).toMatch(/Rien du tout[\s\S]*1/);
	await karim.getByRole('heading', { name: 'Bonne réponse !' }).waitFor();
	await lina.getByRole('heading', { name: 'Pas tout à fait' }).waitFor();
	await sam.getByRole('heading', { name: 'Pas de réponse cette fois' }).waitFor();
	// Sam tries to answer after the timer: refused, in French.
	const late = await sam.evaluate(async (workshopId) => {
		const r = await fetch(`/atelier/session/${workshopId}/reponse`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ index: 0, response: { choice: 'x' } })
		});
		return { status: r.status, body: (await r.json()) as { code: string; message: string } };
	}, id);
	expect(late.status).toBe(409);
	expect(late.body.message).toMatch(/n’est pas ouverte|Trop tard/);
	await checkA11y(presenter);
	await checkA11y(karim);
	await checkA11y(lina);
	await screenshot(presenter, 'atelier-animer-correction-1280');
	await screenshot(karim, 'atelier-correction-juste-360');
	await screenshot(lina, 'atelier-correction-fausse-360');

	// ——— Leaderboard ———
	await presenter.getByRole('button', { name: 'Classement' }).click();
	await presenter.locator('.board li').first().waitFor();
	await expect(presenter.locator('.board li').first().innerText()).resolves.toMatch(/Karim/);
	await karim.getByText(/Tu es\s+1er/).waitFor();
	await checkA11y(karim);
	await screenshot(presenter, 'atelier-animer-classement-1280');
	await screenshot(karim, 'atelier-classement-360');

	// ——— Lina loses the network during the next question, answers, comes back ———
	await presenter.getByRole('button', { name: 'Question suivante' }).click();
	for (const p of [karim, lina]) await p.getByRole('heading', { name: Q2 }).waitFor();
	await karim.getByRole('button', { name: 'Faux' }).click();
	await presenter.waitForFunction(() => document.querySelector('.count')?.textContent?.trim().startsWith('1'));
	await lina.context().setOffline(true);
	await lina.getByRole('button', { name: 'Vrai' }).click();
	// Shown as received at once, kept on the phone until the network is back.
	await lina.getByText('Réponse reçue ✓').waitFor();
	await lina.getByText(/Pas de réseau pour l’instant/).waitFor();
	await screenshot(lina, 'atelier-hors-ligne-360');
	await presenter.waitForTimeout(1500);
	expect(await answerCount(presenter)).toMatch(/^1\s*\//);
	await lina.context().setOffline(false);
	await presenter.waitForFunction(() => document.querySelector('.count')?.textContent?.trim().startsWith('2'), undefined, { timeout: 15_000 });
	await lina.getByText('Attends la suite sur l’écran de l’atelier.').waitFor();
	await lina.getByRole('heading', { name: Q2 }).waitFor();
	await screenshot(lina, 'atelier-reprise-360');

	// ——— Reveal, end, results ———
	await presenter.getByRole('button', { name: 'Afficher la réponse' }).click();
	await presenter.locator('table.distribution').waitFor();
	await lina.getByRole('heading', { name: 'Bonne réponse !' }).waitFor();
	await presenter.getByRole('button', { name: 'Terminer le quiz' }).click();
	await presenter.getByRole('link', { name: 'Voir les résultats' }).waitFor();
	for (const p of [karim, lina, sam]) await p.getByRole('heading', { name: 'Merci !' }).waitFor();
	await checkA11y(presenter);
	await checkA11y(karim);
	await screenshot(presenter, 'atelier-animer-fin-1280');
	await screenshot(karim, 'atelier-fin-360');
	await screenshot(remote, 'atelier-telecommande-fin-360');
	await presenter.getByRole('link', { name: 'Voir les résultats' }).click();
	await arriveAt(presenter, (u) => u.pathname === `/pro/ateliers/${id}`);

	expect(presenterErrors).toEqual([]);
	expect(karimErrors).toEqual([]);
}, 240_000);

it('sans JavaScript, un jeune rejoint, répond par formulaire et actualise pour voir la correction', async () => {
	const desk = await newDesktopContext(browser);
	contexts.push(desk);
	const presenter = await desk.newPage();
	await signIn(presenter, 'conseiller@tremplin.test');
	const id = await createWorkshop(presenter, `Atelier sans JS ${Date.now().toString(36)}`, null);
	await presenter.getByRole('button', { name: 'Ouvrir la salle' }).click();
	await arriveAt(presenter, (u) => u.pathname === `/pro/ateliers/${id}/animer`);
	const code = (await presenter.locator('.code').innerText()).replace(/\s/g, '');

	const context = await newMobileContext(browser, { javaScriptEnabled: false });
	contexts.push(context);
	const noe = await context.newPage();
	// axe runs its script in the page: not possible without JavaScript (the same pages are checked with it above).
	await visit(noe, '/atelier', { a11y: false });
	await noe.fill('input[name="code"]', code);
	await noe.getByRole('button', { name: 'Rejoindre' }).click();
	await arriveAt(noe, (u) => u.pathname === `/atelier/${code}`, { a11y: false });
	await noe.fill('input[name="nickname"]', 'Noé');
	await noe.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await arriveAt(noe, (u) => u.pathname === `/atelier/session/${id}`, { a11y: false });
	await noe.getByRole('link', { name: 'Actualiser' }).waitFor();
	await presenter.locator('.names li', { hasText: 'Noé' }).waitFor();

	// Without JavaScript the presenter's buttons are plain forms too: « Démarrer » posts and reloads.
	await presenter.getByRole('button', { name: 'Démarrer' }).click();
	await presenter.getByRole('heading', { name: Q1 }).waitFor();
	await noe.getByRole('link', { name: 'Actualiser' }).click();
	await noe.getByRole('heading', { name: Q1 }).waitFor();
	await noe.getByRole('button', { name: /Un CV imprimé/ }).click();
	await noe.getByText('Réponse reçue ✓').waitFor();
	await presenter.waitForFunction(() => document.querySelector('.count')?.textContent?.trim().startsWith('1'));
	await screenshot(noe, 'atelier-sans-js-reponse-360');

	await presenter.getByRole('button', { name: 'Afficher la réponse' }).click();
	await presenter.locator('table.distribution').waitFor();
	await noe.getByRole('link', { name: 'Actualiser' }).click();
	await noe.getByRole('heading', { name: 'Bonne réponse !' }).waitFor();
	await screenshot(noe, 'atelier-sans-js-correction-360');

	// The counselor removes Noé (with a confirmation): his phone is sent back to the code page.
	await presenter.getByText('Participants (1)').click();
	await presenter.locator('.participants summary', { hasText: 'Retirer' }).click();
	await presenter.getByRole('button', { name: 'Confirmer le retrait de Noé' }).click();
	await presenter.getByText('Participants (0)').waitFor();
	await noe.getByRole('link', { name: 'Actualiser' }).click();
	await noe.waitForURL((u) => u.pathname === '/atelier');
	await noe.getByText(/t’a retiré·e de l’atelier/).waitFor();
}, 180_000);
