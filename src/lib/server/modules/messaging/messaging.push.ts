import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import { requireActor, type Actor } from '$lib/server/platform/access';
import { invalidPushSubscription, pushUnavailable } from './messaging.errors';
import { registerRecurringJob, type JobDeps } from '$lib/server/platform/jobs';
import { pushSubscriptions, pushTargetProblem, type PushPayload, type PushTarget } from '$lib/server/platform/push';
import { sessions } from '$lib/server/platform/session/session.schema';
import { messagePushes } from './messaging.schema';

/**
 * Web push notifications of unread messages, on the devices where a person turned them on
 * (/compte, "Notifications sur ce téléphone"). Like the e-mail digest, **never a word of the
 * messages**: a phone's lock screen is seen by others. Youth: staff and automatic messages of their
 * conversation ("Tu as un nouveau message de ta Mission Locale."); staff: messages of the youth they
 * are the referent of. A recurring job every `PUSH_RUN_EVERY_SECONDS`: one notification per person
 * and run, replacing the previous one on the device (same tag), only for messages newer than the
 * last one announced and less than a day old. A device is tied to the session that turned it on:
 * signing out stops its notifications.
 */

export const PUSH_JOB = 'messaging.push';
export const PUSH_RUN_EVERY_SECONDS = 10;
/** Unread messages older than this never make a device ring (a phone turned on after a week away). */
export const PUSH_MAX_AGE_HOURS = 24;
/** Failed sends in a row (network, push service errors) before the device is forgotten. */
export const PUSH_MAX_FAILURES = 5;

/** Devices one person may have turned on; beyond, the oldest are forgotten (no table filled by a script). */
export const PUSH_MAX_DEVICES = 10;

/** Who may turn notifications on: those who have a conversation (youth) or a queue (structure staff). */
const PUSH_ROLES = new Set(['youth', 'counselor', 'structure_manager']);

const plural = (n: number, one: string, many: string) => (n > 1 ? many.replace('N', String(n)) : one);

/** The notification: counts and where to go, never content. */
export function pushNotification(c: { role: string; messages: number; youths: number }): PushPayload {
	if (c.role === 'youth') {
		return {
			title: 'Tremplin',
			body: plural(c.messages, 'Tu as un nouveau message de ta Mission Locale.', 'Tu as N messages non lus de ta Mission Locale.'),
			url: '/jeune/messages',
			tag: 'messages'
		};
	}
	return {
		title: 'Tremplin',
		body: `${plural(c.messages, 'Un message non lu', 'N messages non lus')} ${plural(c.youths, 'd’un jeune', 'de N jeunes')} que vous accompagnez.`,
		url: '/pro/messages',
		tag: 'messages'
	};
}

/** What sending to a device needs (and its row, to record the outcome). */
const DEVICE_COLUMNS = { id: pushSubscriptions.id, endpoint: pushSubscriptions.endpoint, p256dh: pushSubscriptions.p256dh, auth: pushSubscriptions.auth };

interface Due {
	userId: string;
	role: string;
	messages: number;
	youths: number;
	newest: Date;
}

type PushDeps = Pick<JobDeps, 'db' | 'now' | 'push' | 'logger'>;

/**
 * People with a device to notify and unread messages not announced yet.
 *
 * It runs every 10 s in every process and usually finds nothing, so it starts from what changed:
 * the conversations with a message of the last day (`conversations_by_last_message`), their youth
 * and referents, kept only when they have a live device — and counts unread messages for those few
 * people only. (Starting from every device instead made the run grow with the people who turned
 * notifications on and their unread backlog: 0.4 s for 10,000 youth on PGlite, minutes for 20,000
 * once the planner misjudged the join — see docs/BENCHMARKS.md, bench:push.) The counts are the
 * same: a message that can ring is less than a day old, so its conversation's last message is too.
 */
async function due(deps: PushDeps, now: Date): Promise<Due[]> {
	const since = new Date(now.getTime() - PUSH_MAX_AGE_HOURS * 3600_000);
	const result = await deps.db.execute<{ user_id: string; role: string; messages: number; youths: number; newest: Date | string }>(sql`
		with recent as (
			select c.youth_id, c.structure_id from conversations c where c.last_message_at >= ${since}
		), candidates as (
			select r.youth_id as user_id from recent r
			union
			select yp.referent_id from recent r
			join youth_profiles yp on yp.user_id = r.youth_id and yp.structure_id = r.structure_id
			where yp.referent_id is not null
		), live as (
			select k.user_id from candidates k
			where exists (
				select 1 from push_subscriptions ps
				join sessions s on s.id = ps.session_id and s.expires_at > ${now}
				where ps.user_id = k.user_id
			)
		), unread as (
			select u.id as user_id, u.role, m.created_at, c.youth_id
			from live
			join users u on u.id = live.user_id and u.role = 'youth' and u.disabled_at is null
			join conversations c on c.youth_id = u.id and c.structure_id = u.structure_id
			join messages m on m.conversation_id = c.id and m.author_role in ('staff', 'system')
			left join conversation_reads r on r.conversation_id = c.id and r.user_id = u.id
			where m.seq > coalesce(r.last_read_seq, 0)
			union all
			select u.id, u.role, m.created_at, c.youth_id
			from live
			join users u on u.id = live.user_id and u.role in ('counselor', 'structure_manager') and u.disabled_at is null
			join youth_profiles yp on yp.referent_id = u.id and yp.structure_id = u.structure_id
			join conversations c on c.youth_id = yp.user_id and c.structure_id = yp.structure_id
			join messages m on m.conversation_id = c.id and m.author_role = 'youth'
			left join conversation_reads r on r.conversation_id = c.id and r.user_id = u.id
			where m.seq > coalesce(r.last_read_seq, 0)
		)
		select x.user_id, x.role, count(*)::int as messages, count(distinct x.youth_id)::int as youths, max(x.created_at) as newest
		from unread x
		left join message_pushes p on p.user_id = x.user_id
		group by x.user_id, x.role, p.pushed_until
		having max(x.created_at) > coalesce(p.pushed_until, '-infinity'::timestamptz) and max(x.created_at) >= ${since}
	`);
	const rows = (result as unknown as { rows: { user_id: string; role: string; messages: number; youths: number; newest: Date | string }[] }).rows;
	return rows.map((r) => ({ userId: r.user_id, role: r.role, messages: Number(r.messages), youths: Number(r.youths), newest: new Date(r.newest) }));
}

/** Claims one person's notification: only one process (or run) announces the same messages. */
async function claim(deps: PushDeps, d: Due, now: Date): Promise<boolean> {
	const rows = await deps.db
		.insert(messagePushes)
		.values({ userId: d.userId, pushedUntil: d.newest, lastSentAt: now })
		.onConflictDoUpdate({
			target: messagePushes.userId,
			set: { pushedUntil: d.newest, lastSentAt: now },
			setWhere: lt(messagePushes.pushedUntil, d.newest)
		})
		.returning({ userId: messagePushes.userId });
	return rows.length > 0;
}

/** Sends the notifications due now; returns how many devices the push services accepted. */
export async function sendPushNotifications(deps: PushDeps): Promise<number> {
	const now = deps.now();
	let sent = 0;
	for (const d of await due(deps, now)) {
		if (!(await claim(deps, d, now))) continue;
		const devices = await deps.db
			.select(DEVICE_COLUMNS)
			.from(pushSubscriptions)
			.innerJoin(sessions, and(eq(sessions.id, pushSubscriptions.sessionId), gt(sessions.expiresAt, now)))
			.where(eq(pushSubscriptions.userId, d.userId));
		const payload = pushNotification(d);
		for (const device of devices) {
			const result = await deps.push.send(device, payload, { ttlSeconds: 24 * 3600, topic: 'messages' });
			if (result === 'sent') {
				sent++;
				await deps.db.update(pushSubscriptions).set({ lastSentAt: now, failures: 0 }).where(eq(pushSubscriptions.id, device.id));
			} else if (result === 'gone') {
				await deps.db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, device.id));
			} else {
				const [row] = await deps.db
					.update(pushSubscriptions)
					.set({ failures: sql`${pushSubscriptions.failures} + 1` })
					.where(eq(pushSubscriptions.id, device.id))
					.returning({ failures: pushSubscriptions.failures });
				if (row && row.failures >= PUSH_MAX_FAILURES) await deps.db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, device.id));
			}
		}
	}
	return sent;
}

/** The recurring job: sends what is due, then schedules the next run. */
export const pushHandler = registerRecurringJob(PUSH_JOB, PUSH_RUN_EVERY_SECONDS * 1000, sendPushNotifications, 'push notifications sent');

// ——— The person's devices (use cases of /compte) ———

export interface PushSettings {
	/** False for roles without messages to announce (the page shows nothing). */
	available: boolean;
	/** The server's VAPID public key, for `pushManager.subscribe`. */
	publicKey: string | null;
	/** Endpoints turned on from this session (the page compares with the browser's own). */
	endpoints: string[];
}

export async function getPushSettings(deps: Pick<Deps, 'db' | 'push'>, actor: Actor | null, sessionId: string | null): Promise<PushSettings> {
	const a = requireActor(actor);
	if (!PUSH_ROLES.has(a.role) || !sessionId) return { available: false, publicKey: null, endpoints: [] };
	const rows = await deps.db
		.select({ endpoint: pushSubscriptions.endpoint })
		.from(pushSubscriptions)
		.where(and(eq(pushSubscriptions.userId, a.userId), eq(pushSubscriptions.sessionId, sessionId)));
	return { available: true, publicKey: await deps.push.publicKey(), endpoints: rows.map((r) => r.endpoint) };
}

/**
 * Turns notifications on for this device (this session). The same browser already registered for
 * someone else (a shared phone) now belongs to this person and this session only.
 */
export async function enablePush(deps: Pick<Deps, 'db' | 'config'>, actor: Actor | null, sessionId: string | null, target: PushTarget): Promise<void> {
	const a = requireActor(actor);
	if (!PUSH_ROLES.has(a.role) || !sessionId) throw pushUnavailable();
	if (pushTargetProblem(target, deps.config.push.extraHosts)) throw invalidPushSubscription();
	await deps.db
		.insert(pushSubscriptions)
		.values({ userId: a.userId, sessionId, endpoint: target.endpoint, p256dh: target.p256dh, auth: target.auth })
		.onConflictDoUpdate({
			target: pushSubscriptions.endpoint,
			set: { userId: a.userId, sessionId, p256dh: target.p256dh, auth: target.auth, failures: 0, createdAt: sql`now()` }
		});
	await deps.db.execute(sql`
		delete from push_subscriptions where user_id = ${a.userId} and id not in (
			select id from push_subscriptions where user_id = ${a.userId} order by created_at desc, id limit ${PUSH_MAX_DEVICES}
		)`);
}

/** Turns notifications off for a device of this person (another person's endpoint is left alone). */
export async function disablePush(deps: Pick<Deps, 'db'>, actor: Actor | null, endpoint: string): Promise<void> {
	const a = requireActor(actor);
	if (typeof endpoint !== 'string' || endpoint.length > 1024) return;
	await deps.db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.userId, a.userId), eq(pushSubscriptions.endpoint, endpoint)));
}

/** "Essayer": 5 test notifications per 10 minutes and person, then a lock (push services are not ours to flood). */
const TEST_PUSH_POLICY = { freeFailures: 5, baseLockSeconds: 600, maxLockSeconds: 3600, windowSeconds: 600 };

/** A test notification to the devices turned on from this session; returns how many took it. */
export async function sendTestPush(deps: Pick<Deps, 'db' | 'push' | 'rateLimiter'>, actor: Actor | null, sessionId: string | null): Promise<number> {
	const a = requireActor(actor);
	if (!PUSH_ROLES.has(a.role) || !sessionId) throw pushUnavailable();
	await deps.rateLimiter.consume(`push:test:${a.userId}`, TEST_PUSH_POLICY);
	const devices = await deps.db
		.select(DEVICE_COLUMNS)
		.from(pushSubscriptions)
		.where(and(eq(pushSubscriptions.userId, a.userId), eq(pushSubscriptions.sessionId, sessionId)));
	const body = a.role === 'youth' ? 'C’est bon : tu recevras ici une notification quand un message arrive.' : 'C’est bon : vous recevrez ici une notification quand un message arrive.';
	let sent = 0;
	for (const device of devices) {
		const result = await deps.push.send(device, { title: 'Tremplin', body, url: '/compte', tag: 'essai' }, { ttlSeconds: 600 });
		if (result === 'sent') sent++;
		if (result === 'gone') await deps.db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, device.id));
	}
	return sent;
}
