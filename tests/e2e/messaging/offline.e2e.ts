import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, demoId, horizontalOverflow, launchBrowser, newDesktopContext, newMobileContext, screenshot, signIn, visit } from '../support';

// Léa (Villeurbanne) and her counselor: the other messaging tests, which may run at the same time, write to Karim.
const LEA = demoId('youth:jeune2');

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('la messagerie hors ligne', () => {
	it('un message écrit sans réseau attend sur le téléphone et part une seule fois au retour du réseau', async () => {
		const youthContext = await newMobileContext(browser);
		const counselorContext = await newDesktopContext(browser);
		try {
			const youth = await youthContext.newPage();
			const errors = collectPageErrors(youth);
			await signIn(youth, 'jeune2@tremplin.test');
			await visit(youth, '/jeune/messages');

			await youthContext.setOffline(true);
			const text = `Écrit dans le bus, sans réseau (${Date.now()})`;
			await youth.getByLabel('Ton message').fill(text);
			await youth.getByRole('button', { name: 'Envoyer' }).click();
			const waiting = youth.locator('.message.pending', { hasText: text });
			await waiting.waitFor();
			expect(await waiting.innerText()).toContain('En attente de réseau · sera envoyé automatiquement');
			// The composer is free for the next message; the text is kept on the device.
			expect(await youth.getByLabel('Ton message').inputValue()).toBe('');
			const stored = await youth.evaluate(() => localStorage.getItem('tremplin.messagerie.v1') ?? '');
			expect(stored).toContain('Écrit dans le bus');
			expect(await horizontalOverflow(youth)).toBe(0);
			await screenshot(youth, 'messages-jeune-hors-ligne-mobile');

			await youthContext.setOffline(false);
			// Sent on the `online` event; the waiting copy gives way to the stored message.
			await youth.locator('.message:not(.pending)', { hasText: text }).waitFor({ timeout: 15_000 });
			await waiting.waitFor({ state: 'detached' });
			expect(await youth.locator('.message', { hasText: text }).count()).toBe(1);
			expect(await youth.evaluate(() => localStorage.getItem('tremplin.messagerie.v1') ?? '')).not.toContain('Écrit dans le bus');
			await screenshot(youth, 'messages-jeune-de-retour-en-ligne-mobile');

			const counselor = await counselorContext.newPage();
			await signIn(counselor, 'conseiller2@tremplin.test');
			await visit(counselor, `/pro/messages/${LEA}`);
			expect(await counselor.locator('.message', { hasText: text }).count()).toBe(1);

			// Network errors while offline are expected in the console (the stream reconnects).
			expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|net::|EventSource|Failed to fetch/i.test(e))).toEqual([]);
		} finally {
			await youthContext.close();
			await counselorContext.close();
		}
	});

	it('un message refusé reste affiché « non envoyé » avec la raison, et peut être supprimé', async () => {
		const context = await newMobileContext(browser);
		try {
			const youth = await context.newPage();
			await signIn(youth, 'jeune2@tremplin.test');
			await visit(youth, '/jeune/messages');
			// A message the server refuses (too long: the page's own limit is lifted to get past it).
			await youth.locator('textarea').evaluate((el) => el.removeAttribute('maxlength'));
			await youth.getByLabel('Ton message').fill('a'.repeat(4001));
			await youth.getByRole('button', { name: 'Envoyer' }).click();
			const refused = youth.locator('.message.pending.refused');
			await refused.waitFor();
			expect(await refused.innerText()).toContain('Non envoyé : Le message est trop long (4000 caractères au plus).');
			await screenshot(youth, 'messages-jeune-non-envoye-mobile');
			await refused.getByRole('button', { name: 'Supprimer' }).click();
			await refused.waitFor({ state: 'detached' });
		} finally {
			await context.close();
		}
	});
});
