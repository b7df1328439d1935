import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleContent, Question, Step } from '../../../src/lib/learning/content';
import {
	arriveAt,
	baseUrl,
	checkA11y,
	collectPageErrors,
	horizontalOverflow,
	launchBrowser,
	newMobileContext,
	screenshot,
	signIn,
	url,
	visit
} from '../support';

/**
 * "Parcours ludiques", as a young person plays them on a phone (360×800): without an account, with
 * and without JavaScript, and offline. Modules come from content/parcours (loaded at start-up);
 * the test prefers "premiers-jours-au-travail" and otherwise takes the first one of the catalogue.
 */

const STORE_KEY = 'tremplin.parcours.v1';
const PREFERRED = 'premiers-jours-au-travail';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** `a11y: false` only for pages without JavaScript: axe needs timers, which do not run there. */
async function pickModule(page: Page, a11y = true): Promise<string> {
	await visit(page, '/parcours', { a11y });
	if (await page.locator(`a[href="/parcours/${PREFERRED}"]`).count()) return PREFERRED;
	const href = await page.locator('main ul a[href^="/parcours/"]').first().getAttribute('href');
	return href!.split('/').pop()!;
}

async function startModule(page: Page, slug: string, a11y = true) {
	await page.locator(`a[href="/parcours/${slug}"]`).click();
	await arriveAt(page, (u) => u.pathname === `/parcours/${slug}`, { a11y });
}

/** The attempt and the content the player keeps on the device, once it has taken over. */
async function onDevice(page: Page): Promise<{ attemptId: string; steps: Step[] }> {
	await page.waitForSelector('main[data-joueur="appareil"]');
	return page.evaluate((key) => {
		const data = JSON.parse(localStorage.getItem(key)!);
		const attemptId = new URL(location.href).searchParams.get('partie')!;
		const attempt = data.attempts[attemptId];
		const content = data.contents[attempt.versionId].content as ModuleContent;
		const byId = new Map(content.steps.map((s) => [s.id, s]));
		return { attemptId, steps: attempt.plan.map((id: string) => byId.get(id)) };
	}, STORE_KEY);
}

const headingOf = (step: Step) => (step.kind === 'card' ? step.title : step.prompt);

/** Answers a question right (or wrong), in the page's form. Returns whether it was right. */
async function answer(page: Page, q: Question, right: boolean): Promise<boolean> {
	switch (q.kind) {
		case 'single': {
			const c = q.choices.find((x) => x.correct === right)!;
			await page.locator(`input[name="choice"][value="${c.id}"]`).check();
			break;
		}
		case 'situation': {
			const c = q.choices.find((x) => (right ? x.verdict === 'best' : x.verdict === 'avoid')) ?? q.choices.find((x) => x.verdict === 'best')!;
			await page.locator(`input[name="choice"][value="${c.id}"]`).check();
			right = c.verdict !== 'avoid';
			break;
		}
		case 'multiple': {
			const picks = right ? q.choices.filter((x) => x.correct) : [q.choices.find((x) => !x.correct) ?? q.choices[0]!];
			for (const c of picks) await page.locator(`input[name="choice_${c.id}"]`).check();
			right = right || q.choices.every((c) => c.correct === picks.includes(c));
			break;
		}
		case 'true_false':
			await page.locator(`input[name="value"][value="${right ? q.answer : !q.answer}"]`).check();
			break;
		case 'order': {
			if (right) {
				// With JavaScript: ↑ buttons until each item is in its place.
				for (let target = 0; target < q.items.length; target++) {
					const id = q.items[target]!.id;
					let at = Number(await page.locator(`input[name="position_${id}"]`).inputValue()) - 1;
					while (at > target) {
						await page.locator(`#monter-${id}`).click();
						at--;
					}
				}
			} else right = false; // shown shuffled, never in the right order
			break;
		}
	}
	await page.getByRole('button', { name: 'Valider' }).click();
	return right;
}

interface PlayOptions {
	/** Answers this question (index among questions) wrong. */
	wrongAt?: number;
	/** Called on each step, before it is answered. */
	onStep?: (step: Step, index: number) => Promise<void>;
	/** Screenshots of the first card, question and feedbacks. */
	shots?: boolean;
}

/** Plays every step with JavaScript, in place. Returns the number of right answers. */
async function playAll(page: Page, steps: Step[], options: PlayOptions = {}): Promise<number> {
	let right = 0;
	let asked = 0;
	const taken = new Set<string>();
	const shot = async (name: string) => {
		if (!options.shots || taken.has(name)) return;
		taken.add(name);
		await checkA11y(page);
		expect(await horizontalOverflow(page), `${name} déborde`).toBe(0);
		await screenshot(page, name);
	};
	for (const [i, step] of steps.entries()) {
		await expect.poll(() => page.locator('#etape-titre').innerText()).toBe(headingOf(step));
		await options.onStep?.(step, i);
		if (step.kind === 'card') {
			await shot('parcours-carte-360');
		} else {
			await shot('parcours-question-360');
			const ok = await answer(page, step, asked++ !== options.wrongAt);
			if (ok) right++;
			const feedback = page.locator('#retour');
			await feedback.waitFor();
			// The feedback is announced and takes the focus.
			expect(await page.evaluate(() => document.activeElement?.id)).toBe('retour');
			const title = await page.locator('#retour-titre').innerText();
			if (step.kind === 'situation') {
				expect(title).toMatch(ok ? /Très bonne réponse|Ça peut marcher/ : /À éviter/);
				await shot('parcours-retour-situation-360');
			} else {
				expect(title).toContain(ok ? 'Bonne réponse' : 'Pas tout à fait');
				await shot(ok ? 'parcours-retour-juste-360' : 'parcours-retour-faux-360');
			}
			expect(await feedback.innerText()).toMatch(/Pourquoi/i);
		}
		await page.locator('a.next').click();
	}
	return right;
}

describe('un jeune sans compte', () => {
	it('joue un parcours en entier, voit les explications et son badge, puis garde sa progression en se connectant', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		const errors = collectPageErrors(page);

		const slug = await pickModule(page);
		expect(await page.locator('main').innerText()).toContain('Pas besoin de compte pour jouer');
		expect(await horizontalOverflow(page)).toBe(0);
		await screenshot(page, 'parcours-catalogue-360');

		await startModule(page, slug);
		expect(await horizontalOverflow(page)).toBe(0);
		await screenshot(page, 'parcours-apercu-360');
		await page.getByRole('button', { name: 'Commencer' }).click();
		await arriveAt(page, (u) => u.pathname === `/parcours/${slug}/jouer` && u.searchParams.get('etape') === '1');
		// No account, but a guest cookie: the answers are kept for this browser.
		expect((await context.cookies()).some((c) => c.name === '__Host-tremplin_guest')).toBe(true);

		const { attemptId, steps } = await onDevice(page);
		const questions = steps.filter((s) => s.kind !== 'card').length;

		// Read aloud and text size, once the page has JavaScript.
		await expect.poll(() => page.getByRole('button', { name: 'Écouter', exact: true }).count()).toBe(1);
		await page.getByRole('button', { name: /A\+/ }).click();
		expect(await page.evaluate(() => document.documentElement.style.getPropertyValue('--player-scale'))).toBe('1.15');
		expect(await page.evaluate(() => localStorage.getItem('tremplin.taille-texte'))).toBe('1');
		await page.getByRole('button', { name: /A−/ }).click();

		const right = await playAll(page, steps, { wrongAt: 0, shots: true });
		expect(right).toBe(questions - 1);

		await arriveAt(page, (u) => u.pathname === `/parcours/${slug}/bilan`);
		const bilan = await page.locator('main').innerText();
		expect(bilan).toContain(`${right} bonnes réponses sur ${questions}`);
		expect(bilan).toContain('Nouveau badge');
		expect(bilan).toMatch(/Les questions manquées reviendront dans «\sÀ revoir\s»/);
		expect(bilan).toContain('Garde ta progression');
		expect(await page.locator('a[href="/activer"]').count()).toBe(1);
		expect(await page.locator('a[href^="/connexion?redirection="]').count()).toBe(1);
		expect(await horizontalOverflow(page)).toBe(0);
		await screenshot(page, 'parcours-bilan-360');

		// The server judged every answer itself: same score when the page is reloaded.
		await visit(page, `/parcours/${slug}/bilan?partie=${attemptId}`);
		expect(await page.locator('main').innerText()).toContain(`${right} bonnes réponses sur ${questions}`);

		// Signing in on this device: what the guest played becomes the account's.
		await signIn(page, 'jeune@tremplin.test');
		await visit(page, '/parcours');
		const card = page.locator('li', { has: page.locator(`a[href="/parcours/${slug}"]`) });
		expect(await card.innerText()).toMatch(/Terminé[\s\S]*Badge gagné/);
		expect(await page.locator('main').innerText()).toMatch(/Niveau \d+/);
		expect((await context.cookies()).some((c) => c.name === '__Host-tremplin_guest')).toBe(false);
		await visit(page, '/jeune');
		expect(await page.locator('main').innerText()).toMatch(/Parcours[\s\S]*XP/);

		expect(errors).toEqual([]);
		await context.close();
	}, 240_000);

	it('joue hors connexion un parcours ouvert, même après un rechargement, et ses réponses partent au retour du réseau', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		const slug = await pickModule(page);
		await startModule(page, slug);
		await page.getByRole('button', { name: 'Commencer' }).click();
		await arriveAt(page, (u) => u.pathname === `/parcours/${slug}/jouer`);
		const { attemptId, steps } = await onDevice(page);
		const questions = steps.filter((s) => s.kind !== 'card').length;

		// The service worker has kept the player's page for this module.
		await page.evaluate(() => navigator.serviceWorker.ready);
		await expect
			.poll(() => page.evaluate((path) => caches.match(path).then((r) => !!r), `/parcours/${slug}/jouer`), { timeout: 45_000 })
			.toBe(true);
		// …and the catalogue and the "hors connexion" page, fetched one after the other: going offline
		// before the last one is kept would leave it out (a race of the test, not of a youth's use).
		for (const kept of ['/parcours', '/parcours/hors-ligne']) {
			await expect.poll(() => page.evaluate((path) => caches.match(path).then((r) => !!r), kept), { timeout: 45_000 }).toBe(true);
		}
		// The worker takes control once it has kept the whole app shell (every route's files): on a
		// loaded CI machine that has taken more than 15 s since the app grew.
		await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 45_000 }).toBe(true);

		await context.setOffline(true);
		const middle = Math.floor(steps.length / 2);
		const right = await playAll(page, steps, {
			onStep: async (_step, i) => {
				if (i !== middle) return;
				// Reloaded without network: the worker serves the player, which resumes from the device.
				const response = await page.reload();
				expect(response?.fromServiceWorker()).toBe(true);
				await page.waitForSelector('main[data-joueur="appareil"]');
				expect(new URL(page.url()).searchParams.get('etape')).toBe(String(middle + 1));
				await checkA11y(page);
			}
		});
		expect(right).toBe(questions);

		// Still offline at the end: the player says the answers will leave later.
		await page.locator('#fin-titre').waitFor();
		expect(await page.locator('main').innerText()).toContain(`${right} bonnes réponses sur ${questions}`);
		await checkA11y(page);
		await screenshot(page, 'parcours-fin-hors-connexion-360');

		await visit(page, '/parcours/hors-ligne');
		const offline = page.locator('main');
		await expect.poll(() => offline.innerText()).toMatch(new RegExp(`${questions} réponses\\s+en attente d’envoi`));
		expect(await offline.innerText()).toContain('Sur ce téléphone');
		expect(await page.getByRole('button', { name: /^Rejouer/ }).count()).toBe(1);
		expect(await horizontalOverflow(page)).toBe(0);
		await screenshot(page, 'parcours-hors-ligne-360');

		// "Envoyer maintenant" without network: a kind word, nothing lost.
		await page.getByRole('button', { name: 'Envoyer maintenant' }).click();
		await expect.poll(() => offline.innerText()).toContain('Pas de connexion pour le moment');
		expect(await offline.innerText()).toMatch(new RegExp(`${questions} réponses\\s+en attente d’envoi`));

		// Back online: the answers leave by themselves.
		await context.setOffline(false);
		await expect.poll(() => offline.innerText()).toContain('tout est envoyé');
		await checkA11y(page);

		// The server has them: the bilan and the catalogue say so.
		await visit(page, `/parcours/${slug}/bilan?partie=${attemptId}`);
		const bilan = await page.locator('main').innerText();
		expect(bilan).toContain(`${questions} bonnes réponses sur ${questions}`);
		expect(bilan).toContain('Nouveau badge');
		await visit(page, '/parcours');
		expect(await page.locator('li', { has: page.locator(`a[href="/parcours/${slug}"]`) }).innerText()).toContain('Terminé');
		await context.close();
	}, 240_000);
});

describe('sans JavaScript', () => {
	// axe cannot run in a page without JavaScript (its timers never fire): these pages are the same
	// server HTML that the tests with JavaScript check before the player takes over.
	it('répond à une question et voit l’explication', async () => {
		const context: BrowserContext = await newMobileContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		const slug = await pickModule(page, false);
		await startModule(page, slug, false);
		await page.getByRole('button', { name: 'Commencer' }).click();
		await arriveAt(page, (u) => u.pathname === `/parcours/${slug}/jouer`, { a11y: false });

		// Cards first: follow "Continuer" (plain links) to the first question.
		for (let i = 0; i < 20 && (await page.getByRole('button', { name: 'Valider' }).count()) === 0; i++) {
			await page.locator('a.next').click();
			await arriveAt(page, (u) => u.searchParams.get('etape') === String(i + 2), { a11y: false });
		}
		expect(await page.getByRole('button', { name: 'Écouter' }).count()).toBe(0);

		// Nothing chosen: a message, nothing recorded ("put in order" starts with every place given).
		if (!(await page.locator('select').count())) {
			await page.getByRole('button', { name: 'Valider' }).click();
			await page.waitForLoadState('load');
			expect(await page.locator('#erreur-reponse').innerText()).toBe('Choisis une réponse avant de valider.');
			await page.locator('input[type="radio"], input[type="checkbox"]').first().check();
		}
		await page.getByRole('button', { name: 'Valider' }).click();
		await page.waitForLoadState('load');
		const feedback = page.locator('#retour');
		await feedback.waitFor();
		expect(await feedback.innerText()).toMatch(/Pourquoi/i);
		expect(await page.locator('#retour-titre').innerText()).toMatch(/Bonne réponse|Pas tout à fait|Très bonne réponse|Ça peut marcher|À éviter/);
		await screenshot(page, 'parcours-sans-js-retour-360');

		// The answer is recorded: the step shows it again when opened anew.
		const href = await page.locator('a.next').getAttribute('href');
		expect(href).toMatch(/etape=\d+/);
		const here = new URL(page.url());
		here.searchParams.delete('/answer');
		here.hash = '';
		await visit(page, here.pathname + here.search, { a11y: false });
		expect(await page.locator('#retour').count()).toBe(1);
		expect(await page.getByRole('button', { name: 'Valider' }).count()).toBe(0);
		await context.close();
	}, 120_000);
});

describe('les échanges avec le serveur', () => {
	const post = (body: string) =>
		fetch(url('/parcours/synchroniser'), { method: 'POST', headers: { origin: baseUrl(), 'content-type': 'application/json' }, body });

	it('refuse en français un envoi illisible ou trop gros, sans erreur 500', async () => {
		for (const body of ['{pas du json', JSON.stringify({ attempts: 'non' }), 'x'.repeat(300 * 1024)]) {
			const response = await post(body);
			expect(response.status).toBe(400);
			const json = (await response.json()) as { message: string };
			expect(json.message).toMatch(/lisibles|Trop de réponses/);
		}
	});

	it('rejette les réponses d’une partie inconnue sans rien enregistrer', async () => {
		const id = () => crypto.randomUUID();
		const response = await post(JSON.stringify({ attempts: [{ id: id(), moduleId: id(), versionId: id(), answers: [{ id: id(), stepId: 'q1', response: { value: true } }] }] }));
		expect(response.status).toBe(200);
		const json = (await response.json()) as { answers: { status: string; code: string }[] };
		expect(json.answers).toEqual([expect.objectContaining({ status: 'rejected', code: 'learning.module_not_found' })]);
	});

	it('ne donne pas le contenu d’une version inconnue, ni une partie qui n’existe pas', async () => {
		const content = await fetch(url(`/parcours/${PREFERRED}/contenu?version=${crypto.randomUUID()}`));
		expect(content.status).toBe(404);
		expect(((await content.json()) as { message: string }).message).toContain('n’existe pas');
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		await visit(page, `/parcours/${PREFERRED}/jouer?partie=${crypto.randomUUID()}`, { status: 404 });
		expect(await page.locator('main').innerText()).toContain('Cette partie n’existe pas ou n’est pas la tienne');
		await visit(page, '/parcours/ce-parcours-n-existe-pas', { status: 404 });
		expect(await page.locator('main').innerText()).toContain('Ce parcours n’existe pas ou n’est pas disponible pour toi.');
		await screenshot(page, 'parcours-introuvable-360');
		await context.close();
	});

	it('tient le budget d’une page de question : ≤ 14 Ko de HTML+CSS et ≤ 75 Ko de JS compressés', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		const slug = await pickModule(page);
		await startModule(page, slug);
		await page.getByRole('button', { name: 'Commencer' }).click();
		await arriveAt(page, (u) => u.pathname === `/parcours/${slug}/jouer`);
		const { steps } = await onDevice(page);
		const first = steps.findIndex((s) => s.kind !== 'card');
		const address = new URL(page.url());
		address.searchParams.set('etape', String(first + 1));
		const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
		const html = await (await fetch(address, { headers: { cookie } })).text();
		const resources = new Set<string>();
		await page.goto(address.toString(), { waitUntil: 'networkidle' });
		for (const entry of await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))) resources.add(entry);
		const gz = (text: string | ArrayBuffer) => gzipSync(typeof text === 'string' ? Buffer.from(text) : Buffer.from(text)).length;
		let css = 0;
		let js = 0;
		for (const href of resources) {
			const path = new URL(href).pathname;
			if (!path.startsWith('/_app/')) continue;
			const size = gz(await (await fetch(url(path))).arrayBuffer());
			if (path.endsWith('.css')) css += size;
			if (path.endsWith('.js')) js += size;
		}
		const htmlAndCss = gz(html) + css;
		console.info(`Page de question : HTML ${gz(html)} o + CSS ${css} o = ${htmlAndCss} o ; JS ${js} o (compressés)`);
		expect(htmlAndCss, `HTML ${gz(html)} o + CSS ${css} o`).toBeLessThanOrEqual(14 * 1024);
		expect(js).toBeLessThanOrEqual(75 * 1024);
		await context.close();
	});
});
