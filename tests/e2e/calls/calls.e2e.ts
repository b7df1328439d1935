import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	arriveAt,
	checkA11y,
	DEMO_PASSWORD,
	demoId,
	horizontalOverflow,
	launchBrowser,
	newMobileContext,
	openAs,
	screenshot,
	signIn,
	visit
} from '../support';

const KARIM = demoId('youth:jeune'); // jeune@tremplin.test, Lyon, followed by conseiller@

let browser: Browser;
beforeAll(async () => {
	// Chromium's synthetic camera (a moving pattern) and microphone (a beep), allowed without a prompt.
	browser = await launchBrowser({ fakeMedia: true });
});
afterAll(async () => {
	await browser?.close();
});

const as = (email: string, size: 'mobile' | 'desktop') => openAs(browser, email, size);

const stage = (page: Page) => page.locator('.stage');
const state = (page: Page) => page.getByTestId('call-state');

/** Waits until the page's RTCPeerConnection is connected and the other side's video plays. */
async function waitConnected(page: Page) {
	await page.locator('.stage[data-connection="connected"]').waitFor({ timeout: 30_000 });
	expect(await state(page).innerText()).toBe('Connecté');
	await remoteVideoPlays(page);
}

/** The other side's video element has frames (and keeps receiving new ones). */
async function remoteVideoPlays(page: Page) {
	const describe = () =>
		page.evaluate(() => {
			const video = document.querySelector<HTMLVideoElement>('video.remote');
			const stream = video?.srcObject as MediaStream | null | undefined;
			return JSON.stringify({
				width: video?.videoWidth,
				readyState: video?.readyState,
				paused: video?.paused,
				tracks: stream?.getTracks().map((t) => ({ kind: t.kind, state: t.readyState, muted: t.muted, enabled: t.enabled }))
			});
		});
	try {
		await page.waitForFunction(
			() => {
				const video = document.querySelector<HTMLVideoElement>('video.remote');
				return !!video && video.videoWidth > 0 && video.readyState >= 2;
			},
			undefined,
			{ timeout: 20_000 }
		);
	} catch (error) {
		throw new Error(`La vidéo de l'autre ne s'affiche pas : ${await describe()}`, { cause: error });
	}
	const frames = () => page.evaluate(() => document.querySelector<HTMLVideoElement>('video.remote')?.getVideoPlaybackQuality().totalVideoFrames ?? 0);
	const before = await frames();
	await page.waitForFunction((n) => (document.querySelector<HTMLVideoElement>('video.remote')?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > n, before, { timeout: 10_000 });
}

/** The Lyon manager sets the visio fallback in « Réglages » (empty strings: none). */
async function setFallback(url: string, phone: string) {
	const manager = await as('direction@tremplin.test', 'desktop');
	try {
		await visit(manager.page, '/pro/reglages');
		await manager.page.locator('input[name="videoFallbackUrl"]').fill(url);
		await manager.page.locator('input[name="videoFallbackPhone"]').fill(phone);
		await manager.page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
		await manager.page.getByText('Les réglages sont enregistrés.').waitFor();
	} finally {
		await manager.context.close();
	}
}

describe('la visio', () => {
	it('un conseiller appelle Karim depuis la conversation, ils se voient, passent en audio, raccrochent', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			// The counselor starts the call from Karim's conversation (no camera rights on that page).
			const conversation = await visit(counselor.page, `/pro/messages/${KARIM}`);
			expect(conversation.headers()['permissions-policy']).toMatch(/camera=\(\), microphone=\(\)/);
			await counselor.page.getByRole('button', { name: 'Appel vidéo' }).click();
			await arriveAt(counselor.page, (u) => u.pathname.startsWith('/visio/'));
			const callPath = new URL(counselor.page.url()).pathname;
			expect(callPath).toMatch(/^\/visio\/[0-9a-f-]{36}$/);
			const policy = await counselor.page.evaluate(() => (document as unknown as { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy?.allowsFeature('camera'));
			expect(policy).toBe(true);
			const visioHeaders = (await counselor.page.request.get(callPath)).headers();
			expect(visioHeaders['permissions-policy']).toMatch(/camera=\(self\), microphone=\(self\), geolocation=\(\)/);
			await counselor.page.getByRole('button', { name: 'Rejoindre' }).waitFor();
			await counselor.page.locator('video.local').waitFor();
			await screenshot(counselor.page, 'visio-pro-avant-desktop');
			await counselor.page.getByRole('button', { name: 'Rejoindre' }).click();
			await counselor.page.getByText('En attente de Karim').waitFor();

			// Karim finds the invitation in his messages and follows the link.
			await visit(youth.page, '/jeune/messages');
			const link = youth.page.locator(`a[href="${callPath}"]`).last();
			await link.waitFor();
			expect(await youth.page.locator('.message', { has: link }).innerText()).toMatch(/te propose un appel vidéo/);
			await link.click();
			// An in-app navigation: the visio page loads itself again for its camera rights.
			await youth.page.waitForURL((u) => u.pathname === callPath);
			await youth.page.waitForFunction((path) => {
				const entry = performance.getEntriesByType('navigation')[0];
				return !!entry && new URL(entry.name).pathname === path && document.readyState === 'complete';
			}, callPath);
			await checkA11y(youth.page);
			await youth.page.getByRole('button', { name: 'Rejoindre' }).waitFor();
			await youth.page.locator('video.local').waitFor();
			expect(await horizontalOverflow(youth.page)).toBe(0);
			await screenshot(youth.page, 'visio-jeune-avant-mobile');
			const joinedAt = Date.now();
			await youth.page.getByRole('button', { name: 'Rejoindre' }).click();

			await youth.page.locator('.stage[data-connection="connected"]').waitFor({ timeout: 30_000 });
			console.info(`[visio] connecté ${Date.now() - joinedAt} ms après « Rejoindre » du jeune`);
			await waitConnected(youth.page);
			await waitConnected(counselor.page);
			await checkA11y(youth.page);
			await checkA11y(counselor.page);
			expect(await horizontalOverflow(youth.page)).toBe(0);
			await screenshot(youth.page, 'visio-jeune-connecte-mobile');
			await screenshot(counselor.page, 'visio-pro-connecte-desktop');

			// Audio only, from the youth's side: both stop their camera, the call stays connected.
			await youth.page.getByRole('button', { name: 'Audio seulement' }).click();
			await stage(youth.page).and(youth.page.locator('[data-mode="audio"]')).waitFor();
			await stage(counselor.page).and(counselor.page.locator('[data-mode="audio"]')).waitFor({ timeout: 10_000 });
			expect(await youth.page.locator('video.local').count()).toBe(0);
			expect(await counselor.page.locator('video.local').count()).toBe(0);
			await youth.page.waitForTimeout(1500);
			expect(await stage(youth.page).getAttribute('data-connection')).toBe('connected');
			expect(await stage(counselor.page).getAttribute('data-connection')).toBe('connected');
			expect(await youth.page.getByText('Audio seulement', { exact: true }).first().isVisible()).toBe(true);
			await checkA11y(youth.page);
			await screenshot(youth.page, 'visio-jeune-audio-mobile');
			await screenshot(counselor.page, 'visio-pro-audio-desktop');

			// Back to video, from the counselor's side: the remote video plays again.
			await counselor.page.getByRole('button', { name: 'Repasser en vidéo' }).click();
			await stage(youth.page).and(youth.page.locator('[data-mode="video"]')).waitFor({ timeout: 10_000 });
			await remoteVideoPlays(youth.page);

			// The youth reloads the page and joins again: the call reconnects.
			await youth.page.reload();
			await youth.page.getByRole('button', { name: 'Rejoindre' }).click();
			await waitConnected(youth.page);
			await waitConnected(counselor.page);

			// The counselor hangs up: it ends for both.
			await counselor.page.getByRole('button', { name: 'Raccrocher' }).click();
			await counselor.page.locator('[data-testid="call-state"]', { hasText: 'Appel terminé' }).waitFor();
			await youth.page.getByText('a raccroché').waitFor({ timeout: 10_000 });
			await checkA11y(youth.page);
			await screenshot(youth.page, 'visio-jeune-termine-mobile');
			await visit(youth.page, callPath);
			expect(await state(youth.page).innerText()).toBe('Appel terminé');
			expect(await youth.page.getByRole('button', { name: 'Rejoindre' }).count()).toBe(0);

			// Someone else: not found, for the page, the stream and the signals.
			for (const email of ['jeune2@tremplin.test', 'conseiller2@tremplin.test']) {
				const other = await as(email, email.startsWith('jeune') ? 'mobile' : 'desktop');
				try {
					await visit(other.page, callPath, { status: 404 });
					expect(await other.page.locator('main').innerText()).toMatch(/introuvable/i);
					const flux = await other.page.request.get(`${callPath}/flux`);
					expect(flux.status()).toBe(404);
					const signal = await other.page.request.post(`${callPath}/signal`, {
						data: { type: 'join', data: { mode: 'video' } },
						headers: { origin: new URL(other.page.url()).origin }
					});
					expect(signal.status()).toBe(404);
				} finally {
					await other.context.close();
				}
			}
			expect(youth.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
			expect(counselor.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
		} finally {
			await youth.context.close();
			await counselor.context.close();
		}
	}, 180_000);

	it('en audio seulement dès le départ, sans caméra ; un navigateur sans WebRTC voit la solution de secours', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(counselor.page, `/pro/messages/${KARIM}`);
			await counselor.page.getByRole('button', { name: 'Appel vidéo' }).click();
			await arriveAt(counselor.page, (u) => u.pathname.startsWith('/visio/'));
			const callPath = new URL(counselor.page.url()).pathname;

			// Karim chooses audio only before joining: no camera is asked for.
			await visit(youth.page, callPath);
			await youth.page.getByLabel(/Audio seulement/).check();
			await stage(youth.page).and(youth.page.locator('[data-mode="audio"]')).waitFor();
			expect(await youth.page.locator('video.local').count()).toBe(0);
			await youth.page.getByRole('button', { name: 'Rejoindre' }).click();

			// The counselor joins in video: at a join, audio only wins for both.
			await counselor.page.getByRole('button', { name: 'Rejoindre' }).click();
			await stage(counselor.page).and(counselor.page.locator('[data-mode="audio"]')).waitFor({ timeout: 15_000 });
			await counselor.page.locator('.stage[data-connection="connected"]').waitFor({ timeout: 30_000 });
			await youth.page.locator('.stage[data-connection="connected"]').waitFor({ timeout: 30_000 });
			expect(await counselor.page.locator('video.local').count()).toBe(0);
			// The sound arrives: the remote audio element has a live audio track.
			const audio = await youth.page.evaluate(() => {
				const element = document.querySelector('audio');
				const stream = element?.srcObject as MediaStream | null | undefined;
				return stream?.getAudioTracks().map((t) => t.readyState) ?? [];
			});
			expect(audio).toEqual(['live']);
			await checkA11y(youth.page);
			await screenshot(youth.page, 'visio-jeune-audio-dès-le-départ-mobile');

			// Another device of Karim's without WebRTC: the page says so and shows the fallback
			// the structure configured.
			await setFallback('https://visio.exemple.test/ml-lyon', '04 72 00 00 00');
			const old = await newMobileContext(browser);
			try {
				await old.addInitScript(() => {
					Object.defineProperty(window, 'RTCPeerConnection', { value: undefined, configurable: true });
				});
				const page = await old.newPage();
				await signIn(page, 'jeune@tremplin.test');
				await visit(page, callPath);
				await page.getByText('Ton navigateur ne permet pas la visio').first().waitFor();
				expect(await page.getByRole('heading', { name: 'La visio ne marche pas ?' }).count()).toBe(1);
				expect(await page.getByRole('button', { name: 'Rejoindre' }).count()).toBe(0);
				expect(await page.locator('a[href="https://visio.exemple.test/ml-lyon"]').count()).toBe(1);
				expect((await page.locator('a[href="tel:+33472000000"]').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Appeler le 04 72 00 00 00');
				await checkA11y(page);
				await screenshot(page, 'visio-jeune-sans-webrtc-mobile');
			} finally {
				await old.close();
				await setFallback('', '');
			}

			// Karim hangs up.
			await youth.page.getByRole('button', { name: 'Raccrocher' }).click();
			await counselor.page.getByText(/Karim .*a raccroché/).waitFor({ timeout: 10_000 });
			await screenshot(counselor.page, 'visio-pro-termine-desktop');
		} finally {
			await youth.context.close();
			await counselor.context.close();
		}
	}, 150_000);

	it('sans JavaScript, la page explique et montre la solution de secours', async () => {
		const context = await newMobileContext(browser, { javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			// The counselor starts a call (with JavaScript); Karim opens it without.
			const counselor = await as('conseiller@tremplin.test', 'desktop');
			await visit(counselor.page, `/pro/messages/${KARIM}`);
			await counselor.page.getByRole('button', { name: 'Appel vidéo' }).click();
			await arriveAt(counselor.page, (u) => u.pathname.startsWith('/visio/'));
			const callPath = new URL(counselor.page.url()).pathname;
			await counselor.context.close();

			// axe cannot run without JavaScript: the same server HTML is checked by the test above.
			await visit(page, '/connexion', { a11y: false });
			const signInForm = page.locator('form:has(input[name="password"])').first();
			await signInForm.locator('input[name="email"]').fill('jeune@tremplin.test');
			await signInForm.locator('input[name="password"]').fill(DEMO_PASSWORD);
			await Promise.all([
				page.waitForURL((u) => u.pathname !== '/connexion', { waitUntil: 'load' }),
				signInForm.locator('button:not([type]), button[type="submit"]').first().click()
			]);
			await visit(page, callPath, { a11y: false });
			expect(await page.locator('main').innerText()).toMatch(/La visio a besoin de JavaScript/);
			expect(await page.getByRole('heading', { name: 'La visio ne marche pas ?' }).count()).toBe(1);
			await screenshot(page, 'visio-jeune-sans-js-mobile');
		} finally {
			await context.close();
		}
	}, 120_000);
});
