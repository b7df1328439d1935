import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import { requireActor, type Actor } from '$lib/server/platform/access';
import { registerRecurringJob, type JobDeps } from '$lib/server/platform/jobs';
import { messageDigests } from './messaging.schema';

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
/** Unread messages older than this never call for a digest (see `candidates`). */
export const DIGEST_LOOK_BACK_DAYS = 3;

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
 * Who is due a digest now, with their counts. Written so that its cost follows the conversations
 * active lately, not the whole history — and whatever the planner knows (the embedded database has
 * statistics only after its hourly tidy-up): `recent` and `dirty` are materialised, so they run
 * first and in this order (measured: `npm run bench:push`, docs/BENCHMARKS.md).
 * 1. `recent`: conversations with a message in the last `DIGEST_LOOK_BACK_DAYS` (index
 *    `conversations_by_last_message`). Older unread messages never call for a digest: had the
 *    person an address and digests on, one was sent long ago (one every 6 hours at most).
 * 2. `dirty`: for each, the person told about it — the youth (staff messages), or the youth's
 *    referent in the same structure (youth messages) — with an e-mail address, not disabled,
 *    digests on, none in the last `DIGEST_EVERY_HOURS`, and a last message newer than what their
 *    last digest covered: after a quiet day, almost nobody.
 * 3. Their unread messages of that side, older than `DIGEST_AFTER_MINUTES`, not covered yet —
 *    older ones included: they are counted once something recent sets the digest off.
 */
async function candidates(deps: DigestDeps, now: Date): Promise<Candidate[]> {
	const cutoff = new Date(now.getTime() - DIGEST_AFTER_MINUTES * 60_000);
	const quietSince = new Date(now.getTime() - DIGEST_EVERY_HOURS * 3600_000);
	const lookBack = new Date(now.getTime() - DIGEST_LOOK_BACK_DAYS * 86_400_000);
	const result = await deps.db.execute(sql`
		with recent as materialized (
			select c.id, c.youth_id, c.structure_id, c.last_message_at from conversations c where c.last_message_at > ${lookBack}
		), sides as (
			select r.id as conversation_id, r.youth_id, r.youth_id as user_id, 'staff'::text as from_role, r.structure_id, r.last_message_at
			from recent r
			union all
			select r.id, r.youth_id, yp.referent_id, 'youth'::text, r.structure_id, r.last_message_at
			from recent r
			join youth_profiles yp on yp.user_id = r.youth_id and yp.structure_id = r.structure_id
			where yp.referent_id is not null
		), dirty as materialized (
			select s.conversation_id, s.youth_id, u.id as user_id, u.email, u.first_name, u.role, s.from_role, d.covered_until
			from sides s
			join users u on u.id = s.user_id and u.structure_id = s.structure_id
				and (case when s.from_role = 'staff' then u.role = 'youth' else u.role in ('counselor', 'structure_manager') end)
			left join message_digests d on d.user_id = u.id
			where u.email is not null and u.disabled_at is null
				and (d.user_id is null or d.enabled)
				and (d.last_sent_at is null or d.last_sent_at <= ${quietSince})
				and s.last_message_at > coalesce(d.covered_until, '-infinity'::timestamptz)
		)
		select x.user_id, x.email, x.first_name, x.role, count(*)::int as messages, count(distinct x.youth_id)::int as youths, max(m.created_at) as newest
		from dirty x
		join messages m on m.conversation_id = x.conversation_id and m.author_role = x.from_role
		left join conversation_reads cr on cr.conversation_id = x.conversation_id and cr.user_id = x.user_id
		where m.seq > coalesce(cr.last_read_seq, 0)
			and m.created_at <= ${cutoff}
			and m.created_at > coalesce(x.covered_until, '-infinity'::timestamptz)
		group by x.user_id, x.email, x.first_name, x.role
	`);
	const rows = (result as unknown as { rows: { user_id: string; email: string; first_name: string; role: string; messages: number; youths: number; newest: Date | string }[] }).rows;
	return rows.map((r) => ({
		userId: r.user_id,
		email: r.email,
		firstName: r.first_name,
		role: r.role,
		messages: Number(r.messages),
		youths: Number(r.youths),
		newest: new Date(r.newest)
	}));
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
