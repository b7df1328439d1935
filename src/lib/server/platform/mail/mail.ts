import nodemailer from 'nodemailer';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Logger } from '../logging/logger';
import { outboxMessages } from './mail.schema';

export interface MailMessage {
	to: string;
	subject: string;
	text: string;
	html?: string;
	/** Files joined to the e-mail (e.g. a calendar invitation `.ics`); kept in the outbox row too. */
	attachments?: MailAttachment[];
}

export interface MailAttachment {
	filename: string;
	/** Text content (UTF-8). */
	content: string;
	contentType: string;
}

export interface Mailer {
	/** Records the message in the outbox and, with SMTP configured, sends it. Never throws for a delivery failure. */
	send(message: MailMessage): Promise<{ id: string; status: 'stored' | 'sent' | 'failed' }>;
}

export interface SmsMessage {
	to: string;
	text: string;
}

/** Sends SMS. The default adapter only stores them in the outbox; a provider is plugged in by configuration. */
export interface SmsSender {
	send(message: SmsMessage): Promise<{ id: string; status: 'stored' | 'sent' | 'failed' }>;
}

/** Runs the delivery and records its outcome on the outbox row. */
async function deliver(
	deps: { db: Database; logger?: Logger },
	id: string,
	channel: 'mail' | 'sms',
	send: () => Promise<unknown>
): Promise<{ id: string; status: 'sent' | 'failed' }> {
	try {
		await send();
		await deps.db
			.update(outboxMessages)
			.set({ status: 'sent', sentAt: new Date(), attempts: 1 })
			.where(eq(outboxMessages.id, id));
		return { id, status: 'sent' };
	} catch (error) {
		deps.logger?.warn({ err: error, outboxId: id }, `${channel} delivery failed`);
		await deps.db
			.update(outboxMessages)
			.set({ status: 'failed', attempts: 1, lastError: String((error as Error).message).slice(0, 500) })
			.where(eq(outboxMessages.id, id));
		return { id, status: 'failed' };
	}
}

export function createMailer(deps: { db: Database; smtpUrl: string | null; from: string; logger?: Logger }): Mailer {
	const transport = deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : null;
	return {
		async send(message) {
			const [row] = await deps.db
				.insert(outboxMessages)
				.values({
					channel: 'email',
					recipient: message.to,
					subject: message.subject,
					text: message.text,
					html: message.html ?? null,
					attachments: message.attachments?.length ? message.attachments : null,
					status: transport ? 'pending' : 'stored'
				})
				.returning({ id: outboxMessages.id });
			const id = row!.id;
			if (!transport) return { id, status: 'stored' };
			return deliver(deps, id, 'mail', () =>
				transport.sendMail({
					from: deps.from,
					to: message.to,
					subject: message.subject,
					text: message.text,
					html: message.html,
					attachments: message.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType }))
				})
			);
		}
	};
}

/**
 * SMS adapters. `outbox` keeps the message for an admin to read (demo, development).
 * `http` posts JSON `{ to, text }` to SMS_HTTP_URL — the shape most SMS gateways accept through a
 * small relay — and records the result.
 */
export function createSmsSender(deps: {
	db: Database;
	provider: 'outbox' | 'http';
	httpUrl: string | null;
	logger?: Logger;
}): SmsSender {
	return {
		async send(message) {
			const http = deps.provider === 'http' && deps.httpUrl;
			const [row] = await deps.db
				.insert(outboxMessages)
				.values({ channel: 'sms', recipient: message.to, text: message.text, status: http ? 'pending' : 'stored' })
				.returning({ id: outboxMessages.id });
			const id = row!.id;
			if (!http) return { id, status: 'stored' };
			return deliver(deps, id, 'sms', async () => {
				const response = await fetch(deps.httpUrl!, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ to: message.to, text: message.text }),
					signal: AbortSignal.timeout(10_000)
				});
				if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
			});
		}
	};
}
