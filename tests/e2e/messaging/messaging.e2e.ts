import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	demoId,
	horizontalOverflow,
	launchBrowser,
	newMobileContext,
	openAs,
	screenshot,
	signInWithoutJavaScript,
	visit
} from '../support';

const KARIM = demoId('youth:jeune'); // jeune@tremplin.test, Lyon

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const as = (email: string, size: 'mobile' | 'desktop') => openAs(browser, email, size);

describe('la messagerie', () => {
	it('un jeune et son conseiller échangent en temps réel', async () => {
		const youth = await as('jeune@tremplin.test', 'mobile');
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		try {
			await visit(youth.page, '/jeune/messages');
			await screenshot(youth.page, 'messages-jeune-vide-mobile');
			const question = `Bonjour, j'ai besoin d'aide pour mon CV (${Date.now()})`;
			await youth.page.getByLabel('Ton message').fill(question);
			await youth.page.getByRole('button', { name: 'Envoyer' }).click();
			await youth.page.locator('.message', { hasText: question }).waitFor();
			expect(await youth.page.getByLabel('Ton message').inputValue()).toBe('');

			await visit(counselor.page, '/pro/messages?filtre=tous');
			const item = counselor.page.locator('.item', { hasText: 'Karim' });
			expect(await item.innerText()).toMatch(/Attend une réponse/);
			expect(await horizontalOverflow(counselor.page)).toBe(0);
			await screenshot(counselor.page, 'messages-pro-file-desktop');

			await visit(counselor.page, `/pro/messages/${KARIM}`);
			await counselor.page.locator('.message', { hasText: question }).waitFor();
			// The youth's page is open: the answer arrives without reloading it.
			await youth.page.waitForTimeout(300);
			const answer = 'Bonjour Karim, passe jeudi à 14 h, on le regarde ensemble.';
			await counselor.page.getByLabel('Votre réponse').fill(answer);
			await counselor.page.getByRole('button', { name: 'Envoyer' }).click();
			await counselor.page.locator('.message', { hasText: answer }).waitFor();
			await youth.page.locator('.message', { hasText: answer }).waitFor({ timeout: 10_000 });
			expect(await horizontalOverflow(youth.page)).toBe(0);
			await screenshot(youth.page, 'messages-jeune-mobile');
			await screenshot(counselor.page, 'messages-pro-conversation-desktop');

			// Answered: no longer waiting.
			await visit(counselor.page, '/pro/messages?filtre=tous');
			expect(await counselor.page.locator('.item', { hasText: 'Karim' }).innerText()).not.toMatch(/Attend une réponse/);
			expect(youth.errors).toEqual([]);
			expect(counselor.errors).toEqual([]);
		} finally {
			await youth.context.close();
			await counselor.context.close();
		}
	});

	it('refuse un message vide avec une phrase claire, et garde la page utilisable', async () => {
		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(youth.page, '/jeune/messages');
			// The field is not `required` (a photo alone is a message): the page says it in French.
			await youth.page.getByLabel('Ton message').fill('     ');
			await youth.page.getByRole('button', { name: 'Envoyer' }).click();
			await youth.page.getByText('Le message est vide.').waitFor();
		} finally {
			await youth.context.close();
		}
	});

	it('une conseillère d’une autre Mission Locale ne voit pas la conversation', async () => {
		const other = await as('conseiller2@tremplin.test', 'desktop');
		try {
			const response = await other.page.goto(new URL(`/pro/messages/${KARIM}`, other.page.url()).toString());
			expect(response?.status()).toBe(404);
			await visit(other.page, '/pro/messages?filtre=tous');
			expect(await other.page.locator('main').innerText()).not.toContain('Karim');
		} finally {
			await other.context.close();
		}
	});

	it('fonctionne sans JavaScript : le jeune envoie, un renvoi du même formulaire ne double pas le message', async () => {
		// axe cannot run without JavaScript (its timers never fire): same server HTML as the tests above.
		const context = await newMobileContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await signInWithoutJavaScript(page, 'jeune@tremplin.test');
			await visit(page, '/jeune/messages', { a11y: false });
			const text = `Sans JavaScript ${Date.now()}`;
			await page.locator('textarea[name=body]').fill(text);
			const clientId = await page.locator('input[name=clientId]').inputValue();
			await Promise.all([
				page.waitForURL((u) => u.pathname === '/jeune/messages', { waitUntil: 'load' }),
				page.getByRole('button', { name: 'Envoyer' }).click()
			]);
			expect(await page.locator('.message', { hasText: text }).count()).toBe(1);
			// The same form sent again (a double tap, a retry): still one message.
			const response = await page.request.post(new URL('/jeune/messages?/envoyer', page.url()).toString(), {
				form: { clientId, body: text },
				headers: { origin: new URL(page.url()).origin },
				maxRedirects: 0
			});
			expect(response.status()).toBe(303);
			await page.reload();
			expect(await page.locator('.message', { hasText: text }).count()).toBe(1);
		} finally {
			await context.close();
		}
	});

	it('une conseillère écrit à plusieurs jeunes, chacun le reçoit dans sa conversation', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		try {
			await visit(counselor.page, '/pro/messages/groupe');
			expect(await horizontalOverflow(counselor.page)).toBe(0);
			await screenshot(counselor.page, 'messages-pro-groupe-desktop');
			await counselor.page.locator(`input[name="jeune_${KARIM}"]`).check();
			const text = `Atelier CV jeudi à 14 h (${Date.now()})`;
			await counselor.page.getByLabel('Message', { exact: true }).fill(text);
			await counselor.page.getByRole('button', { name: 'Envoyer à la sélection' }).click();
			await counselor.page.getByText('Message envoyé à 1 jeune.').waitFor();
			expect(counselor.errors).toEqual([]);
		} finally {
			await counselor.context.close();
		}
		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(youth.page, '/jeune/messages');
			expect(await youth.page.locator('main').innerText()).toContain('Atelier CV jeudi à 14 h');
		} finally {
			await youth.context.close();
		}
		const mobile = await as('conseiller@tremplin.test', 'mobile');
		try {
			for (const path of ['/pro/messages', '/pro/messages/groupe', `/pro/messages/${KARIM}`]) {
				await visit(mobile.page, path);
				expect(await horizontalOverflow(mobile.page), path).toBe(0);
			}
			await screenshot(mobile.page, 'messages-pro-conversation-mobile');
		} finally {
			await mobile.context.close();
		}
	});
});
