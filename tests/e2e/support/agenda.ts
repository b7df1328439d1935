import type { Page } from 'playwright-core';

/**
 * On `/pro/agenda` (the signed-in staff member's own agenda): publishes 30-minute phone slots from
 * `from` to `until` on `day` ("2026-12-07", "16:00", "17:00") and waits for the page it returns to.
 */
export async function publishPhoneSlots(page: Page, day: string, from: string, until: string): Promise<void> {
	const publish = page.locator('form[action$="/publier"]');
	await publish.locator('input[name=day]').fill(day);
	await publish.locator('input[name=from]').fill(from);
	await publish.locator('input[name=until]').fill(until);
	await publish.locator('select[name=duration]').selectOption('30');
	await publish.locator('input[name=mode][value=phone]').check();
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), publish.getByRole('button', { name: 'Publier les créneaux' }).click()]);
}
