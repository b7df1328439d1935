import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	arriveAt,
	checkA11y,
	DEMO_PASSWORD,
	collectPageErrors,
	horizontalOverflow,
	launchBrowser,
	newDesktopContext,
	newMobileContext,
	screenshot,
	signIn,
	visit,
	demoId
} from '../support';

/**
 * Professionals write "parcours": a counselor of Lyon (1280×800) writes a module with a card and a
 * question of every kind through the plain forms, publishes it for her Mission Locale; a youth of
 * Lyon (360×800) finds it, youth of Villeurbanne and of the Sarthe (another network) do not.
 * Then: preview, export, import errors, the youth file's "Parcours", and the pages at 360 px.
 */

const KARIM = demoId('youth:jeune');

const TITLE = `Préparer son entretien ${Date.now().toString(36)}`;
let moduleUrl = '';
let slug = '';
const stepUrls: Record<string, string> = {};

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/**
 * Signed in as `email`. Without JavaScript, axe cannot run (its timers never fire): those pages are
 * the same server HTML that the tests with JavaScript check, so they are visited with `a11y: false`.
 */
async function as(email: string, size: 'mobile' | 'desktop', options: { javaScriptEnabled?: boolean } = {}) {
	const context: BrowserContext = size === 'mobile' ? await newMobileContext(browser, options) : await newDesktopContext(browser, options);
	const page = await context.newPage();
	const errors = collectPageErrors(page);
	if (options.javaScriptEnabled === false) {
		await visit(page, '/connexion', { a11y: false });
		const form = page.locator('form:has(input[name="password"])').first();
		await form.locator('input[name="email"]').fill(email);
		await form.locator('input[name="password"]').fill(DEMO_PASSWORD);
		await submit(page, form.locator('button:not([type]), button[type="submit"]').first(), (u) => u.pathname !== '/connexion', false);
	} else {
		await signIn(page, email);
	}
	return { context, page, errors };
}

/** Submits the form of `button` and waits for the page it leads to (a full POST, with or without JavaScript). */
async function submit(page: Page, button: ReturnType<Page['locator']>, until: (u: URL) => boolean, a11y = true) {
	await Promise.all([page.waitForURL(until, { waitUntil: 'load' }), button.click()]);
	if (a11y) await checkA11y(page);
}

/** Console errors other than the 4xx status of a refused form (a French message is on the page). */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

const isEditor = (u: URL) => /^\/pro\/parcours\/[0-9a-f-]{36}$/.test(u.pathname);
const isStepEditor = (u: URL) => /^\/pro\/parcours\/[0-9a-f-]{36}\/etapes\/[a-z0-9-]+$/.test(u.pathname);

async function addStep(page: Page, kind: 'card' | 'single' | 'multiple' | 'true_false' | 'order' | 'situation') {
	if (kind === 'card') {
		await submit(page, page.getByRole('button', { name: 'Ajouter une carte' }), isStepEditor);
	} else {
		await page.selectOption('select[name=kind]', kind);
		await submit(page, page.getByRole('button', { name: 'Ajouter une question' }), isStepEditor);
	}
	stepUrls[kind] = new URL(page.url()).pathname;
}

async function saveStep(page: Page) {
	await submit(page, page.getByRole('button', { name: 'Enregistrer l’étape' }), (u) => isEditor(u) && u.searchParams.has('enregistre'));
	expect(await page.locator('main').innerText()).toContain('L’étape est enregistrée');
}

describe('écrire un parcours', () => {
	it('une conseillère de Lyon crée, complète et publie un parcours pour sa Mission Locale', async () => {
		const { context, page, errors } = await as('conseiller@tremplin.test', 'desktop');
		try {
			await visit(page, '/pro/parcours');
			await expect(page.locator('nav[aria-label="Espace professionnel"] a[href="/pro/parcours"]').first().count()).resolves.toBe(1);
			await screenshot(page, 'parcours-pro-liste-1280');

			// A new draft.
			await page.locator('#champ-title').fill(TITLE);
			await submit(page, page.getByRole('button', { name: 'Créer le brouillon' }), isEditor);
			moduleUrl = new URL(page.url()).pathname;
			expect(await page.locator('main').innerText()).toContain('Le brouillon est créé');
			slug = (await page.locator('input[name=slug]').inputValue()) || '';
			expect(slug).toMatch(/^preparer-son-entretien-/);

			// Publishing an empty draft lists what is missing.
			await submit(page, page.getByRole('button', { name: 'Publier' }), isEditor);
			const problems = await page.locator('#publication').innerText();
			expect(problems).toContain('n’est pas encore prêt');
			expect(problems).toContain('Thème est obligatoire.');
			expect(problems).toContain('Un module a besoin d’au moins une étape.');

			// Information.
			await page.locator('#summary').fill('Les bons réflexes avant, pendant et après un entretien.');
			await page.locator('#champ-theme').fill('Trouver un emploi');
			await page.locator('#champ-emoji').fill('🤝');
			await page.locator('#champ-minutes').fill('7');
			await submit(page, page.getByRole('button', { name: 'Enregistrer les informations' }), isEditor);
			expect(await page.locator('main').innerText()).toContain('Les informations sont enregistrées');

			// A lesson card.
			await addStep(page, 'card');
			await page.locator('#champ-title').fill('Avant l’entretien');
			await page.locator('#champ-body').fill('Renseigne-toi sur l’entreprise.\n\nPrépare :\n- ton CV imprimé\n- deux questions à poser');
			await screenshot(page, 'parcours-pro-etape-carte-1280');
			await saveStep(page);

			// Single choice: first without a right answer (refused, in French, next to the list), then right.
			await addStep(page, 'single');
			await page.locator('#champ-prompt').fill('Combien de temps en avance arriver ?');
			await page.locator('#choice-0-label').fill('Pile à l’heure');
			await page.locator('#choice-1-label').fill('5 à 10 minutes avant');
			await page.locator('#choice-1-feedback').fill('Oui : tu as le temps de souffler.');
			await page.locator('#champ-explanation').fill('Quelques minutes d’avance évitent le stress.');
			await submit(page, page.getByRole('button', { name: 'Enregistrer l’étape' }), isStepEditor);
			expect(await page.locator('#choices-erreur').innerText()).toBe('Une question à choix unique a exactement une bonne réponse.');
			expect(await page.locator('#choice-1-feedback').inputValue()).toBe('Oui : tu as le temps de souffler.');
			await screenshot(page, 'parcours-pro-etape-erreur-1280');
			await page.locator('input[name=correct][value="1"]').check();
			await screenshot(page, 'parcours-pro-etape-choix-unique-1280');
			await saveStep(page);

			await addStep(page, 'multiple');
			await page.locator('#champ-prompt').fill('Que prendre avec toi ?');
			await page.locator('#choice-0-label').fill('Ton CV');
			await page.locator('input[name=choice_0_correct]').check();
			await page.locator('#choice-1-label').fill('Un stylo');
			await page.locator('input[name=choice_1_correct]').check();
			await page.locator('#choice-2-label').fill('Ton goûter');
			await page.locator('#champ-explanation').fill('Le CV et de quoi noter.');
			await screenshot(page, 'parcours-pro-etape-choix-multiples-1280');
			await saveStep(page);

			await addStep(page, 'true_false');
			await page.locator('#champ-prompt').fill('On peut poser des questions au recruteur.');
			await page.locator('input[name=answer][value=true]').check();
			await page.locator('#champ-explanation').fill('Oui : cela montre ton intérêt.');
			await screenshot(page, 'parcours-pro-etape-vrai-faux-1280');
			await saveStep(page);

			await addStep(page, 'order');
			await page.locator('#champ-prompt').fill('Remets l’entretien dans l’ordre.');
			for (const [i, label] of ['Dire bonjour', 'Te présenter', 'Répondre aux questions', 'Remercier'].entries()) {
				await page.locator(`#item-${i}`).fill(label);
			}
			await page.locator('#champ-explanation').fill('On salue, on se présente, on échange, on remercie.');
			await screenshot(page, 'parcours-pro-etape-ordre-1280');
			await saveStep(page);

			await addStep(page, 'situation');
			await page.locator('#champ-situation').fill('Le recruteur te demande tes défauts.');
			expect(await page.locator('#champ-prompt').inputValue()).toBe('Que fais-tu ?');
			const situation = [
				['Je cite un vrai défaut et comment je le travaille', 'best', 'Honnête et positif : parfait.'],
				['Je dis que je n’en ai pas', 'avoid', 'Personne n’est parfait : cela sonne faux.'],
				['Je cite un défaut sans importance', 'acceptable', 'Ça passe, mais sois plus sincère.']
			];
			for (const [i, [label, verdict, feedback]] of situation.entries()) {
				await page.locator(`#choice-${i}-label`).fill(label!);
				await page.selectOption(`#choice-${i}-verdict`, verdict!);
				await page.locator(`#choice-${i}-feedback`).fill(feedback!);
			}
			await page.locator('#champ-explanation').fill('Un défaut assumé, avec ce que tu fais pour progresser.');
			await screenshot(page, 'parcours-pro-etape-situation-1280');
			await saveStep(page);

			// Reorder: the situation goes up one place.
			await submit(page, page.getByRole('button', { name: 'Monter l’étape 6' }), isEditor);
			const kinds = await page.locator('.step-kind').allInnerTexts();
			expect(kinds.map((k) => k.replace(/^\d+\. /, ''))).toEqual([
				'Carte de leçon',
				'Choix unique',
				'Choix multiples',
				'Vrai ou faux',
				'Mise en situation',
				'Remettre dans l’ordre'
			]);

			// Publish, for "Ma Mission Locale" (the default scope of a counselor's module).
			expect(await page.locator('#meta-scope-structure').isChecked()).toBe(true);
			await submit(page, page.getByRole('button', { name: 'Publier' }), isEditor);
			expect(await page.locator('#publication').innerText()).toContain('Version 1 publiée');
			expect(await page.locator('header.head').innerText()).toContain('Publié · version 1');
			await screenshot(page, 'parcours-pro-editeur-1280');
			expect(await horizontalOverflow(page)).toBe(0);

			// Export: a JSON attachment of the module.
			const exported = await page.request.get(`${moduleUrl}/export`);
			expect(exported.status()).toBe(200);
			expect(exported.headers()['content-disposition']).toBe(`attachment; filename="${slug}.json"`);
			const json = JSON.parse(await exported.text());
			expect(json).toMatchObject({ format: 'tremplin.module/1', slug, title: TITLE, minutes: 7 });
			expect(json.steps.map((s: { kind: string }) => s.kind)).toEqual(['card', 'single', 'multiple', 'true_false', 'situation', 'order']);
			expect(unexpected(errors)).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('l’aperçu montre le brouillon comme à un jeune, sans rien enregistrer', async () => {
		const { context, page } = await as('conseiller@tremplin.test', 'desktop');
		try {
			await visit(page, `${moduleUrl}/apercu?etape=2`);
			const main = page.locator('main');
			expect(await main.innerText()).toContain('Aperçu : vos réponses ne sont pas enregistrées.');
			await page.getByLabel('5 à 10 minutes avant').check();
			await page.getByRole('button', { name: 'Valider' }).click();
			await page.getByText('Bonne réponse !').waitFor();
			await checkA11y(page);
			await screenshot(page, 'parcours-pro-apercu-1280');
			await context.close();

			// Without JavaScript: the server judges the answer.
			const plain = await as('conseiller@tremplin.test', 'mobile', { javaScriptEnabled: false });
			await visit(plain.page, `${moduleUrl}/apercu?etape=4`, { a11y: false });
			await plain.page.locator('input[name=value][value=false]').check();
			await submit(plain.page, plain.page.getByRole('button', { name: 'Valider' }), (u) => u.pathname.endsWith('/apercu'), false);
			expect(await plain.page.locator('main').innerText()).toContain('Pas tout à fait');
			await screenshot(plain.page, 'parcours-pro-apercu-360');
			await plain.context.close();
		} finally {
			await context.close().catch(() => {});
		}
	});

	it('supprime une étape après confirmation, sans JavaScript', async () => {
		const { context, page } = await as('conseiller@tremplin.test', 'desktop', { javaScriptEnabled: false });
		try {
			await visit(page, moduleUrl, { a11y: false });
			await submit(page, page.getByRole('button', { name: 'Ajouter une carte' }), isStepEditor, false);
			const stepId = new URL(page.url()).pathname.split('/').pop()!;
			await visit(page, moduleUrl, { a11y: false });
			expect(await page.locator('.step').count()).toBe(7);
			await page.getByRole('link', { name: 'Supprimer l’étape 7' }).click();
			await arriveAt(page, (u) => u.searchParams.get('supprimer') === stepId, { a11y: false });
			expect(await page.locator('.confirm').innerText()).toContain('Supprimer l’étape 7 ?');
			await screenshot(page, 'parcours-pro-suppression-1280');
			await submit(page, page.getByRole('button', { name: 'Oui, supprimer' }), isEditor, false);
			expect(await page.locator('.step').count()).toBe(6);
			// Deleting the new card leaves nothing to publish: the published version is the draft again.
			expect(await page.locator('header.head').innerText()).not.toContain('Modifications non publiées');
		} finally {
			await context.close();
		}
	});

	it('signale les erreurs d’un import par ligne et champ, et n’importe rien', async () => {
		const { context, page } = await as('conseiller@tremplin.test', 'desktop');
		try {
			await visit(page, '/pro/parcours');
			const before = await page.locator('.modules > li').count();
			await page.locator('summary', { hasText: 'Ou coller le contenu du fichier' }).click();
			const json = [
				'{',
				'  "format": "tremplin.module/1",',
				`  "slug": "${slug}",`,
				'  "title": "Copie",',
				'  "summary": "Une copie.",',
				'  "theme": "Au travail",',
				'  "emoji": "📄",',
				'  "minutes": 5,',
				'  "steps": [',
				'    { "kind": "single", "prompt": "Q ?", "choices": [{ "label": "A", "correct": true }, { "label": "B", "correct": true }], "explanation": "E." }',
				'  ]',
				'}'
			].join('\n');
			await page.locator('#json').fill(json);
			await submit(page, page.getByRole('button', { name: 'Importer comme brouillon' }), (u) => u.pathname === '/pro/parcours');
			const issues = await page.locator('#importer .issues').innerText();
			expect(issues).toContain('Ligne 10');
			expect(issues).toContain('Étape 1 › réponses');
			expect(issues).toContain('Une question à choix unique a exactement une bonne réponse.');
			await screenshot(page, 'parcours-pro-import-erreurs-1280');

			// Fixed, the address is still taken by the module written above: reported on its line.
			await page.locator('#json').fill(json.replace('"correct": true }]', '"correct": false }]'));
			await submit(page, page.getByRole('button', { name: 'Importer comme brouillon' }), (u) => u.pathname === '/pro/parcours');
			const taken = await page.locator('#importer .issues').innerText();
			expect(taken).toContain('Ligne 3');
			expect(taken).toContain('déjà prise');
			// A syntax error: its line and column.
			await page.locator('#json').fill('{\n  "format": "tremplin.module/1"\n  "slug": "x"\n}');
			await submit(page, page.getByRole('button', { name: 'Importer comme brouillon' }), (u) => u.pathname === '/pro/parcours');
			expect(await page.locator('#importer .issues').innerText()).toMatch(/Ligne 3.*colonne 3/s);
			expect(await page.locator('.modules > li').count()).toBe(before);
		} finally {
			await context.close();
		}
	});
});

describe('qui voit le parcours publié', () => {
	it('un jeune de Lyon le trouve dans /parcours et l’ouvre', async () => {
		const { context, page, errors } = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(page, '/parcours');
			expect(await page.locator('main').innerText()).toContain(TITLE);
			await page.locator(`a[href="/parcours/${slug}"]`).click();
			await arriveAt(page, (u) => u.pathname === `/parcours/${slug}`);
			expect(await page.locator('h1').innerText()).toContain(TITLE);
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'parcours-jeune-lyon-360');
			expect(unexpected(errors)).toEqual([]);
		} finally {
			await context.close();
		}
	});

	for (const [email, who] of [
		['jeune2@tremplin.test', 'Villeurbanne (même réseau)'],
		['jeune3@tremplin.test', 'Sarthe (autre réseau)']
	] as const) {
		it(`un jeune de ${who} ne le voit pas`, async () => {
			const { context, page } = await as(email, 'mobile');
			try {
				await visit(page, '/parcours');
				expect(await page.locator('main').innerText()).not.toContain(TITLE);
				await visit(page, `/parcours/${slug}`, { status: 404 });
			} finally {
				await context.close();
			}
		});
	}
});

describe('le suivi dans le dossier du jeune', () => {
	it('montre à sa conseillère les parcours joués, badges et scores', async () => {
		for (const size of ['desktop', 'mobile'] as const) {
			const { context, page } = await as('conseiller@tremplin.test', size);
			try {
				await visit(page, `/pro/jeunes/${KARIM}`);
				const section = await page.locator('section[aria-labelledby="titre-parcours"]').innerText();
				expect(section).toContain('Bienvenue à la Mission Locale de Lyon');
				expect(section).toContain('Scores au fil du temps');
				expect(await horizontalOverflow(page)).toBe(0);
				await screenshot(page, `parcours-dossier-jeune-${size === 'mobile' ? 360 : 1280}`);
			} finally {
				await context.close();
			}
		}
	});

	it('n’est pas lisible par une conseillère d’une autre Mission Locale', async () => {
		const { context, page } = await as('conseiller2@tremplin.test', 'desktop');
		try {
			await visit(page, `/pro/jeunes/${KARIM}`, { status: 404, a11y: false });
			await visit(page, moduleUrl, { status: 404, a11y: false });
		} finally {
			await context.close();
		}
	});
});

describe('les pages d’écriture sur téléphone', () => {
	it('tiennent en 360 px', async () => {
		const { context, page, errors } = await as('conseiller@tremplin.test', 'mobile');
		try {
			const pages: [string, string][] = [
				['/pro/parcours', 'liste'],
				[moduleUrl, 'editeur'],
				...Object.entries(stepUrls).map(([kind, path]) => [path, `etape-${kind}`] as [string, string]),
				[`${moduleUrl}/apercu?etape=1`, 'apercu-carte']
			];
			for (const [path, name] of pages) {
				await visit(page, path);
				expect(await horizontalOverflow(page), path).toBe(0);
				await screenshot(page, `parcours-pro-${name}-360`);
			}
			expect(unexpected(errors)).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
