import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { users } from '../../modules/accounts/accounts.schema';
import { structures } from '../../modules/structures/structures.schema';
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
	listForUser(userId: string): Promise<{ id: string; method: SessionMethod; userAgent: string | null; createdAt: Date; lastSeenAt: Date }[]>;
	purgeExpired(): Promise<void>;
}

export function createSessionStore(deps: { db: Database; now: () => Date; sessionDays: number }): SessionStore {
	const { db, now } = deps;
	const lifetimeMs = deps.sessionDays * 24 * 3600 * 1000;
	// Every request runs it: built once (a named prepared statement on PostgreSQL).
	const validation = db
		.select({
			session: sessions,
			user: {
				id: users.id,
				role: users.role,
				structureId: users.structureId,
				networkId: users.networkId,
				companyId: users.companyId,
				firstName: users.firstName,
				lastName: users.lastName,
				email: users.email,
				disabledAt: users.disabledAt
			},
			structureNetworkId: structures.networkId
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.leftJoin(structures, eq(structures.id, users.structureId))
		.where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql.placeholder('now'))))
		.limit(1)
		.prepare('session_validation');

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
			const rows = await validation.execute({ id, now: now().toISOString() });
			const row = rows[0];
			if (!row || row.user.disabledAt) return null;
			const current = now();
			// Sliding expiry, written at most once an hour per session.
			if (current.getTime() - row.session.lastSeenAt.getTime() > 3600_000) {
				const expiresAt = new Date(current.getTime() + lifetimeMs);
				await db.update(sessions).set({ lastSeenAt: current, expiresAt }).where(eq(sessions.id, id));
				row.session.expiresAt = expiresAt;
			}
			return {
				session: {
					id,
					userId: row.user.id,
					method: row.session.method,
					mfaSatisfied: row.session.mfaSatisfied,
					expiresAt: row.session.expiresAt,
					createdAt: row.session.createdAt,
					firstName: row.user.firstName,
					lastName: row.user.lastName,
					email: row.user.email
				},
				actor: {
					userId: row.user.id,
					role: row.user.role,
					structureId: row.user.structureId,
					networkId: row.user.networkId ?? row.structureNetworkId ?? null,
					companyId: row.user.companyId
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
					lastSeenAt: sessions.lastSeenAt
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
