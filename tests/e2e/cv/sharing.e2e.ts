import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, collectPageErrors, demoId, horizontalOverflow, launchBrowser, newDesktopContext, newMobileContext, screenshot, signIn, visit } from '../support';

const KARIM = demoId('youth:jeune'); // jeune@tremplin.test, Lyon, followed by conseiller@ (Julien Moreau)

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** Creates a CV through the « Mes CV » form, then fills it as the builder's outbox would (operations endpoint). */
async function aCvOfKarim(page: Page, name: string): Promise<string> {
	await visit(page, '/jeune/cv');
	await page.waitForLoadState('networkidle');
	const form = page.locator('form[action="?/creer"]');
	await form.locator('input[name="name"]').fill(name);
	await Promise.all([page.waitForURL(/\/jeune\/cv\/[0-9a-f-]{36}\/etapes\//, { waitUntil: 'load' }), form.locator('button[type="submit"]').click()]);
	const cvId = new URL(page.url()).pathname.split('/')[3]!;
	const response = await page.request.post(`/jeune/cv/${cvId}/operations`, {
		headers: { 'content-type': 'application/json' },
		data: [
			// Markup and emoji typed in fields: shown as text, never run.
			{ id: randomUUID(), op: 'set', field: 'title', value: 'Vendeur <script>window.__pwned = 1</script> 🛒' },
			{ id: randomUUID(), op: 'set', field: 'summary', value: 'Ponctuel et souriant.\n<img src=x onerror="window.__pwned = 2">' },
			{
				id: randomUUID(),
				op: 'upsert',
				list: 'experiences',
				item: { id: randomUUID(), kind: 'job', title: 'Vendeur en boulangerie', organisation: 'Boulangerie Martin', place: 'Lyon', start: '2024-06', end: '2024-08', bullets: ['Accueil des clients', 'Encaissement'] }
			},
			{ id: randomUUID(), op: 'set', field: 'skills', value: ['Encaissement', 'Mise en rayon'] }
		]
	});
	expect(response.status()).toBe(200);
	const body = (await response.json()) as { outcomes: { status: string }[] };
	expect(body.outcomes.every((o) => o.status === 'applied')).toBe(true);
	return cvId;
}

describe('partager un CV', () => {
	it('lien avec QR code ouvert sans compte (jamais indexé, compté), retiré ; partage avec le conseiller, commentaire, réglé', async () => {
		const youthContext = await newMobileContext(browser);
		const youth = await youthContext.newPage();
		const youthErrors = collectPageErrors(youth);
		await signIn(youth, 'jeune@tremplin.test');
		const cvId = await aCvOfKarim(youth, `CV vente ${Date.now().toString(36).slice(-4)}`);

		// The youth creates a 7-day link and sees its address and QR code.
		await visit(youth, `/jeune/cv/${cvId}/partage`);
		await youth.getByLabel('7 jours').check();
		await Promise.all([youth.waitForURL(/ok=cree/, { waitUntil: 'load' }), youth.getByRole('button', { name: 'Créer le lien' }).click()]);
		await checkA11y(youth);
		const address = (await youth.locator('.url').first().textContent())!.match(/https?:\/\/\S+/)![0];
		expect(address).toMatch(/\/cv\/p\/[A-Za-z0-9_-]{43}$/);
		await expect(youth.locator('.qr svg').first().isVisible()).resolves.toBe(true);
		await expect(youth.getByTestId('vues').first().textContent()).resolves.toBe('Pas encore ouvert');
		expect(await horizontalOverflow(youth)).toBe(0);
		await screenshot(youth, 'cv-partage-360');

		// Someone without an account opens it: the CV, literally, no script run; never indexed.
		const visitorContext = await newMobileContext(browser);
		const visitor = await visitorContext.newPage();
		const visitorErrors = collectPageErrors(visitor);
		const opened = await visit(visitor, address);
		expect(opened.headers()['x-robots-tag']).toBe('noindex, nofollow, noarchive');
		expect(opened.headers()['referrer-policy']).toBe('no-referrer');
		expect(opened.headers()['cache-control']).toBe('private, no-store');
		await expect(visitor.locator('meta[name="robots"]').getAttribute('content')).resolves.toBe('noindex, nofollow, noarchive');
		await expect(visitor.locator('.cv-title').textContent()).resolves.toContain('<script>window.__pwned = 1</script>');
		await expect(visitor.getByText('Vendeur en boulangerie').isVisible()).resolves.toBe(true);
		expect(await visitor.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		expect(await horizontalOverflow(visitor)).toBe(0);
		await screenshot(visitor, 'cv-public-360');
		const pdf = await visitorContext.request.get(`${address}/pdf`);
		expect(pdf.status()).toBe(200);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

		// The youth sees it was opened once (the PDF does not count).
		await visit(youth, `/jeune/cv/${cvId}/partage`);
		await expect(youth.getByTestId('vues').first().textContent()).resolves.toBe('Ouvert 1 fois');

		// Revoked (with confirmation): the visitor gets the "not available" page.
		await youth.getByRole('link', { name: 'Retirer ce lien' }).first().click();
		await youth.waitForURL(/retirer=/, { waitUntil: 'load' });
		await Promise.all([youth.waitForURL(/ok=retire/, { waitUntil: 'load' }), youth.getByRole('button', { name: 'Oui, retirer le lien' }).click()]);
		const gone = await visit(visitor, address, { status: 404 });
		expect(gone.headers()['x-robots-tag']).toBe('noindex, nofollow, noarchive');
		await expect(visitor.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ce CV n’est pas disponible');
		expect(visitorErrors.filter((e) => !/404/.test(e))).toEqual([]);
		await visitorContext.close();

		// Shared with the counselor (named on the button).
		await Promise.all([
			youth.waitForURL(/ok=partage/, { waitUntil: 'load' }),
			youth.getByRole('button', { name: 'Partager avec Julien Moreau' }).click()
		]);

		// The counselor finds it on Karim's file and comments on « Expériences ».
		const proContext = await newDesktopContext(browser);
		const counselor = await proContext.newPage();
		const counselorErrors = collectPageErrors(counselor);
		await signIn(counselor, 'conseiller@tremplin.test');
		await visit(counselor, `/pro/jeunes/${KARIM}`);
		await Promise.all([counselor.waitForURL(new RegExp(`/cv/${cvId}$`), { waitUntil: 'load' }), counselor.locator(`a[href$="/cv/${cvId}"]`).click()]);
		await checkA11y(counselor);
		const experiences = counselor.locator('#cv-section-experiences');
		await experiences.locator('summary').click();
		await experiences.getByLabel('Votre commentaire (Expériences)').fill('Ajoute une ligne sur la mise en rayon <b>stp</b>.');
		await experiences.getByRole('button', { name: 'Ajouter le commentaire' }).click();
		await experiences.getByText('Commentaire ajouté').waitFor();
		await expect(experiences.locator('.comment .body').first().textContent()).resolves.toBe('Ajoute une ligne sur la mise en rayon <b>stp</b>.');
		await screenshot(counselor, 'cv-pro-1280');
		expect(counselorErrors).toEqual([]);
		await proContext.close();

		// The youth reads it, goes to fix it, and marks it as done.
		await visit(youth, `/jeune/cv/${cvId}/commentaires`);
		const comment = youth.getByTestId('commentaire').first();
		await expect(comment.textContent()).resolves.toContain('Julien Moreau');
		await expect(comment.getByRole('link', { name: 'Modifier cette partie' }).getAttribute('href')).resolves.toBe(`/jeune/cv/${cvId}/etapes/experiences`);
		await screenshot(youth, 'cv-commentaires-360');
		await Promise.all([youth.waitForURL(/ok=regle/, { waitUntil: 'load' }), comment.getByRole('button', { name: 'C’est réglé' }).click()]);
		await checkA11y(youth);
		await expect(youth.getByText('Tout est réglé, bravo !').isVisible()).resolves.toBe(true);
		expect(youthErrors).toEqual([]);
		await youthContext.close();
	});

	it('personne d’autre ne lit le CV : autre jeune, son conseiller tant qu’il n’est pas partagé, lien inventé', async () => {
		const youthContext = await newMobileContext(browser);
		const youth = await youthContext.newPage();
		await signIn(youth, 'jeune@tremplin.test');
		const cvId = await aCvOfKarim(youth, `CV privé ${Date.now().toString(36).slice(-4)}`);
		await youthContext.close();

		const otherContext = await newMobileContext(browser);
		const other = await otherContext.newPage();
		await signIn(other, 'jeune2@tremplin.test');
		await visit(other, `/jeune/cv/${cvId}/partage`, { status: 404 });
		await visit(other, `/jeune/cv/${cvId}/commentaires`, { status: 404 });
		await otherContext.close();

		// Not shared: even Karim's own counselor finds nothing.
		const proContext = await newDesktopContext(browser);
		const counselor = await proContext.newPage();
		await signIn(counselor, 'conseiller@tremplin.test');
		await visit(counselor, `/pro/jeunes/${KARIM}/cv/${cvId}`, { status: 404 });
		await proContext.close();

		const anonymous = await newMobileContext(browser);
		const page = await anonymous.newPage();
		await visit(page, `/cv/p/${'A'.repeat(43)}`, { status: 404 });
		await visit(page, '/cv/p/nimporte-quoi', { status: 404 });
		await anonymous.close();
	});
});
