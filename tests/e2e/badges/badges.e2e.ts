import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
	arriveAt,
	collectPageErrors,
	demoId,
	horizontalOverflow,
	launchBrowser,
	newDesktopContext,
	newMobileContext,
	screenshot,
	signIn,
	visit
} from '../support';

/**
 * Verifiable badges: Karim (who completed the Lyon welcome module in the demo data) gets the
 * badge on his phone, downloads it (JSON and baked PNG); someone without an account checks it on
 * the public verification page; his counselor revokes it; the same file is then said revoked.
 */

const KARIM = demoId('youth:jeune');

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

async function fresh(size: 'mobile' | 'desktop'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
	const context = size === 'mobile' ? await newMobileContext(browser, { acceptDownloads: true }) : await newDesktopContext(browser);
	const page = await context.newPage();
	return { context, page, errors: collectPageErrors(page) };
}

async function download(page: Page, linkName: RegExp): Promise<Buffer> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).first().click()]);
	return readFileSync((await file.path())!);
}

async function verify(page: Page, input: { json?: string; png?: Buffer }): Promise<string> {
	await visit(page, '/badges/verifier');
	if (input.png) await page.locator('#fichier').setInputFiles({ name: 'badge.png', mimeType: 'image/png', buffer: input.png });
	if (input.json) await page.locator('#credential').fill(input.json);
	await page.getByRole('button', { name: 'Vérifier le badge' }).click();
	const verdict = page.getByTestId('verdict');
	await verdict.waitFor();
	return verdict.innerText();
}

it('issues a signed badge that verifies, until the counselor revokes it', { timeout: 180_000 }, async () => {
	// The youth, on a phone.
	const youth = await fresh('mobile');
	await signIn(youth.page, 'jeune@tremplin.test');
	await visit(youth.page, '/jeune');
	await youth.page.getByRole('link', { name: 'Mes badges' }).click();
	await arriveAt(youth.page, (u) => u.pathname === '/jeune/badges');
	expect(await youth.page.getByRole('heading', { name: /Bienvenue à la Mission Locale de Lyon/ }).count()).toBe(1);
	await screenshot(youth.page, 'badges-jeune-a-obtenir');
	await youth.page.getByRole('button', { name: /Obtenir le badge « Parcours réussi : Bienvenue à la Mission Locale de Lyon »/ }).click();
	await arriveAt(youth.page, (u) => u.searchParams.has('nouveau'));
	expect(await youth.page.getByText(/Ton badge « Parcours réussi : Bienvenue à la Mission Locale de Lyon » est prêt/).count()).toBe(1);
	expect(await horizontalOverflow(youth.page)).toBe(0);
	await screenshot(youth.page, 'badges-jeune-obtenu');
	const json = (await download(youth.page, /Télécharger le fichier/)).toString('utf8');
	const png = await download(youth.page, /Télécharger l’image/);
	const credential = JSON.parse(json);
	expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
	expect(credential.proof.cryptosuite).toBe('eddsa-rdfc-2022');
	expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
	expect(png.includes(Buffer.from('openbadgecredential'))).toBe(true);
	// Issuing twice (back button, double submit) gives back the same badge.
	await visit(youth.page, '/jeune/badges');
	expect(await youth.page.getByRole('button', { name: /Obtenir le badge « Parcours réussi : Bienvenue/ }).count()).toBe(0);

	// Anyone, without an account: the file and the image say authentic; a modified file does not.
	const visitor = await fresh('mobile');
	expect(await verify(visitor.page, { json })).toMatch(/délivré par Mission Locale de Lyon à Karim .+ le \d/);
	await screenshot(visitor.page, 'badges-verification-authentique');
	expect(await verify(visitor.page, { png })).toMatch(/délivré par Mission Locale de Lyon à Karim/);
	expect(await verify(visitor.page, { json: json.replace('"Karim', '"Kevin') })).toMatch(/modifié/);
	expect(await verify(visitor.page, { json: '{"pas": "un badge"' })).toMatch(/pas du JSON valide/);
	await visit(visitor.page, new URL(credential.id).pathname);
	expect(await visitor.page.getByText('Badge valable').count()).toBe(1);
	// The issuer's key document (JSON-LD) lists the key that signed, as a Multikey allowed to assert.
	const keys = await visitor.context.request.get(credential.issuer.id);
	expect(keys.headers()['content-type']).toMatch(/application\/ld\+json/);
	const keyDoc = await keys.json();
	expect(keyDoc.assertionMethod).toEqual([credential.proof.verificationMethod]);
	expect(keyDoc.verificationMethod[0]).toMatchObject({ type: 'Multikey', publicKeyMultibase: expect.stringMatching(/^z6Mk/) });

	// The counselor of another Mission Locale sees nothing.
	const other = await fresh('desktop');
	await signIn(other.page, 'conseiller2@tremplin.test');
	await visit(other.page, `/pro/jeunes/${KARIM}/badges`, { status: 404, a11y: false });

	// His counselor revokes it, with a reason.
	const counselor = await fresh('desktop');
	await signIn(counselor.page, 'conseiller@tremplin.test');
	await visit(counselor.page, `/pro/jeunes/${KARIM}/badges`);
	await counselor.page.getByText('Retirer ce badge').first().click();
	await counselor.page.getByLabel(/Raison du retrait/).first().fill('Parcours fait par une autre personne');
	await counselor.page.getByRole('button', { name: 'Retirer le badge' }).first().click();
	await counselor.page.getByText('Badge retiré. La page de vérification le dit désormais.').waitFor();
	await screenshot(counselor.page, 'badges-conseiller-retrait');

	// The same file is now said revoked, with the reason, and so is its public page.
	expect(await verify(visitor.page, { json })).toMatch(/retiré le .+ Parcours fait par une autre personne/);
	await screenshot(visitor.page, 'badges-verification-retire');
	await visit(visitor.page, new URL(credential.id).pathname);
	expect(await visitor.page.getByText('Badge retiré').count()).toBe(1);

	for (const actor of [youth, visitor, counselor]) expect(actor.errors).toEqual([]);
	for (const actor of [youth, visitor, counselor, other]) await actor.context.close();
});
