import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, horizontalOverflow, launchBrowser, newMobileContext, openAs, publishPhoneSlots, screenshot, signInWithoutJavaScript, visit } from '../support';

/**
 * Exceptional closures: the management of a Mission Locale plans them in « Réglages »; its youth
 * see the next one announced on their home. The demo plans one for Lyon about ten days ahead
 * ("Formation de toute l’équipe"); the closures added here are two months ahead and removed after,
 * so the night replies of the other tests are unchanged.
 */

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** A calendar date `days` from today ("2027-01-20"). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const frenchDay = (isoDate: string) =>
	new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`)).replace(/^1 /, '1er ');

async function addClosure(page: Page, startsOn: string, endsOn: string, reason: string) {
	await page.locator('#startsOn').fill(startsOn);
	await page.locator('#endsOn').fill(endsOn);
	await page.locator('#reason').fill(reason);
	await page.getByRole('button', { name: 'Ajouter la fermeture' }).click();
}

describe('les fermetures exceptionnelles', () => {
	it('la direction en ajoute une, voit une erreur claire pour des dates qui se chevauchent, puis la supprime (1280)', async () => {
		const { context, page, errors } = await openAs(browser, 'direction@tremplin.test', 'desktop');
		try {
			await visit(page, '/pro/reglages');
			await checkA11y(page);
			const main = page.locator('main');
			expect(await main.innerText()).toContain('Formation de toute l’équipe');

			// The server checks what the browser checks (here switched off): the last day before the first.
			await page.locator('form[action="?/ajouterFermeture"]').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
			await addClosure(page, inDays(64), inDays(60), 'Congés d’été');
			await expect.poll(() => page.locator('#endsOn-erreur').innerText(), { timeout: 10_000 }).toContain('après');
			expect(await page.locator('#reason').inputValue()).toBe('Congés d’été');
			await checkA11y(page);

			await addClosure(page, inDays(60), inDays(64), 'Congés d’été');
			await expect.poll(() => main.innerText(), { timeout: 10_000 }).toContain('La fermeture est enregistrée.');
			expect(await main.innerText()).toContain('Congés d’été');

			// Overlapping dates: refused, the dates in the way are named.
			await addClosure(page, inDays(63), inDays(66), 'Déménagement');
			await expect.poll(() => page.locator('#startsOn-erreur').innerText(), { timeout: 10_000 }).toContain('Une fermeture est déjà prévue du');
			expect(await page.locator('#startsOn-erreur').innerText()).toContain(frenchDay(inDays(64)));
			await checkA11y(page);
			await screenshot(page, 'reglages-fermetures-desktop');

			// The agenda marks the closed days.
			await visit(page, `/pro/agenda?vue=jour&date=${inDays(61)}`);
			expect(await main.innerText()).toContain('Fermeture exceptionnelle : Congés d’été');
			await checkA11y(page);
			await screenshot(page, 'agenda-fermeture-desktop');
			// Staff may still book a slot of that day for a youth, warned that youth cannot.
			await publishPhoneSlots(page, inDays(61), '10:00', '10:30');
			const slot = page.locator('li.slot', { hasText: '10 h – 10 h 30' });
			await slot.getByRole('link', { name: /Réserver/ }).click();
			await expect.poll(() => main.innerText(), { timeout: 10_000 }).toContain('Ce jour-là, la Mission Locale est fermée (fermeture exceptionnelle : Congés d’été).');
			await checkA11y(page);
			await screenshot(page, 'agenda-fermeture-reserver-desktop');
			await slot.getByRole('button', { name: /Supprimer/ }).click();
			await expect.poll(() => main.innerText(), { timeout: 10_000 }).toContain('Créneau supprimé.');
			await visit(page, '/pro/reglages');

			const remove = page.locator('li', { hasText: 'Congés d’été' }).getByRole('button', { name: /^Supprimer la fermeture du / });
			await remove.click();
			await expect.poll(() => main.innerText(), { timeout: 10_000 }).toContain('La fermeture est supprimée.');
			expect(await main.innerText()).not.toContain('Congés d’été');
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('fonctionne sans JavaScript sur téléphone (360)', async () => {
		// axe cannot run without JavaScript: the same server HTML is checked by the test above.
		const context = await newMobileContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await signInWithoutJavaScript(page, 'direction@tremplin.test');
			await visit(page, '/pro/reglages', { a11y: false });
			await Promise.all([page.waitForURL((u) => u.search.includes('ajouterFermeture'), { waitUntil: 'load' }), addClosure(page, inDays(70), '', 'Pont')]);
			expect(await page.locator('main').innerText()).toContain('La fermeture est enregistrée.');
			expect(await page.locator('main').innerText()).toContain('Pont');
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'reglages-fermetures-mobile');
			await visit(page, `/pro/agenda?vue=jour&date=${inDays(70)}`, { a11y: false });
			expect(await page.locator('main').innerText()).toContain('Fermeture exceptionnelle : Pont');
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'agenda-fermeture-mobile');
			await visit(page, '/pro/reglages', { a11y: false });
			await Promise.all([
				page.waitForURL((u) => u.search.includes('supprimerFermeture'), { waitUntil: 'load' }),
				page.locator('li', { hasText: 'Pont' }).getByRole('button', { name: /^Supprimer la fermeture le / }).click()
			]);
			expect(await page.locator('main').innerText()).toContain('La fermeture est supprimée.');
			expect(await page.locator('main').innerText()).not.toContain('Pont');
		} finally {
			await context.close();
		}
	});

	it('l’annuaire public l’annonce aussi (360, sans compte)', async () => {
		const { context, page, errors } = await openAs(browser, null, 'mobile');
		try {
			await visit(page, '/trouver-ma-mission-locale?q=69007');
			const text = await page.locator('main').innerText();
			expect(text).toContain('Fermeture exceptionnelle le');
			expect(text).toContain('Formation de toute l’équipe');
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'annuaire-fermeture-mobile');
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('Karim voit la fermeture prévue par sa Mission Locale sur son accueil (360)', async () => {
		const { context, page, errors } = await openAs(browser, 'jeune@tremplin.test', 'mobile');
		try {
			await visit(page, '/jeune');
			await checkA11y(page);
			const text = await page.locator('main').innerText();
			expect(text).toContain('Fermeture exceptionnelle le');
			expect(text).toContain('Formation de toute l’équipe');
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'accueil-jeune-fermeture-mobile');

			// Booking says why that day has no slot (its slots are not offered to youth).
			await visit(page, '/jeune/rendez-vous/prendre');
			const notice = page.locator('.closures');
			await expect(notice.innerText()).resolves.toMatch(/Fermeture exceptionnelle le .*Formation de toute l’équipe.*pas de rendez-vous à prendre/s);
			expect(await horizontalOverflow(page)).toBe(0);
			await screenshot(page, 'rendez-vous-fermeture-mobile');
			await visit(page, '/jeune/rendez-vous/prendre?mode=video');
			expect(await page.locator('.closures').count()).toBe(1);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
