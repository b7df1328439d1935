import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, parisDay } from '../../../src/lib/appointments/time';
import {
	horizontalOverflow,
	launchBrowser,
	openAs,
	publishPhoneSlots,
	screenshot,
	visit,
	waitForMail
} from '../support';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const as = (email: string, size: 'mobile' | 'desktop') => openAs(browser, email, size);

/** A working day eleven days ahead or more (no demo slot, no demo closure then), as `YYYY-MM-DD` in Paris. */
function aDayAhead(): string {
	const workingDayFrom = (from: string) => {
		let day = from;
		while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = addDays(day, 1);
		return day;
	};
	// The demo closes Lyon on the working day ten days ahead (seed.ts), and youth cannot book then:
	// the next working day after it.
	return workingDayFrom(addDays(workingDayFrom(addDays(parisDay(new Date()), 10)), 1));
}

/** The day of Karim's past demo appointment (a working day about a week ago; see demo.appointments.ts). */
function pastDemoDay(): string {
	let day = addDays(parisDay(new Date()), -7);
	while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = addDays(day, -1);
	return day;
}

async function submit(page: Page, click: () => Promise<void>) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), click()]);
}

describe('les rendez-vous', () => {
	it('la conseillère publie des créneaux, le jeune en réserve un, les deux le voient ; il le déplace puis l’annule', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		const youth = await as('jeune@tremplin.test', 'mobile');
		const day = aDayAhead();
		try {
			// The counselor publishes two phone slots, 16:00 and 16:30.
			await visit(counselor.page, `/pro/agenda?vue=jour&date=${day}`);
			await publishPhoneSlots(counselor.page, day, '16:00', '17:00');
			await counselor.page.getByText('Disponibilités publiées.').waitFor();
			expect(await counselor.page.locator('li.slot', { hasText: '16 h – 16 h 30' }).innerText()).toContain('Libre');
			await screenshot(counselor.page, 'rendez-vous-agenda-jour-desktop');

			// Karim books the 16:00 one from his phone, one question per screen.
			await visit(youth.page, '/jeune');
			await youth.page.getByRole('link', { name: 'Mes rendez-vous' }).click();
			await youth.page.waitForURL('**/jeune/rendez-vous');
			await visit(youth.page, '/jeune/rendez-vous');
			await youth.page.getByRole('link', { name: 'Prendre rendez-vous' }).click();
			await youth.page.waitForURL('**/jeune/rendez-vous/prendre');
			await visit(youth.page, '/jeune/rendez-vous/prendre');
			await screenshot(youth.page, 'rendez-vous-prendre-mode-mobile');
			await youth.page.getByRole('link', { name: /Par téléphone/ }).click();
			await youth.page.waitForURL(/mode=phone/);
			await visit(youth.page, youth.page.url());
			const dayLink = youth.page.locator(`a[href*="jour=${day}"]`);
			await dayLink.click();
			await youth.page.waitForURL(new RegExp(`jour=${day}`));
			await visit(youth.page, youth.page.url());
			await screenshot(youth.page, 'rendez-vous-prendre-heure-mobile');
			await youth.page.getByRole('link', { name: /^16 h avec/ }).click();
			await youth.page.waitForURL(/creneau=/);
			await visit(youth.page, youth.page.url());
			await screenshot(youth.page, 'rendez-vous-prendre-confirmer-mobile');
			await submit(youth.page, () => youth.page.getByRole('button', { name: 'Réserver ce créneau' }).click());
			await youth.page.getByText('ton rendez-vous est réservé').waitFor();
			const upcoming = youth.page.locator('section[aria-labelledby="a-venir"] li.card');
			const booked = upcoming.filter({ hasText: /à 16 h \(/ });
			expect(await booked.innerText()).toContain('Par téléphone');
			expect(await horizontalOverflow(youth.page)).toBe(0);
			await visit(youth.page, youth.page.url());
			await screenshot(youth.page, 'rendez-vous-liste-mobile');

			// The confirmation e-mail arrives (its .ics is checked with ical.js in appointments.reminders.test.ts).
			const mail = await waitForMail('jeune@tremplin.test', { match: (m) => m.subject.startsWith('Rendez-vous confirmé') && m.text.includes('16 h') });
			expect(mail.text).toContain('Le fichier joint ajoute le rendez-vous à ton agenda.');

			// The counselor sees Karim in the agenda.
			await visit(counselor.page, `/pro/agenda?vue=jour&date=${day}`);
			const slot = counselor.page.locator('li.slot', { hasText: '16 h – 16 h 30' });
			expect(await slot.innerText()).toContain('Karim Mansour');
			await visit(counselor.page, `/pro/agenda?vue=semaine&date=${day}`);
			expect(await counselor.page.locator('li.slot.booked', { hasText: 'Karim Mansour' }).count()).toBeGreaterThan(0);
			await screenshot(counselor.page, 'rendez-vous-agenda-semaine-desktop');

			// Karim moves it to 16:30…
			await booked.getByRole('link').click();
			await youth.page.waitForURL(/\/jeune\/rendez-vous\/[0-9a-f-]{36}$/);
			await visit(youth.page, youth.page.url());
			await screenshot(youth.page, 'rendez-vous-detail-mobile');
			await youth.page.getByRole('link', { name: 'Changer de créneau' }).click();
			await youth.page.waitForURL(/deplacer=/);
			await youth.page.locator(`a[href*="jour=${day}"]`).click();
			await youth.page.waitForURL(new RegExp(`jour=${day}`));
			await youth.page.getByRole('link', { name: /^16 h 30 avec/ }).click();
			await youth.page.waitForURL(/creneau=/);
			await visit(youth.page, youth.page.url());
			await submit(youth.page, () => youth.page.getByRole('button', { name: 'Confirmer le changement' }).click());
			await youth.page.getByText('a changé de créneau').waitFor();
			expect(await upcoming.filter({ hasText: /à 16 h 30 \(/ }).count()).toBe(1);
			expect(await upcoming.filter({ hasText: /à 16 h \(/ }).count()).toBe(0);

			// …then cancels it, after a confirmation.
			await upcoming.filter({ hasText: /à 16 h 30 \(/ }).getByRole('link').click();
			await youth.page.waitForURL(/\/jeune\/rendez-vous\/[0-9a-f-]{36}$/);
			await youth.page.getByRole('link', { name: 'Annuler le rendez-vous' }).click();
			await youth.page.waitForURL(/annuler/);
			await visit(youth.page, youth.page.url());
			await screenshot(youth.page, 'rendez-vous-annuler-mobile');
			await youth.page.getByLabel('Pourquoi ? (facultatif)').fill('J’ai un entretien d’embauche');
			await submit(youth.page, () => youth.page.getByRole('button', { name: 'Oui, annuler le rendez-vous' }).click());
			await youth.page.getByText('Ton rendez-vous est annulé').waitFor();
			expect(await youth.page.locator('li.card', { hasText: 'J’ai un entretien d’embauche' }).count()).toBe(1);

			// The agenda shows both slots free again.
			await visit(counselor.page, `/pro/agenda?vue=jour&date=${day}`);
			expect(await counselor.page.locator('li.slot.booked').count()).toBe(0);
			expect(youth.errors).toEqual([]);
			expect(counselor.errors).toEqual([]);
		} finally {
			await youth.context.close();
			await counselor.context.close();
		}
	});

	it('la conseillère réserve pour Karim puis déplace le rendez-vous depuis l’agenda ; Karim en est prévenu dans ses messages', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		const day = aDayAhead();
		try {
			await visit(counselor.page, `/pro/agenda?vue=jour&date=${day}`);
			await publishPhoneSlots(counselor.page, day, '17:00', '18:00');

			// Booked for Karim on 17:00…
			await counselor.page.locator('li.slot', { hasText: '17 h – 17 h 30' }).getByRole('link', { name: /Réserver/ }).click();
			await counselor.page.locator('#champ-youthId-reserver').selectOption({ label: 'Karim Mansour' });
			await submit(counselor.page, () => counselor.page.getByRole('button', { name: 'Réserver', exact: true }).click());
			await counselor.page.getByText('Rendez-vous réservé.').waitFor();

			// …then moved to 17:30.
			await counselor.page.locator('li.slot.booked', { hasText: '17 h – 17 h 30' }).getByRole('link', { name: /Déplacer/ }).click();
			await counselor.page.locator('#deplacer').waitFor();
			await visit(counselor.page, counselor.page.url());
			await screenshot(counselor.page, 'rendez-vous-deplacer-agenda-desktop');
			const choice = counselor.page.locator('#champ-slotId-deplacer option', { hasText: /^17 h 30 · / });
			await counselor.page.locator('#champ-slotId-deplacer').selectOption((await choice.getAttribute('value'))!);
			await submit(counselor.page, () => counselor.page.getByRole('button', { name: 'Déplacer', exact: true }).click());
			await counselor.page.getByText('Rendez-vous déplacé.').waitFor();
			expect(await counselor.page.locator('li.slot.booked', { hasText: '17 h 30 – 18 h' }).innerText()).toContain('Karim Mansour');
			expect(await counselor.page.locator('li.slot.booked', { hasText: '17 h – 17 h 30' }).count()).toBe(0);
			expect(counselor.errors).toEqual([]);
		} finally {
			await counselor.context.close();
		}

		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(youth.page, '/jeune/messages');
			const told = youth.page.locator('.message', { hasText: 'Ta Mission Locale a déplacé ton rendez-vous' });
			await expect(told.innerText()).resolves.toMatch(/à 17 h : il a lieu .* à 17 h 30 avec Julien par téléphone/);
			expect(await youth.page.locator('.message', { hasText: 'Ta Mission Locale t’a réservé un rendez-vous' }).count()).toBeGreaterThan(0);
		} finally {
			await youth.context.close();
		}
	});

	it('la conseillère note la présence après le rendez-vous', async () => {
		const counselor = await as('conseiller@tremplin.test', 'desktop');
		try {
			await visit(counselor.page, `/pro/agenda?vue=jour&date=${pastDemoDay()}`);
			const slot = counselor.page.locator('li.slot.booked', { hasText: 'Karim Mansour' });
			await submit(counselor.page, () => slot.getByRole('button', { name: 'Excusé·e' }).click());
			await counselor.page.getByText('Présence notée.').waitFor();
			expect(await counselor.page.locator('li.slot.booked', { hasText: 'Karim Mansour' }).innerText()).toContain('Présence : Excusé·e');
			await submit(counselor.page, () => counselor.page.locator('li.slot.booked', { hasText: 'Karim Mansour' }).getByRole('button', { name: 'Présent·e' }).click());
			expect(await counselor.page.locator('li.slot.booked', { hasText: 'Karim Mansour' }).innerText()).toContain('Présence : Présent·e');
			await visit(counselor.page, counselor.page.url());
			await screenshot(counselor.page, 'rendez-vous-presence-desktop');
		} finally {
			await counselor.context.close();
		}
	});

	it('une conseillère d’une autre Mission Locale, un mentor, une entreprise ne voient rien', async () => {
		const other = await as('conseiller2@tremplin.test', 'desktop');
		const youth = await as('jeune@tremplin.test', 'mobile');
		try {
			await visit(youth.page, '/jeune/rendez-vous');
			const href = await youth.page.locator('ul.list li.card a').first().getAttribute('href');
			expect(href).toMatch(/^\/jeune\/rendez-vous\/[0-9a-f-]{36}$/);
			const id = href!.split('/').pop()!;
			const response = await other.page.goto(new URL(`/pro/agenda?vue=jour&annuler=${id}`, other.page.url()).toString());
			expect(response?.status()).toBe(200);
			expect(await other.page.locator('main').innerText()).not.toContain('Karim');
			const forged = await youth.page.goto(new URL('/jeune/rendez-vous/00000000-0000-4000-8000-000000000000', youth.page.url()).toString());
			expect(forged?.status()).toBe(404);
		} finally {
			await other.context.close();
			await youth.context.close();
		}
		for (const email of ['mentor@tremplin.test', 'entreprise@tremplin.test']) {
			const pro = await as(email, 'desktop');
			try {
				const response = await pro.page.goto(new URL('/pro/agenda', pro.page.url()).toString());
				expect(response?.status(), email).toBeGreaterThanOrEqual(400);
			} finally {
				await pro.context.close();
			}
		}
	});
});
