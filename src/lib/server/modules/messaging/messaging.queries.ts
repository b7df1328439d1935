import { and, asc, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import { requireActor, type Actor } from '$lib/server/platform/access';
import { createAccountsRepository, findAccountById, findYouthPlace } from '../accounts';
import { attachmentNotFound, conversationNotFound } from './messaging.errors';
import {
	conversationsOfStructure,
	findConversationFor,
	findConversationOfYouth,
	canUseConversation,
	ensureConversation,
	staffStructureOf,
	toViews,
	type MessageView
} from './messaging.repository';
import { conversationReads, conversations, messageAttachments, messages, type AttachmentKind } from './messaging.schema';
import { isUuid } from './messaging.validation';
import { conversationStream, structureInboxStream, userStream } from './messaging.streams';

type MessagingDeps = Pick<Deps, 'db' | 'now'>;

export const MAX_PAGE = 200;

export interface MessagePage {
	conversationId: string;
	youthId: string;
	messages: (MessageView & { authorName: string })[];
	/** The last sequence number of the conversation (for read marks and resuming). */
	lastSeq: number;
	/** How far the actor has read. */
	lastReadSeq: number;
	/** True when older messages exist before the first one returned. */
	hasOlder: boolean;
}

async function authorNames(deps: MessagingDeps, rows: MessageView[]): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	const ids = [...new Set(rows.map((m) => m.authorId).filter((id): id is string => !!id))];
	for (const id of ids) {
		const account = await findAccountById(deps.db, id);
		if (account) names.set(id, account.firstName);
	}
	return names;
}

/**
 * Messages of a conversation the actor may read, in sequence order: those after `afterSeq`
 * (resuming), else the latest `limit`.
 */
export async function listMessages(
	deps: MessagingDeps,
	actor: Actor | null,
	conversationId: string,
	options: { afterSeq?: number; limit?: number } = {}
): Promise<MessagePage> {
	const a = requireActor(actor);
	const conversation = await findConversationFor(deps.db, a, conversationId);
	if (!conversation) throw conversationNotFound();
	const limit = Math.max(1, Math.min(Math.trunc(options.limit ?? 50) || 50, MAX_PAGE));
	const after = options.afterSeq !== undefined && Number.isSafeInteger(options.afterSeq) ? Math.max(0, options.afterSeq) : null;
	let rows;
	if (after !== null) {
		rows = await deps.db
			.select()
			.from(messages)
			.where(and(eq(messages.conversationId, conversation.id), gt(messages.seq, after)))
			.orderBy(asc(messages.seq))
			.limit(limit);
	} else {
		rows = (
			await deps.db
				.select()
				.from(messages)
				.where(eq(messages.conversationId, conversation.id))
				.orderBy(desc(messages.seq))
				.limit(limit)
		).reverse();
	}
	const views = await toViews(deps.db, rows);
	const names = await authorNames(deps, views);
	const [read] = await deps.db
		.select({ lastReadSeq: conversationReads.lastReadSeq })
		.from(conversationReads)
		.where(and(eq(conversationReads.conversationId, conversation.id), eq(conversationReads.userId, a.userId)));
	return {
		conversationId: conversation.id,
		youthId: conversation.youthId,
		messages: views.map((m) => ({
			...m,
			authorName: m.authorRole === 'system' ? 'Tremplin' : (m.authorId && names.get(m.authorId)) || 'Ancien compte'
		})),
		lastSeq: conversation.nextSeq,
		lastReadSeq: read?.lastReadSeq ?? 0,
		hasOlder: views.length > 0 && views[0]!.seq > 1
	};
}

export interface StaffConversationItem {
	conversationId: string;
	youthId: string;
	youthName: string;
	isMine: boolean;
	lastMessageAt: Date | null;
	/** When the youth started waiting for an answer (null: nothing unanswered). */
	waitingSince: Date | null;
	waitingMinutes: number | null;
	unread: number;
	lastSeq: number;
}

/**
 * The staff inbox ("morning queue"): conversations of the youth followed by the actor's structure,
 * unanswered ones first, the longest wait first; then the most recent. Empty for anyone else.
 */
export async function listConversationsForStaff(
	deps: MessagingDeps,
	actor: Actor | null,
	options: { filter?: 'mine' | 'all' } = {}
): Promise<StaffConversationItem[]> {
	const a = requireActor(actor);
	const structureId = staffStructureOf(a);
	if (!structureId) return [];
	const youth = await createAccountsRepository({ db: deps.db, actor: a, now: deps.now }).listYouth({ limit: 500 });
	const byId = new Map(youth.map((y) => [y.id, y]));
	const rows = await conversationsOfStructure(deps.db, structureId);
	// Unread for staff: messages after their read mark, automatic (system) messages left out.
	const unreadRows = rows.length
		? await deps.db
				.select({ conversationId: messages.conversationId, unread: sql<number>`count(*)::int` })
				.from(messages)
				.leftJoin(
					conversationReads,
					and(eq(conversationReads.conversationId, messages.conversationId), eq(conversationReads.userId, a.userId))
				)
				.where(
					and(
						inArray(
							messages.conversationId,
							rows.map((r) => r.id)
						),
						ne(messages.authorRole, 'system'),
						sql`${messages.seq} > coalesce(${conversationReads.lastReadSeq}, 0)`
					)
				)
				.groupBy(messages.conversationId)
		: [];
	const unreadOf = new Map(unreadRows.map((r) => [r.conversationId, r.unread]));
	const now = deps.now().getTime();
	const items: StaffConversationItem[] = [];
	for (const c of rows) {
		const y = byId.get(c.youthId);
		if (!y || !canUseConversation(a, c)) continue;
		const isMine = y.referentId === a.userId;
		if (options.filter === 'mine' && !isMine) continue;
		items.push({
			conversationId: c.id,
			youthId: c.youthId,
			youthName: `${y.firstName} ${y.lastName}`.trim(),
			isMine,
			lastMessageAt: c.lastMessageAt,
			waitingSince: c.waitingSince,
			waitingMinutes: c.waitingSince ? Math.max(0, Math.floor((now - c.waitingSince.getTime()) / 60_000)) : null,
			unread: unreadOf.get(c.id) ?? 0,
			lastSeq: c.nextSeq
		});
	}
	return items.sort((x, y) => {
		if (x.waitingSince && y.waitingSince) return x.waitingSince.getTime() - y.waitingSince.getTime();
		if (x.waitingSince) return -1;
		if (y.waitingSince) return 1;
		return (y.lastMessageAt?.getTime() ?? 0) - (x.lastMessageAt?.getTime() ?? 0);
	});
}

/** The youth's own conversation and its latest messages (null conversation: never written yet). */
export async function getYouthConversation(
	deps: MessagingDeps,
	actor: Actor | null,
	options: { limit?: number } = {}
): Promise<MessagePage | null> {
	const a = requireActor(actor);
	if (a.role !== 'youth') return null;
	const conversation = await findConversationOfYouth(deps.db, a.userId);
	if (!conversation || !canUseConversation(a, conversation)) return null;
	return listMessages(deps, a, conversation.id, { limit: options.limit });
}

/**
 * Messages the actor has not read: for a youth, in their conversation; for staff, in the
 * conversations of the youth they are the referent of.
 */
export async function unreadCount(deps: MessagingDeps, actor: Actor | null): Promise<number> {
	const a = requireActor(actor);
	const unreadExpr = sql<number>`coalesce(sum(greatest(${conversations.nextSeq} - coalesce(${conversationReads.lastReadSeq}, 0), 0)), 0)::int`;
	if (a.role === 'youth') {
		if (!a.structureId) return 0;
		const [row] = await deps.db
			.select({ unread: unreadExpr })
			.from(conversations)
			.leftJoin(
				conversationReads,
				and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, a.userId))
			)
			.where(and(eq(conversations.youthId, a.userId), eq(conversations.structureId, a.structureId)));
		return row?.unread ?? 0;
	}
	const structureId = staffStructureOf(a);
	if (!structureId) return 0;
	const mine = (
		await createAccountsRepository({ db: deps.db, actor: a, now: deps.now }).listYouth({ filter: 'mine', limit: 500 })
	).map((y) => y.id);
	if (mine.length === 0) return 0;
	// Automatic (system) messages are for the youth: never unread for staff.
	const [row] = await deps.db
		.select({ unread: sql<number>`count(*)::int` })
		.from(messages)
		.innerJoin(conversations, eq(conversations.id, messages.conversationId))
		.leftJoin(
			conversationReads,
			and(eq(conversationReads.conversationId, conversations.id), eq(conversationReads.userId, a.userId))
		)
		.where(
			and(
				eq(conversations.structureId, structureId),
				inArray(conversations.youthId, mine),
				ne(messages.authorRole, 'system'),
				sql`${messages.seq} > coalesce(${conversationReads.lastReadSeq}, 0)`
			)
		);
	return row?.unread ?? 0;
}

/**
 * The realtime streams an actor may listen to: their own `user:` stream; a youth's own
 * conversation; for staff, their structure's inbox and the conversation asked for if they may
 * use it. A conversation the actor may not use is silently left out.
 */
export async function realtimeStreamsFor(
	deps: MessagingDeps,
	actor: Actor | null,
	options: { conversationId?: string | null } = {}
): Promise<string[]> {
	const a = requireActor(actor);
	const streams = [userStream(a.userId)];
	if (a.role === 'youth') {
		// A youth's stream always carries their one conversation, opened here if it does not exist
		// yet: a stream that left it out would miss the first messages (sent before its next
		// reconnection, and never replayed since its Last-Event-ID is already past them).
		let own = await findConversationOfYouth(deps.db, a.userId);
		if (!own) {
			const place = await findYouthPlace(deps.db, a.userId);
			if (place) own = await ensureConversation(deps.db, place.id, place.structureId);
		}
		if (own && canUseConversation(a, own)) streams.push(conversationStream(own.id));
		return streams;
	}
	const structureId = staffStructureOf(a);
	if (!structureId) return streams;
	streams.push(structureInboxStream(structureId));
	if (options.conversationId) {
		const conversation = await findConversationFor(deps.db, a, options.conversationId);
		if (conversation) streams.push(conversationStream(conversation.id));
	}
	return streams;
}

export interface AttachmentFile {
	kind: AttachmentKind;
	contentType: string;
	fileName: string;
	data: Uint8Array;
}

/**
 * The bytes of an attachment, for the conversation's participants only (the youth; staff of the
 * conversation's structure). Anyone else, anonymous, unknown or forged ids: `not_found`.
 */
export async function getAttachment(deps: MessagingDeps, actor: Actor | null, attachmentId: string): Promise<AttachmentFile> {
	if (!actor || !isUuid(attachmentId)) throw attachmentNotFound();
	const [row] = await deps.db
		.select({
			kind: messageAttachments.kind,
			contentType: messageAttachments.contentType,
			fileName: messageAttachments.fileName,
			data: messageAttachments.data,
			youthId: conversations.youthId,
			structureId: conversations.structureId
		})
		.from(messageAttachments)
		.innerJoin(messages, eq(messages.id, messageAttachments.messageId))
		.innerJoin(conversations, eq(conversations.id, messages.conversationId))
		.where(eq(messageAttachments.id, attachmentId.toLowerCase()))
		.limit(1);
	if (!row || !canUseConversation(actor, row)) throw attachmentNotFound();
	return { kind: row.kind, contentType: row.contentType, fileName: row.fileName, data: row.data };
}
