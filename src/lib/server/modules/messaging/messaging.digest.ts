import { and, eq, gt, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import { requireActor, type Actor } from '$lib/server/platform/access';
import { registerRecurringJob, type JobDeps } from '$lib/server/platform/jobs';
import { users, youthProfiles } from '../accounts/accounts.schema';
import { conversationReads, conversations, messageDigests, messages } from './messaging.schema';

/**
 * E-mail digest of unread messages: one short e-mail "Tu as N messages non lus sur Tremplin"
 * (staff: "Vous avez N messages non lus de J jeunes"), **without any message content** (a mailbox
 * is less private than Tremplin). Who gets one: a person with an e-mail address whose unread
 * messages are older than `DIGEST_AFTER_MINUTES` and not covered by a digest already sent —
 * youth: staff messages in their own conversation; staff: youth messages of the youth they are
 * the referent of. Automatic messages (reminders, night replies) never call for a digest.
 * At most one per person every `DIGEST_EVERY_HOURS`; turned off in /compte (`message_digests.enabled`).
 */

export const DIGEST_JOB = 'messaging.digest';
export const DIGEST_RUN_EVERY_MINUTES = 15;
export const DIGEST_AFTER_MINUTES = 30;
export const DIGEST_EVERY_HOURS = 6;

interface Candidate {
	userId: string;
	email: string;
	firstName: string;
	role: string;
	messages: number;
	youths: number;
	newest: Date;
}

type DigestDeps = Pick<JobDeps, 'db' | 'now' | 'mailer' | 'config' | 'logger'>;

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The digest e-mail: counts and a link, never a word of the messages. */
export function digestMail(c: Pick<Candidate, 'firstName' | 'role' | 'messages' | 'youths'>, publicUrl: string | null) {
	const youth = c.role === 'youth';
	const unread = plural(c.messages, 'message non lu', 'messages non lus');
	const base = publicUrl?.replace(/\/$/, '') ?? '';
	const page = base ? `${base}${youth ? '/jeune/messages' : '/pro/messages'}` : null;
	const account = base ? `${base}/compte` : null;
	if (youth) {
		return {
			subject: `Tu as ${unread} sur Tremplin`,
			text: [
				`Bonjour ${c.firstName},`,
				`Tu as ${unread} de ta Mission Locale sur Tremplin.`,
				page ? `Pour ${c.messages > 1 ? 'les' : 'le'} lire : ${page}` : 'Connecte-toi à Tremplin, rubrique « Messages », pour les lire.',
				`Tu ne veux plus recevoir ces e-mails ? Change ton choix dans ton compte${account ? ` : ${account}` : ''}.`,
				'— Tremplin'
			].join('\n\n')
		};
	}
	const from = c.youths === 1 ? 'd’un jeune' : `de ${plural(c.youths, 'jeune', 'jeunes')}`;
	return {
		subject: `Vous avez ${unread} ${from} sur Tremplin`,
		text: [
			`Bonjour ${c.firstName},`,
			`Vous avez ${unread} ${from} que vous accompagnez, sur Tremplin.`,
			page ? `Pour les lire : ${page}` : 'Connectez-vous à Tremplin, rubrique « Messages », pour les lire.',
			`Pour ne plus recevoir ces e-mails, changez votre choix dans votre compte${account ? ` : ${account}` : ''}.`,
			'— Tremplin'
		].join('\n\n')
	};
}

/**
 * Conditions shared by both queries: unread, old enough, not covered, digest allowed now. The
 * first one is implied by "not covered" (a conversation's last message is never older than one of
 * its messages) but lets the database skip the messages of every conversation quiet since the
 * person's last digest — most of them, on each run.
 */
function pending(readSeq: SQL, cutoff: Date, quietSince: Date): SQL {
	return and(
		sql`${conversations.lastMessageAt} > coalesce(${messageDigests.coveredUntil}, '-infinity'::timestamptz)`,
		sql`${messages.seq} > coalesce(${readSeq}, 0)`,
		lte(messages.createdAt, cutoff),
		or(isNull(messageDigests.userId), eq(messageDigests.enabled, true))!,
		or(isNull(messageDigests.coveredUntil), gt(messages.createdAt, messageDigests.coveredUntil))!,
		or(isNull(messageDigests.lastSentAt), lte(messageDigests.lastSentAt, quietSince))!,
		isNotNull(users.email),
		isNull(users.disabledAt)
	)!;
}

async function candidates(deps: DigestDeps, now: Date): Promise<Candidate[]> {
	const cutoff = new Date(now.getTime() - DIGEST_AFTER_MINUTES * 60_000);
	const quietSince = new Date(now.getTime() - DIGEST_EVERY_HOURS * 3600_000);
	const columns = {
		userId: users.id,
		email: sql<string>`${users.email}`,
		firstName: users.firstName,
		role: users.role,
		messages: sql<number>`count(*)::int`,
		youths: sql<number>`count(distinct ${conversations.youthId})::int`,
		newest: sql<Date>`max(${messages.createdAt})`.mapWith((v: string | Date) => new Date(v))
	};
	// Youth: staff messages of their own conversation, in their current structure.
	const youth = await deps.db
		.select(columns)
		.from(conversations)
		.innerJoin(users, and(eq(users.id, conversations.youthId), eq(users.structureId, conversations.structureId), eq(users.role, 'youth')))
		.innerJoin(messages, and(eq(messages.conversationId, conversations.id), eq(messages.authorRole, 'staff')))
		.leftJoin(conversationReads, and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, users.id)))
		.leftJoin(messageDigests, eq(messageDigests.userId, users.id))
		.where(pending(sql`${conversationReads.lastReadSeq}`, cutoff, quietSince))
		.groupBy(users.id);
	// Staff: youth messages of the youth they are the referent of, in their structure.
	const staff = await deps.db
		.select(columns)
		.from(conversations)
		.innerJoin(youthProfiles, and(eq(youthProfiles.userId, conversations.youthId), eq(youthProfiles.structureId, conversations.structureId)))
		.innerJoin(
			users,
			and(
				eq(users.id, youthProfiles.referentId),
				eq(users.structureId, conversations.structureId),
				inArray(users.role, ['counselor', 'structure_manager'])
			)
		)
		.innerJoin(messages, and(eq(messages.conversationId, conversations.id), eq(messages.authorRole, 'youth')))
		.leftJoin(conversationReads, and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, users.id)))
		.leftJoin(messageDigests, eq(messageDigests.userId, users.id))
		.where(pending(sql`${conversationReads.lastReadSeq}`, cutoff, quietSince))
		.groupBy(users.id);
	return [...youth, ...staff];
}

/**
 * Claims one person's digest atomically: records it as sent (covering messages up to `newest`)
 * only if allowed now. Two processes running the job at once: one claim wins, the other gets false.
 */
async function claim(deps: DigestDeps, c: Candidate, now: Date): Promise<boolean> {
	const quietSince = new Date(now.getTime() - DIGEST_EVERY_HOURS * 3600_000);
	const rows = await deps.db
		.insert(messageDigests)
		.values({ userId: c.userId, enabled: true, lastSentAt: now, coveredUntil: c.newest })
		.onConflictDoUpdate({
			target: messageDigests.userId,
			set: { lastSentAt: now, coveredUntil: c.newest },
			setWhere: and(
				eq(messageDigests.enabled, true),
				or(isNull(messageDigests.lastSentAt), lte(messageDigests.lastSentAt, quietSince)),
				or(isNull(messageDigests.coveredUntil), sql`${messageDigests.coveredUntil} < ${c.newest}`)
			)
		})
		.returning({ userId: messageDigests.userId });
	return rows.length > 0;
}

/** Sends the digests due now; returns how many were sent. */
export async function sendUnreadDigests(deps: DigestDeps): Promise<number> {
	const now = deps.now();
	let sent = 0;
	for (const c of await candidates(deps, now)) {
		if (!(await claim(deps, c, now))) continue;
		const mail = digestMail(c, deps.config.publicUrl);
		await deps.mailer.send({ to: c.email, subject: mail.subject, text: mail.text });
		sent++;
	}
	return sent;
}

/** The recurring job: sends what is due, then schedules the next run. */
export const digestHandler = registerRecurringJob(DIGEST_JOB, DIGEST_RUN_EVERY_MINUTES * 60_000, sendUnreadDigests, 'unread message digests sent');

/** The person's choice (default: on). */
export async function getDigestPreference(deps: Pick<Deps, 'db'>, actor: Actor | null): Promise<boolean> {
	const a = requireActor(actor);
	const [row] = await deps.db.select({ enabled: messageDigests.enabled }).from(messageDigests).where(eq(messageDigests.userId, a.userId));
	return row?.enabled ?? true;
}

/** Turns the person's own digest on or off. */
export async function setDigestPreference(deps: Pick<Deps, 'db'>, actor: Actor | null, enabled: boolean): Promise<void> {
	const a = requireActor(actor);
	await deps.db
		.insert(messageDigests)
		.values({ userId: a.userId, enabled })
		.onConflictDoUpdate({ target: messageDigests.userId, set: { enabled } });
}
