import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { can, isStaff, type Actor } from '../../platform/access';
import type { RateLimitPolicy } from '../../platform/rate-limit';
import type { RealtimeEvent, RealtimeEventInput } from '../../platform/realtime';
import { conversations, messageAttachments, messages, type AttachmentKind, type AuthorRole } from './messaging.schema';
import { isUuid } from './messaging.validation';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/** What pages and events show of an attachment (never its bytes; served by `/messages/pieces-jointes/<id>`). */
export interface AttachmentView {
	id: string;
	kind: AttachmentKind;
	contentType: string;
	byteSize: number;
	fileName: string;
	width: number | null;
	height: number | null;
}

/** What every page and event shows of a message. */
export interface MessageView {
	id: string;
	conversationId: string;
	seq: number;
	authorId: string | null;
	authorRole: AuthorRole;
	body: string;
	createdAt: Date;
	attachment: AttachmentView | null;
}

export const toView = (m: MessageRow, attachment: AttachmentView | null = null): MessageView => ({
	id: m.id,
	conversationId: m.conversationId,
	seq: m.seq,
	authorId: m.authorId,
	authorRole: m.authorRole,
	body: m.body,
	createdAt: m.createdAt,
	attachment
});

const attachmentColumns = {
	messageId: messageAttachments.messageId,
	id: messageAttachments.id,
	kind: messageAttachments.kind,
	contentType: messageAttachments.contentType,
	byteSize: messageAttachments.byteSize,
	fileName: messageAttachments.fileName,
	width: messageAttachments.width,
	height: messageAttachments.height
};

/** Attachment metadata of some messages, by message id (no bytes read). */
export async function attachmentsOf(db: Database, messageIds: string[]): Promise<Map<string, AttachmentView>> {
	if (messageIds.length === 0) return new Map();
	const rows = await db.select(attachmentColumns).from(messageAttachments).where(inArray(messageAttachments.messageId, messageIds));
	return new Map(rows.map(({ messageId, ...view }) => [messageId, view]));
}

/** Message rows as views, with their attachments. */
export async function toViews(db: Database, rows: MessageRow[]): Promise<MessageView[]> {
	const attachments = await attachmentsOf(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r) => toView(r, attachments.get(r.id) ?? null));
}

/**
 * Who may read and write a conversation: the youth themself and the staff (counselor, structure
 * manager) of the structure the conversation belongs to — the `youth_file` rule of the access policy.
 */
export const canUseConversation = (actor: Actor | null, c: Pick<ConversationRow, 'youthId' | 'structureId'>) =>
	actor !== null && can(actor, 'read', 'youth_file', { structureId: c.structureId, networkId: null, ownerId: c.youthId });

export const authorRoleOf = (actor: Actor): AuthorRole => (actor.role === 'youth' ? 'youth' : 'staff');

/** `canUseConversation` as the two values the database checks under the lock (messaging_append). */
export interface ConversationScope {
	structureId: string;
	/** Null: any youth of the structure (staff). */
	youthId: string | null;
}

/**
 * The conversations `actor` may use, as a scope: a youth, their own conversation in their
 * structure; staff, those of their structure; anyone else, none (null). A test checks it against
 * `canUseConversation` for every role.
 */
export function conversationScopeOf(actor: Actor): ConversationScope | null {
	if (!actor.structureId) return null;
	if (actor.role === 'youth') return { structureId: actor.structureId, youthId: actor.userId };
	if (isStaff(actor)) return { structureId: actor.structureId, youthId: null };
	return null;
}

/** The attachment metadata a message's event carries (the bytes are fetched by participants). */
export interface EventAttachment {
	id: string;
	kind: AttachmentKind;
	size: number;
	name: string;
}

export interface AppendInput {
	/** The conversation, by id or by youth. */
	conversation: { id: string } | { youthId: string };
	/** Who may append: a scope checked under the lock, or 'checked' when the caller already did. */
	scope: ConversationScope | 'checked';
	id: string;
	authorId: string | null;
	authorRole: AuthorRole;
	body: string;
	now: Date;
	attachment?: EventAttachment | null;
	/** Automatic messages the youth sees at once (night replies) count as read by them. */
	readByYouth?: boolean;
	/** A message from the youth or the staff is a contact for the follow-up. */
	recordContact?: boolean;
	/** Counted (and refused while locked) in the same statement. */
	rateLimit?: { key: string; policy: RateLimitPolicy } | null;
}

export type AppendOutcome =
	| {
			status: 'created' | 'duplicate';
			message: MessageRow;
			conversation: Pick<ConversationRow, 'id' | 'youthId' | 'structureId'>;
			/** What was published ('created'), with ids: for this process's hub once committed. */
			events: RealtimeEvent[];
	  }
	| { status: 'not_found' }
	| { status: 'conflict' }
	| { status: 'rate_limited'; retryAfterSeconds: number };

interface AppendRow extends Record<string, unknown> {
	status: string;
	retry_after: number;
	m_id: string;
	m_conversation_id: string;
	m_seq: number;
	m_author_id: string | null;
	m_author_role: AuthorRole;
	m_body: string;
	m_created_at: string | Date;
	c_youth_id: string;
	c_structure_id: string;
	e_ids: (string | number | bigint)[] | null;
	e_events: RealtimeEventInput[] | string | null;
}

function publishedEvents(row: AppendRow, createdAt: Date): RealtimeEvent[] {
	const ids = row.e_ids ?? [];
	const inputs: RealtimeEventInput[] = typeof row.e_events === 'string' ? JSON.parse(row.e_events) : (row.e_events ?? []);
	if (ids.length !== inputs.length) return [];
	return inputs.map((event, i) => ({ id: Number(ids[i]), stream: event.stream, type: event.type, payload: event.payload, createdAt }));
}

/**
 * Appends one message and publishes its events in one statement (messaging.routines.sql): under
 * the conversation's row lock, idempotent on `id`. Inside a transaction, everything goes with it;
 * alone, it commits by itself.
 */
export async function appendMessageRow(db: Database, input: AppendInput): Promise<AppendOutcome> {
	const byId = 'id' in input.conversation ? input.conversation.id : null;
	const byYouth = 'youthId' in input.conversation ? input.conversation.youthId : null;
	const scope = input.scope === 'checked' ? null : input.scope;
	const rate = input.rateLimit ?? null;
	const result = await db.execute<AppendRow>(sql`select * from messaging_append(
		${byId}::uuid, ${byYouth}::uuid, ${input.scope !== 'checked'}, ${scope?.structureId ?? null}::uuid, ${scope?.youthId ?? null}::uuid,
		${input.id}::uuid, ${input.authorId}::uuid, ${input.authorRole}, ${input.body}, ${input.now.toISOString()}::timestamptz,
		${input.attachment ? JSON.stringify(input.attachment) : null}::jsonb, ${input.readByYouth ?? false}, ${input.recordContact ?? false},
		${rate?.key ?? null}, ${rate ? JSON.stringify(rate.policy) : null}::jsonb)`);
	const row = (result as unknown as { rows: AppendRow[] }).rows[0];
	if (!row) throw new Error('messaging_append returned no row');
	if (row.status === 'rate_limited') return { status: 'rate_limited', retryAfterSeconds: Number(row.retry_after) };
	if (row.status === 'not_found') return { status: 'not_found' };
	if (row.status === 'conflict') return { status: 'conflict' };
	if (row.status !== 'created' && row.status !== 'duplicate') throw new Error(`messaging_append: unknown status ${row.status}`);
	const createdAt = new Date(row.m_created_at);
	return {
		status: row.status,
		events: row.status === 'created' ? publishedEvents(row, createdAt) : [],
		message: {
			id: row.m_id,
			conversationId: row.m_conversation_id,
			seq: Number(row.m_seq),
			authorId: row.m_author_id,
			authorRole: row.m_author_role,
			body: row.m_body,
			createdAt
		},
		conversation: { id: row.m_conversation_id, youthId: row.c_youth_id, structureId: row.c_structure_id }
	};
}

/**
 * A conversation the actor may use, or null (unknown, forged or foreign ids look the same).
 * `forUpdate` takes the row lock that serialises sequence numbers.
 */
export async function findConversationFor(
	db: Database,
	actor: Actor | null,
	conversationId: string,
	options: { forUpdate?: boolean } = {}
): Promise<ConversationRow | null> {
	if (!actor || !isUuid(conversationId)) return null;
	const query = db.select().from(conversations).where(eq(conversations.id, conversationId)).limit(1);
	const [row] = options.forUpdate ? await query.for('update') : await query;
	if (!row || !canUseConversation(actor, row)) return null;
	return row;
}

export async function findConversationOfYouth(db: Database, youthId: string): Promise<ConversationRow | null> {
	const [row] = await db.select().from(conversations).where(eq(conversations.youthId, youthId)).limit(1);
	return row ?? null;
}

/** Get or create the youth's conversation (race-safe: insert … on conflict do nothing, then read). */
export async function ensureConversation(db: Database, youthId: string, structureId: string): Promise<ConversationRow> {
	// Almost always there already (every send opens it): one read, and an insert only the first time.
	const existing = await findConversationOfYouth(db, youthId);
	if (existing) return existing;
	await db.insert(conversations).values({ youthId, structureId }).onConflictDoNothing({ target: conversations.youthId });
	const row = await findConversationOfYouth(db, youthId);
	if (!row) throw new Error('messaging: conversation vanished right after its creation');
	return row;
}

export async function findMessage(db: Database, id: string): Promise<MessageRow | null> {
	const [row] = await db.select().from(messages).where(eq(messages.id, id)).limit(1);
	return row ?? null;
}

/** A stable message id for one youth of a group message: a UUID (v5 layout) from sha256(clientId, youthId). */
export function groupMessageId(clientId: string, youthId: string): string {
	const h = createHash('sha256').update(`tremplin-group-message:${clientId.toLowerCase()}:${youthId.toLowerCase()}`).digest('hex');
	const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Staff scope helper: the structure whose conversations a staff member reads, or null. */
export const staffStructureOf = (actor: Actor | null) => (actor && isStaff(actor) && actor.structureId ? actor.structureId : null);

/** Conversations of a structure (staff lists). */
export function conversationsOfStructure(db: Database, structureId: string) {
	return db
		.select()
		.from(conversations)
		.where(and(eq(conversations.structureId, structureId), sql`${conversations.nextSeq} > 0`));
}
