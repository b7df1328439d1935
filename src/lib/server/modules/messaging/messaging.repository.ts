import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { can, isStaff, type Actor } from '../../platform/access';
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
