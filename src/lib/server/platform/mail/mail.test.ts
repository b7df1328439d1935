import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { createMailer, createSmsSender } from './mail';
import { outboxMessages } from './mail.schema';
import { startSmtpSink } from './smtp-sink';

let handle: DatabaseHandle;
beforeAll(async () => {
	handle = await createTestDatabase();
});
afterAll(() => handle.close());

const row = async (id: string) => (await handle.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)))[0]!;

describe('the mailer', () => {
	it('keeps the message in the outbox when no SMTP server is configured', async () => {
		const mailer = createMailer({ db: handle.db, smtpUrl: null, from: 'Tremplin <t@tremplin.test>' });
		const result = await mailer.send({ to: 'ines@exemple.test', subject: 'Bienvenue', text: 'Bonjour Inès' });
		expect(result.status).toBe('stored');
		expect(await row(result.id)).toMatchObject({ channel: 'email', recipient: 'ines@exemple.test', status: 'stored' });
	});

	it('sends through SMTP and records it as sent', async () => {
		const sink = await startSmtpSink();
		try {
			const mailer = createMailer({ db: handle.db, smtpUrl: sink.url, from: 'Tremplin <t@tremplin.test>' });
			const result = await mailer.send({ to: 'karim@exemple.test', subject: 'Ton code', text: 'Voici ton code : 123456' });
			expect(result.status).toBe('sent');
			const received = await sink.waitForMessage((m) => m.decoded.includes('Voici ton code'));
			expect(received.decoded).toContain('karim@exemple.test');
			expect((await row(result.id)).sentAt).not.toBeNull();
		} finally {
			await sink.close();
		}
	});

	it('records a failure without throwing when the SMTP server is down', async () => {
		const mailer = createMailer({ db: handle.db, smtpUrl: 'smtp://127.0.0.1:1', from: 'Tremplin <t@tremplin.test>' });
		const result = await mailer.send({ to: 'lea@exemple.test', subject: 'Test', text: 'Test' });
		expect(result.status).toBe('failed');
		expect((await row(result.id)).lastError).toBeTruthy();
	});
});

describe('the SMS adapters', () => {
	let server: Server;
	let url = '';
	const received: unknown[] = [];
	let answer = 200;
	beforeAll(async () => {
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received.push(JSON.parse(body));
				res.writeHead(answer).end();
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const address = server.address() as { port: number };
		url = `http://127.0.0.1:${address.port}/sms`;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	it('stores SMS in the outbox by default', async () => {
		const sms = createSmsSender({ db: handle.db, provider: 'outbox', httpUrl: null });
		const result = await sms.send({ to: '+33612345678', text: 'Ton code Tremplin : 123456' });
		expect(await row(result.id)).toMatchObject({ channel: 'sms', status: 'stored', recipient: '+33612345678' });
	});

	it('posts to the configured gateway and records the outcome', async () => {
		const sms = createSmsSender({ db: handle.db, provider: 'http', httpUrl: url });
		const ok = await sms.send({ to: '+33612345678', text: 'Bonjour' });
		expect(ok.status).toBe('sent');
		expect(received.at(-1)).toEqual({ to: '+33612345678', text: 'Bonjour' });
		answer = 503;
		const ko = await sms.send({ to: '+33612345678', text: 'Encore' });
		expect(ko.status).toBe('failed');
		expect((await row(ko.id)).lastError).toContain('503');
	});
});
