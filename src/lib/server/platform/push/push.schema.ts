import { check, index, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../../modules/accounts/accounts.schema';
import { sessions } from '../session/session.schema';

/**
 * A device that accepted web push notifications, as its browser's push service described it.
 * Tied to the **session** that registered it: signing out (or the session's end, or "Mes appareils")
 * deletes it with the session, so a phone lent or shared stops getting the previous person's
 * notifications. One row per endpoint: the same browser registering for another account moves it.
 */
export const pushSubscriptions = pgTable(
	'push_subscriptions',
	{
		id: id(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		sessionId: text('session_id')
			.notNull()
			.references(() => sessions.id, { onDelete: 'cascade' }),
		/** The push service's address for this device (checked against the known services). */
		endpoint: text('endpoint').notNull().unique(),
		/** The device's P-256 public key and auth secret (base64url), to encrypt what is sent. */
		p256dh: text('p256dh').notNull(),
		auth: text('auth').notNull(),
		createdAt: createdAt(),
		lastSentAt: at('last_sent_at'),
		/** Failed sends in a row (network, 5xx); the subscription is dropped after too many. */
		failures: smallint('failures').notNull().default(0)
	},
	(t) => [index('push_subscriptions_by_user').on(t.userId), index('push_subscriptions_by_session').on(t.sessionId)]
);

/**
 * The server's VAPID key pair when none is configured (VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY):
 * made once, at the first need, so that the embedded database works without setup. One row.
 */
export const pushVapidKeys = pgTable(
	'push_vapid_keys',
	{
		id: smallint('id').primaryKey().default(1),
		publicKey: text('public_key').notNull(),
		privateKey: text('private_key').notNull(),
		createdAt: createdAt()
	},
	(t) => [check('push_vapid_keys_one_row', sql`${t.id} = 1`)]
);
