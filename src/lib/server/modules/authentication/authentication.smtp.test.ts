import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { readConfig } from '$lib/server/platform/config/config';
import { outboxMessages } from '$lib/server/platform/mail';
import { startSmtpSink, type SmtpSink } from '$lib/server/platform/mail/smtp-sink';
import { aCounselor } from './authentication.fixtures';
import { requestPasswordReset } from './authentication.usecases';

let handle: DatabaseHandle;
let sink: SmtpSink;

beforeAll(async () => {
	handle = await createTestDatabase();
	sink = await startSmtpSink();
});
afterAll(async () => {
	await sink.close();
	await handle.close();
});

describe('a password-reset e-mail sent through a real SMTP server', () => {
	it('reaches the SMTP server with the reset link, and the outbox row is marked sent', async () => {
		const deps = buildDeps(handle, {
			config: readConfig({ SMTP_URL: sink.url, TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent' })
		});
		const counselor = await aCounselor(deps.db);

		await requestPasswordReset(deps, { email: counselor.email, ip: '127.0.0.1', baseUrl: 'https://tremplin.exemple.fr' });

		const mail = await sink.waitForMessage((m) => m.to.includes(counselor.email));
		expect(mail.raw).toContain('Subject: Changer votre mot de passe Tremplin');
		expect(mail.decoded).toMatch(/https:\/\/tremplin\.exemple\.fr\/mot-de-passe\/nouveau\/[A-Za-z0-9_-]{43}/);
		const [row] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.recipient, counselor.email));
		expect(row?.status).toBe('sent');
		expect(row?.sentAt).toBeInstanceOf(Date);
	});
});
