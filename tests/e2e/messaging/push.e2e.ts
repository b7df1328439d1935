import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushSink, type PushSink } from '../../../src/lib/server/platform/push/push-sink';
import { baseUrl, checkA11y, demoId, launchBrowser, openAs, screenshot, server, visit } from '../support';

const KARIM = demoId('youth:jeune'); // jeune@tremplin.test

let browser: Browser;
let sink: PushSink;
beforeAll(async () => {
	browser = await launchBrowser();
	// The push service this file's server accepts (PUSH_SERVICE_HOSTS, see support/global-setup.ts).
	sink = await startPushSink(server().pushSinkPort);
});
afterAll(async () => {
	await sink?.close();
	await browser?.close();
});

describe('les notifications sur le téléphone (web push)', () => {
	it('un message du conseiller fait sonner le téléphone du jeune, sans rien dire de son contenu', async () => {
		const youth = await openAs(browser, 'jeune@tremplin.test', 'mobile');
		const counselor = await openAs(browser, 'conseiller@tremplin.test', 'desktop');
		try {
			await youth.context.grantPermissions(['notifications'], { origin: baseUrl() });
			await visit(youth.page, '/compte');
			await youth.page.evaluate(() => navigator.serviceWorker.ready);
			await visit(youth.page, '/compte');
			const section = youth.page.locator('section', { has: youth.page.getByRole('heading', { name: 'Notifications' }) });
			await section.getByText('désactivées').waitFor();
			await screenshot(youth.page, 'compte-notifications-mobile');

			// Headless Chromium has no push service to subscribe to: the page says so in French.
			await section.getByRole('button', { name: 'Activer les notifications' }).click();
			await section.getByRole('alert').filter({ hasText: 'Ce navigateur n’a pas pu activer les notifications' }).waitFor();
			expect(await checkA11y(youth.page)).toEqual([]);
			await screenshot(youth.page, 'compte-notifications-refus-mobile');

			// What the page posts once a browser has subscribed — here a device of the loopback push
			// service, with its own keys — through the same form action, with the youth's session.
			const device = sink.newDevice();
			const recorded = await youth.page.evaluate(async (d) => {
				const form = new FormData();
				form.set('endpoint', d.endpoint);
				form.set('p256dh', d.p256dh);
				form.set('auth', d.auth);
				const response = await fetch('/compte?/notificationsActiver', { method: 'POST', body: form, headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } });
				return (await response.json()) as { type: string };
			}, device);
			expect(recorded.type).toBe('success');
			// Another site's address is refused (the server would otherwise post wherever a device says).
			const forged = await youth.page.evaluate(async (d) => {
				const form = new FormData();
				form.set('endpoint', 'http://169.254.169.254/latest/meta-data');
				form.set('p256dh', d.p256dh);
				form.set('auth', d.auth);
				const response = await fetch('/compte?/notificationsActiver', { method: 'POST', body: form, headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } });
				return (await response.json()) as { type: string; status: number };
			}, device);
			expect(forged).toMatchObject({ type: 'failure', status: 400 });

			// The counselor writes; the jobs worker announces it within its 10-second round.
			const secret = `Rendez-vous confidentiel chez le garagiste (${Date.now()})`;
			await visit(counselor.page, `/pro/messages/${KARIM}`);
			await counselor.page.getByLabel('Votre réponse').fill(secret);
			await counselor.page.getByRole('button', { name: 'Envoyer' }).click();
			await counselor.page.locator('.message', { hasText: secret }).waitFor();
			const push = await sink.waitForPush((p) => p.device === device.endpoint, 45_000);
			expect(push.problem).toBeNull();
			const payload = JSON.parse(push.plaintext ?? 'null') as { title: string; body: string; url: string; tag: string };
			expect(payload.body).toMatch(/^Tu as (un nouveau message|\d+ messages non lus) de ta Mission Locale\.$/);
			expect(payload.url).toBe('/jeune/messages');
			expect(push.plaintext).not.toContain('garagiste');

			// The youth's service worker shows what the push service delivers (delivered through the
			// DevTools protocol, as the browser's push service would).
			const cdp = await youth.context.newCDPSession(youth.page);
			const registrations: { registrationId: string; scopeURL: string }[] = [];
			cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
			await cdp.send('ServiceWorker.enable');
			await expect.poll(() => registrations.length, { timeout: 5000 }).toBeGreaterThan(0);
			await cdp.send('ServiceWorker.deliverPushMessage', { origin: baseUrl(), registrationId: registrations[0]!.registrationId, data: push.plaintext! });
			await expect
				.poll(
					() =>
						youth.page.evaluate(async () =>
							(await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: (n.data as { url?: string }).url }))
						),
					{ timeout: 5000 }
				)
				.toEqual([{ title: 'Tremplin', body: payload.body, tag: 'messages', url: '/jeune/messages' }]);

			// Touching the notification (headless Chromium cannot click a system notification: the
			// worker's own handler gets a notificationclick event for it) closes it and takes the open
			// Tremplin tab to the messages.
			const worker = youth.context.serviceWorkers().find((w) => w.url().startsWith(baseUrl()));
			expect(worker).toBeDefined();
			await worker!.evaluate(async () => {
				// The worker's globals (this file is typed for pages, not workers).
				const sw = self as unknown as {
					registration: ServiceWorkerRegistration;
					dispatchEvent(event: Event): boolean;
					NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
				};
				const [shown] = await sw.registration.getNotifications({ tag: 'messages' });
				if (!shown) throw new Error('no notification shown');
				sw.dispatchEvent(new sw.NotificationEvent('notificationclick', { notification: shown }));
			});
			await youth.page.waitForURL(`${baseUrl()}/jeune/messages`, { timeout: 10_000 });
			await youth.page.getByRole('heading', { level: 1 }).waitFor();
			expect(await youth.page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).length)).toBe(0);

			// Chromium's own notice about incognito contexts (every Playwright context is one), not the page's.
			expect(youth.errors.filter((e) => !e.includes('does not support the Push API in incognito'))).toEqual([]);
			expect(counselor.errors).toEqual([]);
		} finally {
			await youth.context.close();
			await counselor.context.close();
		}
	}, 120_000);
});
