import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';

/**
 * Every e-mail and SMS the platform sends. Without SMTP_URL (or without an SMS provider) messages
 * stay here with status `stored`; an admin page shows them in demo mode.
 */
export const outboxMessages = pgTable(
	'outbox_messages',
	{
		id: id(),
		channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
		recipient: text('recipient').notNull(),
		subject: text('subject').notNull().default(''),
		text: text('text').notNull(),
		html: text('html'),
		/** Attachments as sent (`MailAttachment[]`), so that stored e-mails keep them. */
		attachments: jsonb('attachments').$type<{ filename: string; content: string; contentType: string }[]>(),
		status: text('status', { enum: ['stored', 'pending', 'sent', 'failed'] }).notNull(),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		createdAt: createdAt(),
		sentAt: at('sent_at')
	},
	(t) => [index('outbox_by_date').on(t.createdAt)]
);
