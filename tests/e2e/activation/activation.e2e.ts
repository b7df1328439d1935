import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	arriveAt,
	checkA11y,
	horizontalOverflow,
	launchBrowser,
	newDesktopContext,
	newMobileContext,
	screenshot,
	signIn,
	url,
	visit
} from '../support';

/**
 * The foundation's "done when": a counselor creates an activation code; on another browser the
 * youth opens it (as if scanned from the QR code), lands signed in, registers a passkey with
 * Chromium's virtual authenticator, signs out and signs in again with the passkey.
 */

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const PASSKEY_SIGN_IN = /Se connecter avec une clé d.accès/;

/** Chromium's virtual authenticator, attached to this page (it lives as long as the page). */
async function addVirtualAuthenticator(page: Page) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true
		}
	});
	return { cdp, authenticatorId };
}

describe('activation code, then passkey', () => {
	it('a counselor creates a code; the youth activates it on a phone, adds a passkey and signs in again with it', async () => {
		const suffix = Date.now().toString(36);
		const lastName = `Essai${suffix}`;

		// --- The counselor, on a desktop -------------------------------------------------------
		const desk = await newDesktopContext(browser);
		const pro = await desk.newPage();
		await signIn(pro, 'conseiller@tremplin.test');
		await visit(pro, '/pro/codes');
		await pro.getByLabel('Prénom', { exact: true }).fill('Inès');
		await pro.getByLabel('Nom (facultatif)').fill(lastName);
		await pro.getByRole('button', { name: 'Créer le code' }).click();
		const shown = pro.getByTestId('code-activation');
		await shown.waitFor();
		const code = (await shown.textContent())!.trim();
		expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/);
		expect(await pro.locator('[data-testid="fiche-code"] svg').count()).toBeGreaterThan(0);
		expect(await pro.locator('main').textContent()).toContain(`/activer?code=${code}`);
		await checkA11y(pro);
		await screenshot(pro, 'activation-pro-codes-cree-1280');

		// The plain code is never shown again: only its status.
		await visit(pro, '/pro/codes');
		expect(await pro.getByTestId('code-activation').count()).toBe(0);
		const row = pro.locator('tr', { hasText: lastName });
		await expect(row.textContent()).resolves.toContain('En attente');
		expect(await pro.content()).not.toContain(code);

		// --- The youth, on a phone (another browser context) -------------------------------------
		const phone = await newMobileContext(browser);
		const youth = await phone.newPage();
		const { cdp, authenticatorId } = await addVirtualAuthenticator(youth);

		await visit(youth, '/activer');
		await screenshot(youth, 'activation-activer-vide-360');

		// A mistyped code gets the one generic message, next to the field.
		await youth.getByLabel('Ton code').fill('ABC-DEF-GHJ');
		await youth.getByRole('button', { name: 'Continuer' }).click();
		await youth.getByText('Ce code ne marche pas').waitFor();
		await checkA11y(youth);
		await screenshot(youth, 'activation-activer-erreur-360');

		// As if the QR code had been scanned.
		await visit(youth, `/activer?code=${encodeURIComponent(code)}`);
		await expect(youth.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Inès');
		expect(await horizontalOverflow(youth)).toBe(0);
		await screenshot(youth, 'activation-activer-prenom-360');
		await youth.getByLabel(/Ton e-mail ou ton numéro/).fill(`ines.${suffix}@exemple.fr`);
		await youth.getByLabel(/J.accepte les conditions/).check();
		await youth.getByRole('button', { name: 'Créer mon compte' }).click();
		await arriveAt(youth, (u) => u.pathname === '/compte/cles-d-acces' && u.searchParams.has('bienvenue'));
		await expect(youth.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Ton compte est prêt');
		await youth.getByRole('link', { name: 'Plus tard' }).waitFor();
		expect(await horizontalOverflow(youth)).toBe(0);
		await screenshot(youth, 'activation-bienvenue-360');

		// Register a passkey on "this phone".
		await youth.getByRole('button', { name: /Ajouter une clé d.accès/ }).click();
		await youth.getByText('Ta clé d’accès est enregistrée').waitFor({ timeout: 20_000 });
		await checkA11y(youth);
		await screenshot(youth, 'activation-cle-enregistree-360');
		const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
		expect(credentials).toHaveLength(1);
		expect(credentials[0]!.isResidentCredential).toBe(true);

		// Sign out: on a shared phone, nothing of this youth stays on the device.
		await youth.evaluate(() => localStorage.setItem('tremplin-test-trace', 'Karim était là'));
		await visit(youth, '/deconnexion');
		await youth.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
		await arriveAt(youth, (u) => u.pathname === '/');
		await expect(youth.evaluate(() => localStorage.length)).resolves.toBe(0);
		await visit(youth, '/jeune');
		expect(new URL(youth.url()).pathname).toBe('/connexion');

		// Sign in again with the passkey: no e-mail, no password.
		await visit(youth, '/connexion', { waitUntil: 'networkidle' });
		const button = youth.getByRole('button', { name: PASSKEY_SIGN_IN });
		await expect(button.count()).resolves.toBe(1);
		await button.click();
		await arriveAt(youth, (u) => u.pathname === '/jeune');
		await screenshot(youth, 'activation-jeune-apres-cle-360');
		const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
		expect(after.credentials[0]!.signCount).toBeGreaterThanOrEqual(credentials[0]!.signCount);

		// The passkey page shows when it was last used.
		await visit(youth, '/compte/cles-d-acces');
		await expect(youth.locator('main').textContent()).resolves.not.toContain('jamais');

		// --- Back to the counselor: the code is used --------------------------------------------
		await visit(pro, '/pro/codes');
		await expect(pro.locator('tr', { hasText: lastName }).textContent()).resolves.toContain('Utilisé');

		await phone.close();
		await desk.close();
	});
});

describe('the passkey endpoints', () => {
	it('refuse what a cross-site page could send: a form body, or another origin', async () => {
		const asForm = await fetch(url('/connexion/cle/options'), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'a=1'
		});
		expect(asForm.status).toBe(415);
		const crossSite = await fetch(url('/connexion/cle/options'), {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: 'https://ailleurs.example' },
			body: '{}'
		});
		expect(crossSite.status).toBe(403);
		const fine = await fetch(url('/connexion/cle/options'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}'
		});
		expect(fine.status).toBe(200);
		const options = (await fine.json()) as { challenge: string; rpId: string; allowCredentials?: unknown[] };
		expect(options.rpId).toBe('localhost');
		expect(options.challenge.length).toBeGreaterThan(20);
		expect(options.allowCredentials ?? []).toEqual([]);
	});

	it('do not register a passkey for nobody', async () => {
		const response = await fetch(url('/compte/cles-d-acces/options'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
			redirect: 'manual'
		});
		expect([303, 401]).toContain(response.status);
	});
});
