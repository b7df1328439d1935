import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, launchBrowser, mailsTo, newMobileContext, server, visit, waitForMail } from '../support';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('le serveur SMTP de test', () => {
	it('rend lisibles les mails reçus, accents compris', async () => {
		const transport = nodemailer.createTransport(server().smtpUrl);
		const to = `sonde-${Date.now()}@tremplin.test`;
		await transport.sendMail({
			from: 'Tremplin <ne-pas-repondre@tremplin.test>',
			to,
			subject: 'Ton code de connexion — à utiliser vite',
			text: 'Bonjour Léa,\nton code est 428 913. Il expire dans 10 minutes.\n',
			html: '<p>Bonjour Léa,</p><p>ton code est <strong>428 913</strong>.</p>'
		});
		const [mail] = await mailsTo(to);
		expect(mail).toBeDefined();
		expect(mail!.envelope.to).toEqual([to]);
		expect(mail!.subject).toBe('Ton code de connexion — à utiliser vite');
		expect(mail!.text).toContain('Bonjour Léa,\nton code est 428 913.');
		expect(mail!.html).toContain('<strong>428 913</strong>');
		expect(await mailsTo('personne-d-autre@tremplin.test')).toEqual([]);
	});
});

describe('les mails de Tremplin', () => {
	it('partent par SMTP_URL : une demande de nouveau mot de passe arrive dans la boîte du conseiller', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		const since = new Date();
		await visit(page, '/mot-de-passe-oublie');
		await page.locator('input[name="email"]').fill('conseiller@tremplin.test');
		await page.locator('main form button').first().click();
		await page.getByText(/vient d.être envoyé/).waitFor();
		await checkA11y(page);
		const mail = await waitForMail('conseiller@tremplin.test', { after: since, match: (m) => /mot de passe/i.test(m.subject) });
		expect(mail.subject).toMatch(/mot de passe/i);
		expect(mail.text).toMatch(/\/mot-de-passe\/nouveau\/\S+/);
		await context.close();
	});
});
