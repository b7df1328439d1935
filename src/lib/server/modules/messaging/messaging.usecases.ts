import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { can, requireActor, type Actor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RateLimitPolicy } from '$lib/server/platform/rate-limit';
import { offerCommittedEvents, type RealtimeEvent } from '$lib/server/platform/realtime';
import { createAccountsRepository, findAccountById, findYouthPlace } from '../accounts';
import { attachmentQuota, processAttachment, type ProcessedAttachment, type UploadedFile } from './messaging.attachments';
import {
	attachmentQuotaExceeded,
	conversationNotFound,
	invalidGroup,
	sendRateLimited,
	invalidMessage,
	messageIdReused,
	youthNotFound
} from './messaging.errors';
import {
	appendMessageRow,
	authorRoleOf,
	canUseConversation,
	conversationScopeOf,
	ensureConversation,
	findConversationFor,
	findMessage,
	groupMessageId,
	staffStructureOf,
	toView,
	toViews,
	type AppendInput,
	type AppendOutcome,
	type AttachmentView,
	type ConversationRow,
	type EventAttachment,
	type MessageView
} from './messaging.repository';
import { nightReplyFor, nightReplyId } from './messaging.night';
import { conversationReads, conversations, messageAttachments } from './messaging.schema';
import { clientMessageId, fieldErrors, groupMessageInput, isUuid, messageBody, sendMessageInput, sendWithAttachmentInput } from './messaging.validation';

/** `database` (optional): when `db` is its root handle, what a send publishes goes to this process's hub at once. */
type MessagingDeps = Pick<Deps, 'db' | 'now'> & Partial<Pick<Deps, 'database'>>;

export interface SendOutcome {
	message: MessageView;
	/** False when this was a retry of a message already stored (nothing changed). */
	created: boolean;
	/** The automatic night reply this message called for, if any (see `messaging.night.ts`). */
	autoReply?: MessageView;
}

/**
 * The youth's conversation with their Mission Locale, created on first use. Open to the youth
 * themself and the staff of the youth's structure; anyone else gets "not found".
 */
export async function openConversation(deps: MessagingDeps, actor: Actor | null, youthId: string): Promise<ConversationRow> {
	const a = requireActor(actor);
	if (!isUuid(youthId)) throw youthNotFound();
	// The same rule as reading the youth's file, without loading the file (this runs on every send).
	const place = await findYouthPlace(deps.db, youthId);
	if (!place || !can(a, 'read', 'youth_file', { structureId: place.structureId, networkId: null, ownerId: place.id })) throw youthNotFound();
	const conversation = await ensureConversation(deps.db, place.id, place.structureId);
	if (!canUseConversation(a, conversation)) throw youthNotFound();
	return conversation;
}

/** What `appendMessageRow` says, as the use cases answer it (errors, or the outcome). */
async function toSendOutcome(db: Database, outcome: AppendOutcome): Promise<SendOutcome> {
	if (outcome.status === 'rate_limited') throw sendRateLimited(outcome.retryAfterSeconds);
	if (outcome.status === 'not_found') throw conversationNotFound();
	if (outcome.status === 'conflict') throw messageIdReused();
	if (outcome.status === 'duplicate') return { message: (await toViews(db, [outcome.message]))[0]!, created: false };
	return { message: toView(outcome.message), created: true };
}

/**
 * The automatic night reply after a new youth message, in the same transaction. Its id derives
 * from the youth message's id; it does not end the youth's wait (`waiting_since` is kept) and
 * counts as read by the youth, who sees it at once.
 */
async function appendNightReply(
	tx: Database,
	now: Date,
	conversation: { id: string; structureId: string },
	youthMessage: MessageView,
	published: RealtimeEvent[] = []
): Promise<MessageView | null> {
	const body = await nightReplyFor(tx, conversation, youthMessage.seq, now);
	if (!body) return null;
	const outcome = await appendMessageRow(tx, {
		conversation: { id: conversation.id },
		scope: 'checked',
		id: nightReplyId(youthMessage.id),
		authorId: null,
		authorRole: 'system',
		body,
		now,
		readByYouth: true
	});
	if (outcome.status === 'conflict') throw messageIdReused();
	if (outcome.status !== 'created') return null;
	published.push(...outcome.events);
	return toView(outcome.message);
}

/**
 * An automatic message in the youth's conversation (created if needed, in the youth's current
 * structure), for modules that have already checked their rights: appointment reminders, video
 * call invitations… Idempotent on `id` (a UUID the caller derives from its own event: same id →
 * `created: false`, nothing changes). Sequenced under the conversation's row lock and published
 * like any message; it does not end the youth's wait and stays unread for the youth. `deps.db`
 * may be a transaction (the message then commits or rolls back with the caller's work).
 */
export async function postSystemMessage(
	deps: MessagingDeps,
	input: { youthId: string; id: string; body: string }
): Promise<{ created: boolean }> {
	if (!isUuid(input.youthId)) throw youthNotFound();
	const id = clientMessageId.safeParse(input.id);
	if (!id.success) throw invalidMessage({ id: id.error.issues[0]?.message ?? 'Identifiant de message invalide.' });
	const body = messageBody.safeParse(input.body);
	if (!body.success) throw invalidMessage(fieldErrors(body.error));
	const youth = await findAccountById(deps.db, input.youthId.toLowerCase());
	if (!youth || youth.role !== 'youth' || !youth.structureId) throw youthNotFound();
	await ensureConversation(deps.db, youth.id, youth.structureId);
	const outcome = await appendMessageRow(deps.db, {
		conversation: { youthId: youth.id },
		scope: 'checked',
		id: id.data,
		authorId: null,
		authorRole: 'system',
		body: body.data,
		now: deps.now()
	});
	if (outcome.status === 'conflict') throw messageIdReused();
	if (outcome.status !== 'created' && outcome.status !== 'duplicate') throw youthNotFound();
	return { created: outcome.status === 'created' };
}

type SendTarget = { conversationId: string } | { youthId: string };

/**
 * Sends a message. `clientId` is generated by the device: a retry with the same id returns the
 * stored message and changes nothing; the same id in another conversation or by another person is
 * a conflict. Sequence numbers are given under the conversation's row lock: no gap, no duplicate.
 * Not rate-limited (see `sendMessageToYouth`, what the forms call).
 */
export async function sendMessage(
	deps: MessagingDeps,
	actor: Actor | null,
	input: { conversationId: string; clientId: string; body: string; attachment?: UploadedFile | null }
): Promise<SendOutcome> {
	return send(deps, requireActor(actor), { conversationId: input.conversationId }, input, null);
}

/**
 * What the message forms call: a message to the youth's conversation (`youthId`: the youth
 * themself, or a youth of the staff member's structure), created on first use, counted by the
 * per-person send limit (`SEND_MESSAGE_POLICY`) in the same statement as the message.
 */
export async function sendMessageToYouth(
	deps: MessagingDeps,
	actor: Actor | null,
	input: { youthId: string; clientId: string; body: string; attachment?: UploadedFile | null }
): Promise<SendOutcome> {
	const a = requireActor(actor);
	return send(deps, a, { youthId: input.youthId }, input, { key: sendRateKey(a), policy: SEND_MESSAGE_POLICY });
}

async function send(
	deps: MessagingDeps,
	a: Actor,
	target: SendTarget,
	input: { clientId: string; body: string; attachment?: UploadedFile | null },
	rateLimit: { key: string; policy: RateLimitPolicy } | null
): Promise<SendOutcome> {
	const notFound = () => ('youthId' in target ? youthNotFound() : conversationNotFound());
	if (!isUuid('youthId' in target ? target.youthId : target.conversationId)) throw notFound();
	const file = input.attachment ?? null;
	const parsed = (file ? sendWithAttachmentInput : sendMessageInput).safeParse({ ...input, conversationId: '' });
	// Bad input on a conversation one may not use is "not found"; so is any actor without a scope.
	const scope = conversationScopeOf(a);
	const checked = !scope || !parsed.success || file ? await requireConversation(deps, a, target) : null;
	if (!scope) throw notFound();
	if (!parsed.success) throw invalidMessage(fieldErrors(parsed.error));
	const { clientId, body } = parsed.data;
	const now = deps.now();
	const append = (db: Database, conversation: AppendInput['conversation'], rate: typeof rateLimit, attachment: EventAttachment | null = null) =>
		appendMessageRow(db, {
			conversation,
			scope,
			id: clientId,
			authorId: a.userId,
			authorRole: authorRoleOf(a),
			body,
			now,
			attachment,
			recordContact: true,
			rateLimit: rate
		});
	const conversationRef: AppendInput['conversation'] =
		'conversationId' in target ? { id: target.conversationId.toLowerCase() } : { youthId: target.youthId.toLowerCase() };

	if (file && checked) {
		return sendWithAttachment(deps, a, checked, { clientId, now, file, append: (db, meta) => append(db, { id: checked.id }, rateLimit, meta) });
	}

	// Staff: one statement, committed by itself. The youth: the message and, outside opening hours,
	// the automatic reply, in one transaction. Null: no such conversation (or not the actor's).
	const attempt = async (rate: typeof rateLimit): Promise<SendOutcome | null> => {
		const published: RealtimeEvent[] = [];
		const outcome =
			authorRoleOf(a) !== 'youth'
				? await append(deps.db, conversationRef, rate).then((appended) => {
						if (appended.status === 'created') published.push(...appended.events);
						return appended.status === 'not_found' ? null : toSendOutcome(deps.db, appended);
					})
				: await deps.db.transaction(async (tx) => {
						const db = tx as unknown as Database;
						const appended = await append(db, conversationRef, rate);
						if (appended.status === 'not_found') return null;
						const sent = await toSendOutcome(db, appended);
						if (appended.status !== 'created') return sent;
						published.push(...appended.events);
						const reply = await appendNightReply(db, now, appended.conversation, sent.message, published);
						return reply ? { ...sent, autoReply: reply } : sent;
					});
		// Committed: this process's subscribers get the events without reading them back.
		if (published.length > 0 && deps.database && deps.db === deps.database.db) void offerCommittedEvents(deps.database, published);
		return outcome;
	};
	const outcome = await attempt(rateLimit);
	if (outcome) return outcome;
	// The first message to this youth: the conversation is created (access checked), then sent.
	await requireConversation(deps, a, target);
	const second = await attempt(null);
	if (!second) throw notFound();
	return second;
}

/** The conversation `target` names, if `a` may use it (created for a youth on first use); else "not found". */
async function requireConversation(deps: MessagingDeps, a: Actor, target: SendTarget): Promise<ConversationRow> {
	if ('youthId' in target) return openConversation(deps, a, target.youthId);
	const conversation = await findConversationFor(deps.db, a, target.conversationId);
	if (!conversation) throw conversationNotFound();
	return conversation;
}

/** A message with a file: decoded and re-encoded first (nothing locked meanwhile), then stored with it. */
async function sendWithAttachment(
	deps: MessagingDeps,
	a: Actor,
	conversation: ConversationRow,
	input: {
		clientId: string;
		now: Date;
		file: UploadedFile;
		append: (db: Database, attachment: EventAttachment) => Promise<AppendOutcome>;
	}
): Promise<SendOutcome> {
	// A retry of a message already stored: answer at once, without reading the file again.
	const existing = await findMessage(deps.db, input.clientId);
	if (existing && existing.conversationId === conversation.id && existing.authorId === a.userId) {
		return { message: (await toViews(deps.db, [existing]))[0]!, created: false };
	}
	const attachment = await processAttachment(input.file);
	const attachmentId = randomUUID();
	return deps.db.transaction(async (tx) => {
		const db = tx as unknown as Database;
		const meta: EventAttachment = { id: attachmentId, kind: attachment.kind, size: attachment.data.byteLength, name: attachment.fileName };
		const outcome = await toSendOutcome(db, await input.append(db, meta));
		if (!outcome.created) return outcome;
		outcome.message.attachment = await storeAttachment(db, input.now, a, outcome.message.id, attachmentId, attachment);
		if (outcome.message.authorRole !== 'youth') return outcome;
		const reply = await appendNightReply(db, input.now, conversation, outcome.message);
		return reply ? { ...outcome, autoReply: reply } : outcome;
	});
}

/**
 * Stores the attachment of a message just inserted, within the hourly byte allowance of its
 * sender (over it: the whole send is rolled back with `messaging.attachment_quota`).
 */
async function storeAttachment(
	tx: Database,
	now: Date,
	actor: Actor,
	messageId: string,
	id: string,
	file: ProcessedAttachment
): Promise<AttachmentView> {
	const since = new Date(now.getTime() - 3600_000);
	// One sender's files are counted one transaction at a time, whatever the conversation: two
	// parallel uploads cannot both fit in the room left for one. (The realtime publish lock taken by
	// the append serialises them today too; this one states the rule where it is relied on.)
	await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`messaging:attachments:${actor.userId}`}, 0))`);
	const [used] = await tx
		.select({ bytes: sql<number>`coalesce(sum(${messageAttachments.byteSize}), 0)::bigint` })
		.from(messageAttachments)
		.where(and(eq(messageAttachments.uploaderId, actor.userId), gt(messageAttachments.createdAt, since)));
	if (Number(used?.bytes ?? 0) + file.data.byteLength > attachmentQuota.bytesPerHour) throw attachmentQuotaExceeded();
	const [row] = await tx
		.insert(messageAttachments)
		.values({
			id,
			messageId,
			uploaderId: actor.userId,
			kind: file.kind,
			contentType: file.contentType,
			byteSize: file.data.byteLength,
			fileName: file.fileName,
			width: file.width,
			height: file.height,
			data: file.data,
			createdAt: now
		})
		.returning({ id: messageAttachments.id });
	return {
		id: row!.id,
		kind: file.kind,
		contentType: file.contentType,
		byteSize: file.data.byteLength,
		fileName: file.fileName,
		width: file.width,
		height: file.height
	};
}

/** Marks the conversation read up to `seq` (never backwards, never beyond the last message). */
export async function markRead(
	deps: MessagingDeps,
	actor: Actor | null,
	input: { conversationId: string; seq: number }
): Promise<{ lastReadSeq: number }> {
	const a = requireActor(actor);
	const conversation = await findConversationFor(deps.db, a, input.conversationId);
	if (!conversation) throw conversationNotFound();
	const wanted = Number.isSafeInteger(input.seq) ? Math.max(0, Math.min(input.seq, conversation.nextSeq)) : 0;
	const now = deps.now();
	const [row] = await deps.db
		.insert(conversationReads)
		.values({ conversationId: conversation.id, userId: a.userId, lastReadSeq: wanted, readAt: now })
		.onConflictDoUpdate({
			target: [conversationReads.conversationId, conversationReads.userId],
			set: { lastReadSeq: sql`greatest(${conversationReads.lastReadSeq}, excluded.last_read_seq)`, readAt: now }
		})
		.returning({ lastReadSeq: conversationReads.lastReadSeq });
	return { lastReadSeq: row?.lastReadSeq ?? wanted };
}

export interface GroupOutcome {
	sent: number;
	/** Already delivered by an earlier try of the same group message. */
	alreadySent: number;
	messages: MessageView[];
}

/**
 * One message written once by a staff member, delivered in each youth's own conversation. Every
 * youth must be followed by the actor's structure, otherwise nothing is sent. Retrying with the
 * same `clientId` delivers nothing twice (each copy's id derives from clientId and the youth).
 */
export async function sendToGroup(
	deps: MessagingDeps,
	actor: Actor | null,
	input: { youthIds: string[]; clientId: string; body: string }
): Promise<GroupOutcome> {
	const a = requireActor(actor);
	const structureId = staffStructureOf(a);
	if (!structureId) throw youthNotFound();
	const parsed = groupMessageInput.safeParse(input);
	if (!parsed.success) throw invalidGroup(fieldErrors(parsed.error));
	const youthIds = [...new Set(parsed.data.youthIds)].sort();
	const followed = new Set(
		(await createAccountsRepository({ db: deps.db, actor: a, now: deps.now }).listYouth({ limit: 500 })).map((y) => y.id)
	);
	if (youthIds.some((id) => !followed.has(id))) throw youthNotFound();
	const { clientId, body } = parsed.data;
	const now = deps.now();
	return deps.db.transaction(async (tx) => {
		const db = tx as unknown as Database;
		for (const youthId of youthIds) await ensureConversation(db, youthId, structureId);
		// Lock in a fixed order (by youth id) so that concurrent group sends cannot deadlock.
		const rows = await db
			.select()
			.from(conversations)
			.where(and(inArray(conversations.youthId, youthIds)))
			.orderBy(conversations.youthId)
			.for('update');
		const outcomes: SendOutcome[] = [];
		for (const conversation of rows) {
			if (!canUseConversation(a, conversation)) throw youthNotFound();
			const appended = await appendMessageRow(db, {
				conversation: { id: conversation.id },
				scope: 'checked',
				id: groupMessageId(clientId, conversation.youthId),
				authorId: a.userId,
				authorRole: authorRoleOf(a),
				body,
				now
			});
			if (appended.status === 'not_found') throw youthNotFound();
			outcomes.push(await toSendOutcome(db, appended));
		}
		const sent = outcomes.filter((o) => o.created).length;
		return { sent, alreadySent: outcomes.length - sent, messages: outcomes.map((o) => o.message) };
	});
}

/** Sends through the web forms: generous for a conversation, a brake on scripts and floods. */
export const SEND_MESSAGE_POLICY: RateLimitPolicy = {
	freeFailures: 60,
	baseLockSeconds: 60,
	maxLockSeconds: 900,
	windowSeconds: 600
};

const sendRateKey = (actor: Actor) => `messaging:send:${actor.userId}`;

/** Counts one send of the person (the group form calls it before `sendToGroup`); refused while over the limit. */
export async function throttleSends(deps: Pick<Deps, 'rateLimiter'>, actor: Actor | null): Promise<void> {
	const a = requireActor(actor);
	try {
		await deps.rateLimiter.consume(sendRateKey(a), SEND_MESSAGE_POLICY);
	} catch (e) {
		if (isDomainError(e) && e.kind === 'rate_limited') throw sendRateLimited(e.retryAfterSeconds ?? 60);
		throw e;
	}
}
