import { and, asc, count, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Database } from '$lib/server/db/client';
import { can, requireRole, STAFF_ROLES, type Actor } from '$lib/server/platform/access';
import { DomainError } from '$lib/server/platform/errors/errors';
import { displayNames, findYouthPlace } from '../accounts';
import { postSystemMessage } from '../messaging';
import {
	commentIdReused,
	commentNotFound,
	cvNotFound,
	invalidComment,
	invalidShareDuration,
	MAX_ACTIVE_SHARE_LINKS,
	sharedCvNotFound,
	shareLinkNotFound,
	shareLinkUnavailable,
	tooManyShareLinks
} from './cv.errors';
import { photoOf, type CvPhoto } from './cv.photo';
import { CV_COMMENT_SECTIONS, cvComments, cvs, cvShareLinks, cvStaffShares } from './cv.schema';
import { CONTROL, cvContent, LONE_SURROGATE, type CvContent, type CvDraft, type CvTemplate } from './cv.validation';
import { fullName, SECTION_TITLES } from './cv.labels';
import { renderCvPdf } from './cv.pdf';

/**
 * Sharing a CV: links that show it without signing in (random token, expiry, revocation, view
 * count), sharing with the staff who follow the youth, and their comments on a section.
 *
 * - The youth's use cases check the actor is a youth and scope every query to their own CVs.
 * - The staff's use cases check the actor is staff allowed to read the youth's file now (their
 *   current Mission Locale: after a transfer the new one sees the shared CVs, the old one no
 *   longer does), then that the youth shared this CV: otherwise "not found", as for an unknown id.
 * - The public use cases only take a token: unknown, expired and revoked tokens give the same answer.
 */

type CvDeps = { db: Database; now: () => Date };

export type CvCommentSection = (typeof CV_COMMENT_SECTIONS)[number];
export { CV_COMMENT_SECTIONS };

export const SHARE_LINK_DAYS = [7, 30, 90] as const;
export type ShareLinkDays = (typeof SHARE_LINK_DAYS)[number];
export { MAX_ACTIVE_SHARE_LINKS };
export const MAX_COMMENT_LENGTH = 1000;
const DAY_MS = 86_400_000;

const uuid = z.uuid();
/** 32 random bytes in base64url: 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;


export interface ShareLinkView {
	id: string;
	token: string;
	createdAt: Date;
	expiresAt: Date;
	revokedAt: Date | null;
	viewCount: number;
	lastViewedAt: Date | null;
	/** Not revoked and not expired: the link opens the CV. */
	active: boolean;
}

export interface CommentView {
	id: string;
	section: CvCommentSection;
	body: string;
	authorName: string;
	/** The actor wrote it (staff views). */
	mine: boolean;
	createdAt: Date;
	resolvedAt: Date | null;
}

export interface SharedCv {
	cvId: string;
	name: string;
	template: CvTemplate;
	draft: CvDraft;
	/** The draft is a complete CV (first name and title): it can be downloaded as a PDF. */
	content: CvContent | null;
	hasPhoto: boolean;
	updatedAt: Date;
}

export interface StaffSharedCvItem {
	id: string;
	name: string;
	title: string;
	sharedAt: Date;
	updatedAt: Date;
	openComments: number;
}

export interface SharingState {
	sharedWithStaff: boolean;
	sharedAt: Date | null;
	/** The youth's referent, to name them on the toggle (« Partager avec Julien Moreau »). */
	referentName: string | null;
}

// ---------------------------------------------------------------------------------------------
// The youth's side

/** The actor's own CV, or "not found" (another youth's CV and an unknown id look the same). */
async function ownCv(db: Database, actor: Actor | null, cvId: string) {
	const youth = requireRole(actor, ['youth']);
	if (!uuid.safeParse(cvId).success) throw cvNotFound();
	const [row] = await db
		.select({ id: cvs.id, name: cvs.name, youthId: cvs.youthId })
		.from(cvs)
		.where(and(eq(cvs.id, cvId.toLowerCase()), eq(cvs.youthId, youth.userId)));
	if (!row) throw cvNotFound();
	return { youth, cv: row };
}

const isActive = (link: { revokedAt: Date | null; expiresAt: Date }, now: Date) => !link.revokedAt && link.expiresAt > now;

function toLinkView(row: typeof cvShareLinks.$inferSelect, now: Date): ShareLinkView {
	return {
		id: row.id,
		token: row.token,
		createdAt: row.createdAt,
		expiresAt: row.expiresAt,
		revokedAt: row.revokedAt,
		viewCount: row.viewCount,
		lastViewedAt: row.lastViewedAt,
		active: isActive(row, now)
	};
}

/** A new link for one of the youth's CVs, working `days` days (7, 30 or 90); at most 5 at a time. */
export async function createShareLink(deps: CvDeps, actor: Actor | null, cvId: string, input: { days: unknown }): Promise<ShareLinkView> {
	const { cv } = await ownCv(deps.db, actor, cvId);
	const days = Number(input.days);
	if (!SHARE_LINK_DAYS.includes(days as ShareLinkDays)) throw invalidShareDuration();
	return deps.db.transaction(async (tx) => {
		// One CV's links are created one after the other: the count below stays true.
		await tx.select({ id: cvs.id }).from(cvs).where(eq(cvs.id, cv.id)).for('update');
		const now = deps.now();
		const [{ active }] = (await tx
			.select({ active: count() })
			.from(cvShareLinks)
			.where(and(eq(cvShareLinks.cvId, cv.id), isNull(cvShareLinks.revokedAt), gt(cvShareLinks.expiresAt, now)))) as [{ active: number }];
		if (active >= MAX_ACTIVE_SHARE_LINKS) throw tooManyShareLinks();
		const [row] = await tx
			.insert(cvShareLinks)
			.values({
				id: randomUUID(),
				cvId: cv.id,
				token: randomBytes(32).toString('base64url'),
				createdAt: now,
				expiresAt: new Date(now.getTime() + days * DAY_MS)
			})
			.returning();
		return toLinkView(row!, now);
	});
}

/** The links of one of the youth's CVs, newest first (revoked and expired ones too, marked inactive). */
export async function listShareLinks(deps: CvDeps, actor: Actor | null, cvId: string): Promise<ShareLinkView[]> {
	const { cv } = await ownCv(deps.db, actor, cvId);
	const rows = await deps.db
		.select()
		.from(cvShareLinks)
		.where(eq(cvShareLinks.cvId, cv.id))
		.orderBy(desc(cvShareLinks.createdAt), desc(cvShareLinks.id))
		.limit(30);
	const now = deps.now();
	return rows.map((row) => toLinkView(row, now));
}

/** Stops a link at once (revoking it again changes nothing). */
export async function revokeShareLink(deps: CvDeps, actor: Actor | null, cvId: string, linkId: string): Promise<void> {
	const { cv } = await ownCv(deps.db, actor, cvId);
	if (!uuid.safeParse(linkId).success) throw shareLinkNotFound();
	const [link] = await deps.db
		.select({ id: cvShareLinks.id, revokedAt: cvShareLinks.revokedAt })
		.from(cvShareLinks)
		.where(and(eq(cvShareLinks.id, linkId.toLowerCase()), eq(cvShareLinks.cvId, cv.id)));
	if (!link) throw shareLinkNotFound();
	if (link.revokedAt) return;
	await deps.db
		.update(cvShareLinks)
		.set({ revokedAt: deps.now() })
		.where(and(eq(cvShareLinks.id, link.id), isNull(cvShareLinks.revokedAt)));
}

/** Whether the CV is shared with the youth's Mission Locale, and the referent's name. */
export async function getSharingState(deps: CvDeps, actor: Actor | null, cvId: string): Promise<SharingState> {
	const { youth, cv } = await ownCv(deps.db, actor, cvId);
	const [share] = await deps.db.select().from(cvStaffShares).where(eq(cvStaffShares.cvId, cv.id));
	const place = await findYouthPlace(deps.db, youth.userId);
	const referentName = place?.referentId ? ((await displayNames(deps.db, [place.referentId])).get(place.referentId) ?? null) : null;
	return { sharedWithStaff: !!share, sharedAt: share?.sharedAt ?? null, referentName };
}

/** Lets the staff who follow the youth read the CV and comment on it (sharing again changes nothing). */
export async function shareWithStaff(deps: CvDeps, actor: Actor | null, cvId: string): Promise<void> {
	const { cv } = await ownCv(deps.db, actor, cvId);
	await deps.db.insert(cvStaffShares).values({ cvId: cv.id, sharedAt: deps.now() }).onConflictDoNothing({ target: cvStaffShares.cvId });
}

/** Withdraws the staff's access (their comments stay with the CV, the youth still sees them). */
export async function unshareWithStaff(deps: CvDeps, actor: Actor | null, cvId: string): Promise<void> {
	const { cv } = await ownCv(deps.db, actor, cvId);
	await deps.db.delete(cvStaffShares).where(eq(cvStaffShares.cvId, cv.id));
}

function toCommentView(row: typeof cvComments.$inferSelect, actor: Actor): CommentView {
	return {
		id: row.id,
		section: row.section,
		body: row.body,
		authorName: row.authorName,
		mine: row.authorId === actor.userId,
		createdAt: row.createdAt,
		resolvedAt: row.resolvedAt
	};
}

/** The comments on one of the youth's CVs: open ones first, then resolved, oldest first. */
export async function listComments(deps: CvDeps, actor: Actor | null, cvId: string): Promise<CommentView[]> {
	const { youth, cv } = await ownCv(deps.db, actor, cvId);
	const rows = await deps.db
		.select()
		.from(cvComments)
		.where(eq(cvComments.cvId, cv.id))
		.orderBy(sql`${cvComments.resolvedAt} is not null`, asc(cvComments.createdAt), asc(cvComments.id))
		.limit(500);
	return rows.map((row) => toCommentView(row, youth));
}

/** Marks a comment as dealt with (`resolved: false` reopens it). */
export async function resolveComment(
	deps: CvDeps,
	actor: Actor | null,
	cvId: string,
	commentId: string,
	options: { resolved?: boolean } = {}
): Promise<void> {
	const { cv } = await ownCv(deps.db, actor, cvId);
	if (!uuid.safeParse(commentId).success) throw commentNotFound();
	const resolved = options.resolved ?? true;
	const [row] = await deps.db
		.update(cvComments)
		.set({ resolvedAt: resolved ? sql`coalesce(${cvComments.resolvedAt}, ${deps.now()})` : null })
		.where(and(eq(cvComments.id, commentId.toLowerCase()), eq(cvComments.cvId, cv.id)))
		.returning({ id: cvComments.id });
	if (!row) throw commentNotFound();
}

/** How many comments of the youth's CV are still open (for the CV's overview page). */
export async function countOpenComments(deps: CvDeps, actor: Actor | null, cvId: string): Promise<number> {
	const { cv } = await ownCv(deps.db, actor, cvId);
	const [{ open }] = (await deps.db
		.select({ open: count() })
		.from(cvComments)
		.where(and(eq(cvComments.cvId, cv.id), isNull(cvComments.resolvedAt)))) as [{ open: number }];
	return Number(open);
}

// ---------------------------------------------------------------------------------------------
// The public side (share links)

/** The address of a share link's page (origin: the site's public address). */
export function shareLinkUrl(origin: string, token: string): string {
	return `${origin}/cv/p/${token}`;
}

/** The QR code of a share link as an SVG document (dark on white, readable from a phone screen). */
export async function shareLinkQrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
}

async function sharedCvRow(db: Database, cvId: string): Promise<SharedCv> {
	const [row] = await db
		.select({ id: cvs.id, name: cvs.name, template: cvs.template, draft: cvs.draft, updatedAt: cvs.updatedAt })
		.from(cvs)
		.where(eq(cvs.id, cvId));
	if (!row) throw shareLinkUnavailable();
	const content = cvContent.safeParse(row.draft);
	const photo = await photoOf(db, row.id);
	return {
		cvId: row.id,
		name: row.name,
		template: row.template,
		draft: row.draft,
		content: content.success ? content.data : null,
		hasPhoto: !!photo,
		updatedAt: row.updatedAt
	};
}

/** The link's CV id when the token is known, not revoked and not expired; else the same "unavailable". */
async function liveLink(db: Database, token: string, now: Date): Promise<string> {
	if (typeof token !== 'string' || !TOKEN.test(token)) throw shareLinkUnavailable();
	const [link] = await db
		.select({ cvId: cvShareLinks.cvId })
		.from(cvShareLinks)
		.where(and(eq(cvShareLinks.token, token), isNull(cvShareLinks.revokedAt), gt(cvShareLinks.expiresAt, now)));
	if (!link) throw shareLinkUnavailable();
	return link.cvId;
}

/**
 * Opens a shared CV by its link's token, counting one view (atomically: concurrent openings are
 * all counted). Unknown, expired and revoked tokens all give `cv.share_unavailable`.
 */
export async function openSharedCv(deps: CvDeps, token: string): Promise<SharedCv> {
	if (typeof token !== 'string' || !TOKEN.test(token)) throw shareLinkUnavailable();
	const now = deps.now();
	const [link] = await deps.db
		.update(cvShareLinks)
		.set({ viewCount: sql`${cvShareLinks.viewCount} + 1`, lastViewedAt: now })
		.where(and(eq(cvShareLinks.token, token), isNull(cvShareLinks.revokedAt), gt(cvShareLinks.expiresAt, now)))
		.returning({ cvId: cvShareLinks.cvId });
	if (!link) throw shareLinkUnavailable();
	return sharedCvRow(deps.db, link.cvId);
}

/**
 * Messaging apps and social sites fetch a link as soon as it is pasted, to draw its preview: such
 * a fetch is not someone reading the CV and does not count as a view.
 */
const LINK_PREVIEW = /whatsapp|facebookexternalhit|facebot|meta-externalagent|telegrambot|twitterbot|slackbot|linkedinbot|discordbot|skypeuripreview|snapchat|pinterest|embedly|googlebot|bingbot|applebot|bot\/|crawler|spider|preview/i;
export const isLinkPreview = (userAgent: string | null | undefined) => !userAgent || LINK_PREVIEW.test(userAgent);

/** The same CV without counting a view (its PDF download). */
export async function readSharedCv(deps: CvDeps, token: string): Promise<SharedCv> {
	return sharedCvRow(deps.db, await liveLink(deps.db, token, deps.now()));
}

/**
 * The PDF of a shared CV (its template, its photo), without counting a view; `null` while the
 * draft is not a complete CV (no first name or title yet), when only the page can be shown.
 */
export async function sharedCvPdf(deps: CvDeps, token: string): Promise<{ bytes: Uint8Array; fileName: string } | null> {
	const shared = await readSharedCv(deps, token);
	if (!shared.content) return null;
	const photo = shared.hasPhoto ? await photoOf(deps.db, shared.cvId) : null;
	const pdf = await renderCvPdf(shared.content, { template: shared.template, photo: photo?.bytes ?? null, createdAt: deps.now() });
	return { bytes: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), fileName: `CV ${fullName(shared.content.contact)}.pdf` };
}

/** The photo of a shared CV (null when it has none), without counting a view. */
export async function sharedCvPhoto(deps: CvDeps, token: string): Promise<CvPhoto | null> {
	return photoOf(deps.db, await liveLink(deps.db, token, deps.now()));
}

// ---------------------------------------------------------------------------------------------
// The staff's side

/** The youth when the actor is staff allowed to read their file now; anyone else is refused or finds nothing. */
async function staffYouth(db: Database, actor: Actor | null, youthId: string) {
	const staff = requireRole(actor, STAFF_ROLES);
	const place = await findYouthPlace(db, youthId);
	if (!place || !can(staff, 'read', 'youth_file', { structureId: place.structureId, networkId: null, ownerId: place.id })) {
		throw sharedCvNotFound();
	}
	return { staff, youth: place };
}

/** A CV of this youth that they shared with their Mission Locale, or "not found". */
async function staffCv(db: Database, actor: Actor | null, youthId: string, cvId: string) {
	const { staff, youth } = await staffYouth(db, actor, youthId);
	if (!uuid.safeParse(cvId).success) throw sharedCvNotFound();
	const [row] = await db
		.select({ id: cvs.id, name: cvs.name, sharedAt: cvStaffShares.sharedAt })
		.from(cvs)
		.innerJoin(cvStaffShares, eq(cvStaffShares.cvId, cvs.id))
		.where(and(eq(cvs.id, cvId.toLowerCase()), eq(cvs.youthId, youth.id)));
	if (!row) throw sharedCvNotFound();
	return { staff, youth, cv: row };
}

/** The CVs a youth shared with their Mission Locale, for its staff (most recently changed first). */
export async function listSharedCvsOfYouth(deps: CvDeps, actor: Actor | null, youthId: string): Promise<StaffSharedCvItem[]> {
	const { youth } = await staffYouth(deps.db, actor, youthId);
	const rows = await deps.db
		.select({ id: cvs.id, name: cvs.name, draft: cvs.draft, sharedAt: cvStaffShares.sharedAt, updatedAt: cvs.updatedAt })
		.from(cvs)
		.innerJoin(cvStaffShares, eq(cvStaffShares.cvId, cvs.id))
		.where(eq(cvs.youthId, youth.id))
		.orderBy(desc(cvs.updatedAt), asc(cvs.name));
	const open = rows.length
		? await deps.db
				.select({ cvId: cvComments.cvId, open: count() })
				.from(cvComments)
				.where(and(inArray(cvComments.cvId, rows.map((r) => r.id)), isNull(cvComments.resolvedAt)))
				.groupBy(cvComments.cvId)
		: [];
	const openBy = new Map(open.map((o) => [o.cvId, Number(o.open)]));
	return rows.map((r) => ({ id: r.id, name: r.name, title: r.draft.title, sharedAt: r.sharedAt, updatedAt: r.updatedAt, openComments: openBy.get(r.id) ?? 0 }));
}

/** A shared CV as the staff read it. */
export async function getSharedCvForStaff(deps: CvDeps, actor: Actor | null, youthId: string, cvId: string): Promise<SharedCv & { sharedAt: Date }> {
	const { cv } = await staffCv(deps.db, actor, youthId, cvId);
	return { ...(await sharedCvRow(deps.db, cv.id)), sharedAt: cv.sharedAt };
}

/** The photo of a shared CV, for the staff who may read it. */
export async function sharedCvPhotoForStaff(deps: CvDeps, actor: Actor | null, youthId: string, cvId: string): Promise<CvPhoto | null> {
	const { cv } = await staffCv(deps.db, actor, youthId, cvId);
	return photoOf(deps.db, cv.id);
}

/** The comments on a shared CV, for the staff (oldest first). */
export async function listCommentsForStaff(deps: CvDeps, actor: Actor | null, youthId: string, cvId: string): Promise<CommentView[]> {
	const { staff, cv } = await staffCv(deps.db, actor, youthId, cvId);
	const rows = await deps.db.select().from(cvComments).where(eq(cvComments.cvId, cv.id)).orderBy(asc(cvComments.createdAt), asc(cvComments.id)).limit(500);
	return rows.map((row) => toCommentView(row, staff));
}

const commentInput = z.object({
	id: z.uuid({ error: 'Identifiant du commentaire manquant : recharge la page.' }),
	section: z.enum(CV_COMMENT_SECTIONS, { error: 'Choisissez la partie du CV concernée.' }),
	body: z
		.string({ error: 'Écrivez un commentaire.' })
		.transform((s) => s.replace(/\r\n?/g, '\n').trim())
		.pipe(
			z
				.string()
				.min(1, { error: 'Écrivez un commentaire.' })
				.max(MAX_COMMENT_LENGTH, { error: `${MAX_COMMENT_LENGTH} caractères au plus.` })
				.refine((value) => !CONTROL.test(value), { error: 'Ce texte contient un caractère invisible non autorisé.' })
				.refine((value) => !LONE_SURROGATE.test(value), { error: 'Ce texte contient un caractère mal formé.' })
		)
});

/** Where the system message about a comment is announced, from the comment's id (a retry posts nothing twice). */
function messageIdFor(commentId: string): string {
	const h = createHash('sha256').update(`cv-comment:${commentId}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const SECTION_WORDS: Record<CvCommentSection, string> = {
	general: 'l’ensemble du CV',
	contact: SECTION_TITLES.contact,
	title: 'Poste recherché',
	summary: SECTION_TITLES.summary,
	experiences: SECTION_TITLES.experiences,
	trainings: SECTION_TITLES.trainings,
	skills: SECTION_TITLES.skills,
	softSkills: SECTION_TITLES.softSkills,
	languages: SECTION_TITLES.languages,
	mobility: SECTION_TITLES.mobility,
	interests: SECTION_TITLES.interests
};

/**
 * A staff member's comment on a section of a shared CV. Idempotent on the comment's id (from the
 * form): sent twice, it is stored once. The youth is told in their conversation.
 */
export async function addComment(
	deps: CvDeps,
	actor: Actor | null,
	youthId: string,
	cvId: string,
	raw: { id: unknown; section: unknown; body: unknown }
): Promise<{ comment: CommentView; created: boolean }> {
	const { staff, youth, cv } = await staffCv(deps.db, actor, youthId, cvId);
	const parsed = commentInput.safeParse(raw);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const issue of parsed.error.issues) {
			const key = String(issue.path[0] ?? 'body');
			fields[key] ??= issue.message;
		}
		throw invalidComment(fields);
	}
	const input = parsed.data;
	const id = input.id.toLowerCase();
	const authorName = (await displayNames(deps.db, [staff.userId])).get(staff.userId) || 'Votre conseiller·e';
	const [row] = await deps.db
		.insert(cvComments)
		.values({ id, cvId: cv.id, authorId: staff.userId, authorName, section: input.section, body: input.body, createdAt: deps.now() })
		.onConflictDoNothing({ target: cvComments.id })
		.returning();
	if (!row) {
		const [existing] = await deps.db.select().from(cvComments).where(eq(cvComments.id, id));
		if (existing && existing.cvId === cv.id && existing.authorId === staff.userId) return { comment: toCommentView(existing, staff), created: false };
		throw commentIdReused();
	}
	try {
		await postSystemMessage(deps, {
			youthId: youth.id,
			id: messageIdFor(id),
			body: `${authorName} a laissé un commentaire sur ton CV « ${cv.name} » (${SECTION_WORDS[input.section]}). Tu le trouves dans Mes CV › ${cv.name} › Commentaires.`
		});
	} catch (error) {
		// The comment is stored; a missing notice must not make the counselor send it again.
		if (!(error instanceof DomainError)) throw error;
	}
	return { comment: toCommentView(row, staff), created: true };
}

// ---------------------------------------------------------------------------------------------

/** Links expired or revoked more than 90 days ago are deleted (their count no longer matters). */
export async function purgeOldShareLinks(db: Database, now: Date): Promise<void> {
	const before = new Date(now.getTime() - 90 * DAY_MS);
	await db.delete(cvShareLinks).where(or(lt(cvShareLinks.expiresAt, before), lt(cvShareLinks.revokedAt, before)));
}
