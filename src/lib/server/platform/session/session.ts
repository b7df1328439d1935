import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { users } from '../../modules/accounts/accounts.schema';
import type { Actor } from '../access/access';
import { sessions } from './session.schema';

export const SESSION_COOKIE = '__Host-tremplin_session';

export type SessionMethod = (typeof sessions.$inferSelect)['method'];

export interface SessionInfo {
	id: string;
	userId: string;
	method: SessionMethod;
	mfaSatisfied: boolean;
	expiresAt: Date;
	createdAt: Date;
	firstName: string;
	lastName: string;
	email: string | null;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionStore {
	create(input: {
		userId: string;
		method: SessionMethod;
		mfaSatisfied?: boolean;
		userAgent?: string | null;
	}): Promise<{ token: string; expiresAt: Date }>;
	/** The session and actor behind a cookie token, or null (unknown, expired, disabled account). */
	validate(token: string): Promise<{ session: SessionInfo; actor: Actor } | null>;
	markMfaSatisfied(sessionId: string): Promise<void>;
	revoke(sessionId: string): Promise<void>;
	/** Sign out of all devices, optionally keeping the current one. */
	revokeAllForUser(userId: string, exceptSessionId?: string): Promise<number>;
	/** The person's live sessions; `notifications`: a device turned web push on from it (platform/push). */
	listForUser(
		userId: string
	): Promise<{ id: string; method: SessionMethod; userAgent: string | null; createdAt: Date; lastSeenAt: Date; notifications: boolean }[]>;
	purgeExpired(): Promise<void>;
}

/** A row of `session_validate` (session.routines.sql). */
interface ValidationRow extends Record<string, unknown> {
	s_user_id: string;
	s_method: SessionMethod;
	s_mfa_satisfied: boolean;
	s_created_at: string | Date;
	s_last_seen_at: string | Date;
	s_expires_at: string | Date;
	u_role: Actor['role'];
	u_structure_id: string | null;
	u_network_id: string | null;
	u_company_id: string | null;
	u_first_name: string;
	u_last_name: string;
	u_email: string | null;
	u_disabled_at: string | Date | null;
	structure_network_id: string | null;
}

export function createSessionStore(deps: { db: Database; now: () => Date; sessionDays: number }): SessionStore {
	const { db, now } = deps;
	const lifetimeMs = deps.sessionDays * 24 * 3600 * 1000;

	return {
		async create({ userId, method, mfaSatisfied = true, userAgent = null }) {
			const token = randomBytes(32).toString('base64url');
			const expiresAt = new Date(now().getTime() + lifetimeMs);
			await db.insert(sessions).values({
				id: hashToken(token),
				userId,
				method,
				mfaSatisfied,
				userAgent: userAgent?.slice(0, 300) ?? null,
				createdAt: now(),
				lastSeenAt: now(),
				expiresAt
			});
			await db.update(users).set({ lastSignInAt: now() }).where(eq(users.id, userId));
			return { token, expiresAt };
		},

		async validate(token) {
			if (!token || token.length > 100) return null;
			const id = hashToken(token);
			// session.routines.sql: one statement whose plan is made once per connection.
			const result = await db.execute<ValidationRow>(sql`select * from session_validate(${id}, ${now().toISOString()}::timestamptz)`);
			const row = (result as unknown as { rows: ValidationRow[] }).rows[0];
			if (!row || row.u_disabled_at) return null;
			const current = now();
			let expiresAt = new Date(row.s_expires_at);
			// Sliding expiry, written at most once an hour per session.
			if (current.getTime() - new Date(row.s_last_seen_at).getTime() > 3600_000) {
				expiresAt = new Date(current.getTime() + lifetimeMs);
				await db.update(sessions).set({ lastSeenAt: current, expiresAt }).where(eq(sessions.id, id));
			}
			return {
				session: {
					id,
					userId: row.s_user_id,
					method: row.s_method,
					mfaSatisfied: row.s_mfa_satisfied,
					expiresAt,
					createdAt: new Date(row.s_created_at),
					firstName: row.u_first_name,
					lastName: row.u_last_name,
					email: row.u_email
				},
				actor: {
					userId: row.s_user_id,
					role: row.u_role,
					structureId: row.u_structure_id,
					networkId: row.u_network_id ?? row.structure_network_id ?? null,
					companyId: row.u_company_id
				}
			};
		},

		async markMfaSatisfied(sessionId) {
			await db.update(sessions).set({ mfaSatisfied: true }).where(eq(sessions.id, sessionId));
		},

		async revoke(sessionId) {
			await db.delete(sessions).where(eq(sessions.id, sessionId));
		},

		async revokeAllForUser(userId, exceptSessionId) {
			const where = exceptSessionId
				? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
				: eq(sessions.userId, userId);
			const deleted = await db.delete(sessions).where(where).returning({ id: sessions.id });
			return deleted.length;
		},

		async listForUser(userId) {
			return db
				.select({
					id: sessions.id,
					method: sessions.method,
					userAgent: sessions.userAgent,
					createdAt: sessions.createdAt,
					lastSeenAt: sessions.lastSeenAt,
					// Qualified by hand: drizzle leaves a one-table select's columns unqualified.
					notifications: sql<boolean>`exists (select 1 from push_subscriptions p where p.session_id = "sessions"."id")`
				})
				.from(sessions)
				.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now())))
				.orderBy(sessions.lastSeenAt);
		},

		async purgeExpired() {
			await db.delete(sessions).where(lt(sessions.expiresAt, now()));
		}
	};
}
