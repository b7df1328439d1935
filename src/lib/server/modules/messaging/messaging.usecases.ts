import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { can, requireActor, type Actor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RateLimitPolicy } from '$lib/server/platform/rate-limit';
import { publishEventsInTransaction } from '$lib/server/platform/realtime';
import { createAccountsRepository, findAccountById, findYouthPlace, recordContact } from '../accounts';
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
	authorRoleOf,
	canUseConversation,
	ensureConversation,
	findConversationFor,
	findMessage,
	groupMessageId,
	staffStructureOf,
	toView,
	toViews,
	type AttachmentView,
	type ConversationRow,
	type MessageView
} from './messaging.repository';
import { nightReplyFor, nightReplyId } from './messaging.night';
import { conversationReads, conversations, messageAttachments, messages } from './messaging.schema';
import { conversationStream, structureInboxStream, userStream } from './messaging.streams';
import { clientMessageId, fieldErrors, groupMessageInput, isUuid, messageBody, sendMessageInput, sendWithAttachmentInput } from './messaging.validation';

type MessagingDeps = Pick<Deps, 'db' | 'now'>;

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

/** Inserts one message in a conversation locked by the caller; idempotent on the message id. */
async function appendMessage(
	tx: Database,
	now: Date,
	actor: Actor,
	conversation: ConversationRow,
	id: string,
	body: string
): Promise<SendOutcome> {
	// A retry (same id) is found by the insert's conflict below: no lookup before it on the hot path.
	const seq = conversation.nextSeq + 1;
	const role = authorRoleOf(actor);
	const [inserted] = await tx
		.insert(messages)
		.values({ id, conversationId: conversation.id, seq, authorId: actor.userId, authorRole: role, body, createdAt: now })
		.onConflictDoNothing({ target: messages.id })
		.returning();
	if (!inserted) {
		// This id is taken: a retry of this message (answered with the stored one), or a message of
		// someone else or of another conversation (a conflict).
		const other = await findMessage(tx, id);
		if (other && other.conversationId === conversation.id && other.authorId === actor.userId) {
			return { message: (await toViews(tx, [other]))[0]!, created: false };
		}
		throw messageIdReused();
	}
	await tx
		.update(conversations)
		.set({
			nextSeq: seq,
			lastMessageAt: now,
			// The youth waits from their first unanswered message; any staff answer ends the wait.
			waitingSince: role === 'youth' ? sql`coalesce(${conversations.waitingSince}, ${now})` : null
		})
		.where(eq(conversations.id, conversation.id));
	conversation.nextSeq = seq;
	// Writing a message means having read the conversation up to it.
	await tx
		.insert(conversationReads)
		.values({ conversationId: conversation.id, userId: actor.userId, lastReadSeq: seq, readAt: now })
		.onConflictDoUpdate({
			target: [conversationReads.conversationId, conversationReads.userId],
			set: { lastReadSeq: sql`greatest(${conversationReads.lastReadSeq}, excluded.last_read_seq)`, readAt: now }
		});
	return { message: toView(inserted), created: true };
}

/**
 * Inserts one automatic (`system`, no author) message in a conversation locked by the caller.
 * Idempotent on `id`: an automatic message already stored with that id in this conversation
 * returns null and changes nothing; the id used by anything else is a conflict. It never ends the
 * youth's wait (`waiting_since` is kept). `readByYouth` marks it read for the youth (night replies,
 * shown right under the youth's own message); otherwise it stays unread for them.
 */
async function appendSystemMessage(
	tx: Database,
	now: Date,
	conversation: ConversationRow,
	id: string,
	body: string,
	options: { readByYouth: boolean }
): Promise<MessageView | null> {
	const seq = conversation.nextSeq + 1;
	const [inserted] = await tx
		.insert(messages)
		.values({ id, conversationId: conversation.id, seq, authorId: null, authorRole: 'system', body, createdAt: now })
		.onConflictDoNothing({ target: messages.id })
		.returning();
	if (!inserted) {
		const existing = await findMessage(tx, id);
		if (existing && existing.conversationId === conversation.id && existing.authorRole === 'system') return null;
		throw messageIdReused();
	}
	await tx.update(conversations).set({ nextSeq: seq, lastMessageAt: now }).where(eq(conversations.id, conversation.id));
	conversation.nextSeq = seq;
	if (options.readByYouth) {
		await tx
			.insert(conversationReads)
			.values({ conversationId: conversation.id, userId: conversation.youthId, lastReadSeq: seq, readAt: now })
			.onConflictDoUpdate({
				target: [conversationReads.conversationId, conversationReads.userId],
				set: { lastReadSeq: sql`greatest(${conversationReads.lastReadSeq}, excluded.last_read_seq)`, readAt: now }
			});
	}
	return toView(inserted);
}

/**
 * The automatic night reply after a new youth message, in the same transaction (the conversation
 * is locked by the caller). Its id derives from the youth message's id; it does not end the
 * youth's wait (`waiting_since` is kept) and counts as read by the youth, who sees it at once.
 */
async function appendNightReply(tx: Database, now: Date, conversation: ConversationRow, youthMessage: MessageView): Promise<MessageView | null> {
	const body = await nightReplyFor(tx, conversation, youthMessage.seq, now);
	if (!body) return null;
	return appendSystemMessage(tx, now, conversation, nightReplyId(youthMessage.id), body, { readByYouth: true });
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
	const structureId = youth.structureId;
	const now = deps.now();
	return deps.db.transaction(async (tx) => {
		const db = tx as unknown as Database;
		await ensureConversation(db, youth.id, structureId);
		const [conversation] = await db.select().from(conversations).where(eq(conversations.youthId, youth.id)).limit(1).for('update');
		if (!conversation) throw youthNotFound();
		const message = await appendSystemMessage(db, now, conversation, id.data, body.data, { readByYouth: false });
		if (!message) return { created: false };
		await publishMessage(db, conversation, message);
		return { created: true };
	});
}

/**
 * The realtime events of a new message, published last in the sending transaction (they exist
 * only if it commits): the message on the conversation's stream, an `unread` hint for the other
 * known participants (the youth, and staff who already read or wrote in it), and an `inbox` hint
 * for the structure's staff.
 */
async function publishMessage(tx: Database, conversation: ConversationRow, message: MessageView) {
	const payload = {
		id: message.id,
		conversationId: message.conversationId,
		seq: message.seq,
		authorId: message.authorId,
		authorRole: message.authorRole,
		body: message.body,
		createdAt: message.createdAt.toISOString(),
		// Metadata only: the bytes are fetched from the attachment's URL by participants.
		attachment: message.attachment
			? { id: message.attachment.id, kind: message.attachment.kind, size: message.attachment.byteSize, name: message.attachment.fileName }
			: null
	};
	const readers = await tx
		.select({ userId: conversationReads.userId })
		.from(conversationReads)
		.where(eq(conversationReads.conversationId, conversation.id));
	const recipients = new Set([conversation.youthId, ...readers.map((r) => r.userId)]);
	if (message.authorId) recipients.delete(message.authorId);
	// One publish for all of them: one lock, one insert, one wake-up hint.
	await publishEventsInTransaction(tx, [
		{ stream: conversationStream(conversation.id), type: 'message', payload },
		...[...recipients].sort().map((userId) => ({
			stream: userStream(userId),
			type: 'unread',
			payload: { conversationId: conversation.id, seq: message.seq }
		})),
		{
			stream: structureInboxStream(conversation.structureId),
			type: 'inbox',
			payload: { conversationId: conversation.id, seq: message.seq, authorRole: message.authorRole }
		}
	]);
}

/**
 * Sends a message. `clientId` is generated by the device: a retry with the same id returns the
 * stored message and changes nothing; the same id in another conversation or by another person is
 * a conflict. Sequence numbers are given under the conversation's row lock: no gap, no duplicate.
 */
export async function sendMessage(
	deps: MessagingDeps,
	actor: Actor | null,
	input: { conversationId: string; clientId: string; body: string; attachment?: UploadedFile | null }
): Promise<SendOutcome> {
	const a = requireActor(actor);
	const file = input.attachment ?? null;
	const parsed = (file ? sendWithAttachmentInput : sendMessageInput).safeParse(input);
	// Access is checked again under the lock below; it is checked here first only when the answer
	// would otherwise differ (bad input on a conversation one may not use is "not found") or when
	// work comes before the transaction (an attachment is decoded and re-encoded).
	if ((!parsed.success || file) && !(await findConversationFor(deps.db, a, input.conversationId))) throw conversationNotFound();
	if (!parsed.success) throw invalidMessage(fieldErrors(parsed.error));
	const { clientId, body } = parsed.data;
	let attachment: ProcessedAttachment | null = null;
	if (file) {
		// A retry of a message already stored: answer at once, without reading the file again.
		const existing = await findMessage(deps.db, clientId);
		if (existing && existing.conversationId === input.conversationId.toLowerCase() && existing.authorId === a.userId) {
			return { message: (await toViews(deps.db, [existing]))[0]!, created: false };
		}
		// Decoding and re-encoding happen before the transaction: the conversation is not locked meanwhile.
		attachment = await processAttachment(file);
	}
	const now = deps.now();
	return deps.db.transaction(async (tx) => {
		const db = tx as unknown as Database;
		const conversation = await findConversationFor(db, a, input.conversationId, { forUpdate: true });
		if (!conversation) throw conversationNotFound();
		const outcome = await appendMessage(db, now, a, conversation, clientId, body);
		if (!outcome.created) return outcome;
		if (attachment) outcome.message.attachment = await storeAttachment(db, now, a, outcome.message.id, attachment);
		// A message written by the youth or the staff is a contact (follow-up: "à recontacter").
		await recordContact(db, { youthId: conversation.youthId, channel: 'message', at: now });
		const reply = outcome.message.authorRole === 'youth' ? await appendNightReply(db, now, conversation, outcome.message) : null;
		await publishMessage(db, conversation, outcome.message);
		if (reply) await publishMessage(db, conversation, reply);
		return reply ? { ...outcome, autoReply: reply } : outcome;
	});
}

/**
 * Stores the attachment of a message just inserted, within the hourly byte allowance of its
 * sender (over it: the whole send is rolled back with `messaging.attachment_quota`).
 */
async function storeAttachment(tx: Database, now: Date, actor: Actor, messageId: string, file: ProcessedAttachment): Promise<AttachmentView> {
	const since = new Date(now.getTime() - 3600_000);
	const [used] = await tx
		.select({ bytes: sql<number>`coalesce(sum(${messageAttachments.byteSize}), 0)::bigint` })
		.from(messageAttachments)
		.where(and(eq(messageAttachments.uploaderId, actor.userId), gt(messageAttachments.createdAt, since)));
	if (Number(used?.bytes ?? 0) + file.data.byteLength > attachmentQuota.bytesPerHour) throw attachmentQuotaExceeded();
	const [row] = await tx
		.insert(messageAttachments)
		.values({
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
		const outcomes: { conversation: ConversationRow; outcome: SendOutcome }[] = [];
		for (const conversation of rows) {
			if (!canUseConversation(a, conversation)) throw youthNotFound();
			const outcome = await appendMessage(db, now, a, conversation, groupMessageId(clientId, conversation.youthId), body);
			outcomes.push({ conversation, outcome });
		}
		for (const { conversation, outcome } of outcomes) {
			if (outcome.created) await publishMessage(db, conversation, outcome.message);
		}
		const sent = outcomes.filter((o) => o.outcome.created).length;
		return { sent, alreadySent: outcomes.length - sent, messages: outcomes.map((o) => o.outcome.message) };
	});
}

/** Sends through the web forms: generous for a conversation, a brake on scripts and floods. */
export const SEND_MESSAGE_POLICY: RateLimitPolicy = {
	freeFailures: 60,
	baseLockSeconds: 60,
	maxLockSeconds: 900,
	windowSeconds: 600
};

/** Counts one send of the person (routes call it before `sendMessage` / `sendToGroup`). */
export async function throttleSends(deps: Pick<Deps, 'rateLimiter'>, actor: Actor | null): Promise<void> {
	const a = requireActor(actor);
	const key = `messaging:send:${a.userId}`;
	try {
		await deps.rateLimiter.check([key]);
	} catch (e) {
		if (isDomainError(e) && e.kind === 'rate_limited') throw sendRateLimited(e.retryAfterSeconds ?? 60);
		throw e;
	}
	await deps.rateLimiter.hit([key], SEND_MESSAGE_POLICY);
}
