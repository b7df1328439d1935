import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { DomainError } from '$lib/server/platform/errors/errors';
import { purgeExpired } from '$lib/server/platform/maintenance/maintenance';
import { actorOf, aProfessional, aYouth, aWorld, type World } from '$lib/server/testing/world';
import { moveYouthToStructure } from '../accounts';
import { messages } from '../messaging/messaging.schema';
import { aCv } from './cv.fixtures';
import { cvShareLinks, cvs } from './cv.schema';
import {
	addComment,
	countOpenComments,
	createShareLink,
	getSharedCvForStaff,
	getSharingState,
	isLinkPreview,
	listComments,
	listCommentsForStaff,
	listShareLinks,
	listSharedCvsOfYouth,
	MAX_ACTIVE_SHARE_LINKS,
	openSharedCv,
	readSharedCv,
	resolveComment,
	revokeShareLink,
	sharedCvPdf,
	sharedCvPhoto,
	sharedCvPhotoForStaff,
	setCvPhoto,
	shareWithStaff,
	unshareWithStaff
} from './index';

let handle: DatabaseHandle;
let world: World;
let otherYouth: Actor;
let clock = new Date('2026-11-22T10:00:00Z');
const deps = () => ({ db: handle.db, now: () => clock });
const DAY = 86_400_000;

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
	otherYouth = { userId: world.youths.otherYouth.id, role: 'youth', structureId: world.youths.otherYouth.structureId, networkId: null, companyId: null };
});
afterAll(() => handle.close());

const codeOf = async (promise: Promise<unknown>) => {
	try {
		await promise;
		return 'ok';
	} catch (error) {
		return error instanceof DomainError ? error.code : String(error);
	}
};

/** A CV of the world's youth (Karim), complete, with `overrides` in its content. */
async function aStoredCv(actor: Actor = world.actors.youth, overrides: Parameters<typeof aCv>[0] = {}) {
	// Straight into the table: these tests make more CVs than one youth may have.
	const [cv] = await handle.db.insert(cvs).values({ id: randomUUID(), youthId: actor.userId, name: 'CV vente', draft: aCv(overrides) }).returning();
	return cv!;
}

describe('share links', () => {
	it('are unguessable: 43 base64url characters (256 bits), all different', async () => {
		const cv = await aStoredCv();
		const tokens = new Set<string>();
		for (let i = 0; i < MAX_ACTIVE_SHARE_LINKS; i++) {
			const link = await createShareLink(deps(), world.actors.youth, cv.id, { days: 7 });
			expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
			tokens.add(link.token);
		}
		expect(tokens.size).toBe(MAX_ACTIVE_SHARE_LINKS);
		// Crude entropy check over all characters: no visible bias.
		const chars = new Set([...tokens].join(''));
		expect(chars.size).toBeGreaterThan(40);
	});

	it('open the CV without signing in until they expire, and count every opening', async () => {
		const cv = await aStoredCv(world.actors.youth, { title: 'Vendeuse en boulangerie' });
		const link = await createShareLink(deps(), world.actors.youth, cv.id, { days: 7 });
		expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(7 * DAY);
		const shared = await openSharedCv(deps(), link.token);
		expect(shared.draft.title).toBe('Vendeuse en boulangerie');
		expect(shared.content?.title).toBe('Vendeuse en boulangerie');
		expect(shared.hasPhoto).toBe(false);
		expect(await sharedCvPhoto(deps(), link.token)).toBeNull();
		// The PDF's reading does not count.
		await readSharedCv(deps(), link.token);
		expect((await listShareLinks(deps(), world.actors.youth, cv.id))[0]).toMatchObject({ viewCount: 1, active: true });

		const saved = clock;
		clock = new Date(saved.getTime() + 7 * DAY - 1000);
		expect(await codeOf(openSharedCv(deps(), link.token))).toBe('ok');
		clock = new Date(saved.getTime() + 7 * DAY + 1000);
		expect(await codeOf(openSharedCv(deps(), link.token))).toBe('cv.share_unavailable');
		expect(await codeOf(readSharedCv(deps(), link.token))).toBe('cv.share_unavailable');
		expect(await codeOf(sharedCvPhoto(deps(), link.token))).toBe('cv.share_unavailable');
		expect((await listShareLinks(deps(), world.actors.youth, cv.id))[0]).toMatchObject({ viewCount: 2, active: false });
		clock = saved;
	});

	it('know the previews messaging apps draw from a pasted link (not counted as views)', () => {
		for (const ua of ['WhatsApp/2.23.20.0 A', 'facebookexternalhit/1.1', 'TelegramBot (like TwitterBot)', 'Slackbot-LinkExpanding 1.0', 'LinkedInBot/1.0', '', null]) {
			expect(isLinkPreview(ua)).toBe(true);
		}
		expect(isLinkPreview('Mozilla/5.0 (Linux; Android 13; SM-A136B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Mobile Safari/537.36')).toBe(false);
		expect(isLinkPreview('Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1')).toBe(false);
	});

	it('counts concurrent openings exactly', async () => {
		const cv = await aStoredCv();
		const link = await createShareLink(deps(), world.actors.youth, cv.id, { days: 30 });
		await Promise.all(Array.from({ length: 25 }, () => openSharedCv(deps(), link.token)));
		const [row] = await handle.db.select().from(cvShareLinks).where(eq(cvShareLinks.id, link.id));
		expect(row!.viewCount).toBe(25);
		expect(row!.lastViewedAt).toEqual(clock);
	});

	it('stop at once when revoked; unknown, malformed, expired and revoked tokens look the same', async () => {
		const cv = await aStoredCv();
		const link = await createShareLink(deps(), world.actors.youth, cv.id, { days: 90 });
		await openSharedCv(deps(), link.token);
		await revokeShareLink(deps(), world.actors.youth, cv.id, link.id);
		await revokeShareLink(deps(), world.actors.youth, cv.id, link.id); // again: nothing changes
		expect(await codeOf(openSharedCv(deps(), link.token))).toBe('cv.share_unavailable');
		const fake = link.token.slice(0, 42) + (link.token.endsWith('A') ? 'B' : 'A');
		for (const token of [fake, '', 'x', link.token + 'x', "' or 1=1 --", '../../etc/passwd']) {
			expect(await codeOf(openSharedCv(deps(), token))).toBe('cv.share_unavailable');
		}
		const [row] = await handle.db.select().from(cvShareLinks).where(eq(cvShareLinks.id, link.id));
		expect(row!.viewCount).toBe(1);
	});

	it('accept 7, 30 or 90 days only, and at most 5 active links per CV', async () => {
		const cv = await aStoredCv();
		for (const days of [0, 1, 365, 'abc', null, -7]) {
			expect(await codeOf(createShareLink(deps(), world.actors.youth, cv.id, { days }))).toBe('cv.share_invalid_duration');
		}
		const links = [];
		for (let i = 0; i < MAX_ACTIVE_SHARE_LINKS; i++) links.push(await createShareLink(deps(), world.actors.youth, cv.id, { days: '30' }));
		expect(await codeOf(createShareLink(deps(), world.actors.youth, cv.id, { days: 30 }))).toBe('cv.share_too_many_links');
		await revokeShareLink(deps(), world.actors.youth, cv.id, links[0]!.id);
		expect(await codeOf(createShareLink(deps(), world.actors.youth, cv.id, { days: 30 }))).toBe('ok');
	});

	it('belong to their youth only', async () => {
		const cv = await aStoredCv();
		const link = await createShareLink(deps(), world.actors.youth, cv.id, { days: 7 });
		expect(await codeOf(createShareLink(deps(), otherYouth, cv.id, { days: 7 }))).toBe('cv.not_found');
		expect(await codeOf(listShareLinks(deps(), otherYouth, cv.id))).toBe('cv.not_found');
		expect(await codeOf(revokeShareLink(deps(), otherYouth, cv.id, link.id))).toBe('cv.not_found');
		// A link of another CV, even the youth's own, is not revoked through this one.
		const other = await aStoredCv();
		expect(await codeOf(revokeShareLink(deps(), world.actors.youth, other.id, link.id))).toBe('cv.share_link_not_found');
		for (const actor of [world.actors.counselor, world.actors.manager, world.actors.admin]) {
			expect(await codeOf(createShareLink(deps(), actor, cv.id, { days: 7 }))).toBe('access.forbidden');
		}
		expect(await codeOf(openSharedCv(deps(), link.token))).toBe('ok');
	});

	it('give a clean PDF of a CV with markup, emoji and long texts, and none while the draft is incomplete', async () => {
		const cv = await aStoredCv(world.actors.youth, {
			title: 'Vendeur <script>alert(1)</script> 🛒',
			summary: `${'Très motivé, ponctuel et souriant. '.repeat(19)}`.trim().slice(0, 700),
			skills: ['<b>Encaissement</b>', 'Mise en rayon 👍']
		});
		const link = await createShareLink(deps(), world.actors.youth, cv.id, { days: 7 });
		const file = await sharedCvPdf(deps(), link.token);
		expect(Buffer.from(file!.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
		expect(file!.fileName).toBe('CV Inès Haddad.pdf');
		const [before] = await handle.db.select().from(cvShareLinks).where(eq(cvShareLinks.id, link.id));
		expect(before!.viewCount).toBe(0);

		await handle.db.update(cvs).set({ draft: { ...aCv(), title: '' } }).where(eq(cvs.id, cv.id));
		expect(await sharedCvPdf(deps(), link.token)).toBeNull();
		expect((await openSharedCv(deps(), link.token)).content).toBeNull();
		await revokeShareLink(deps(), world.actors.youth, cv.id, link.id);
		expect(await codeOf(sharedCvPdf(deps(), link.token))).toBe('cv.share_unavailable');
	});

	it('show the CV’s photo while the link works', async () => {
		const cv = await aStoredCv();
		const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#886644' } }).jpeg().toBuffer();
		await setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(jpeg));
		const link = await createShareLink(deps(), world.actors.youth, cv.id, { days: 7 });
		expect((await openSharedCv(deps(), link.token)).hasPhoto).toBe(true);
		const photo = await sharedCvPhoto(deps(), link.token);
		expect(photo?.bytes[0]).toBe(0xff);
		await revokeShareLink(deps(), world.actors.youth, cv.id, link.id);
		expect(await codeOf(sharedCvPhoto(deps(), link.token))).toBe('cv.share_unavailable');
	});

	it('are deleted 90 days after they stopped working', async () => {
		const cv = await aStoredCv();
		const link = await createShareLink(deps(), world.actors.youth, cv.id, { days: 7 });
		await purgeExpired(handle.db, new Date(clock.getTime() + 90 * DAY));
		expect(await handle.db.select().from(cvShareLinks).where(eq(cvShareLinks.id, link.id))).toHaveLength(1);
		await purgeExpired(handle.db, new Date(clock.getTime() + 98 * DAY));
		expect(await handle.db.select().from(cvShareLinks).where(eq(cvShareLinks.id, link.id))).toHaveLength(0);
	});
});

describe('sharing with the Mission Locale and comments', () => {
	it('staff see nothing until the youth shares, then read and comment; withdrawing closes it again', async () => {
		const cv = await aStoredCv();
		const youthId = world.youths.youth.id;
		expect(await listSharedCvsOfYouth(deps(), world.actors.counselor, youthId)).toEqual([]);
		expect(await codeOf(getSharedCvForStaff(deps(), world.actors.counselor, youthId, cv.id))).toBe('cv.shared_not_found');
		expect(await codeOf(addComment(deps(), world.actors.counselor, youthId, cv.id, { id: randomUUID(), section: 'general', body: 'Bien' }))).toBe(
			'cv.shared_not_found'
		);

		const state = await getSharingState(deps(), world.actors.youth, cv.id);
		expect(state).toMatchObject({ sharedWithStaff: false, referentName: 'Camille Martin' });
		await shareWithStaff(deps(), world.actors.youth, cv.id);
		await shareWithStaff(deps(), world.actors.youth, cv.id);
		expect((await getSharingState(deps(), world.actors.youth, cv.id)).sharedWithStaff).toBe(true);

		// Every staff member of Karim's Mission Locale, not only his referent.
		for (const actor of [world.actors.counselor, world.actors.counselor2, world.actors.manager]) {
			const list = await listSharedCvsOfYouth(deps(), actor, youthId);
			expect(list.map((c) => c.id)).toContain(cv.id);
			expect((await getSharedCvForStaff(deps(), actor, youthId, cv.id)).draft.contact.firstName).toBe('Inès');
		}
		// Anyone else: refused or not found.
		for (const actor of [world.actors.otherCounselor, world.actors.otherManager, world.actors.farCounselor]) {
			expect(await codeOf(getSharedCvForStaff(deps(), actor, youthId, cv.id))).toBe('cv.shared_not_found');
			expect(await codeOf(listSharedCvsOfYouth(deps(), actor, youthId))).toBe('cv.shared_not_found');
			expect(await codeOf(listCommentsForStaff(deps(), actor, youthId, cv.id))).toBe('cv.shared_not_found');
		}
		for (const actor of [world.actors.mentor, world.actors.companyContact, world.actors.admin, world.actors.referent, otherYouth]) {
			expect(await codeOf(getSharedCvForStaff(deps(), actor, youthId, cv.id))).toBe('access.forbidden');
		}
		// The CV id with another youth of the same structure: not found.
		expect(await codeOf(getSharedCvForStaff(deps(), world.actors.counselor, world.youths.youthOfColleague.id, cv.id))).toBe('cv.shared_not_found');

		expect(await sharedCvPhotoForStaff(deps(), world.actors.counselor, youthId, cv.id)).toBeNull();
		expect(await codeOf(sharedCvPhotoForStaff(deps(), world.actors.otherCounselor, youthId, cv.id))).toBe('cv.shared_not_found');

		await unshareWithStaff(deps(), world.actors.youth, cv.id);
		expect(await codeOf(getSharedCvForStaff(deps(), world.actors.counselor, youthId, cv.id))).toBe('cv.shared_not_found');
		expect(await codeOf(sharedCvPhotoForStaff(deps(), world.actors.counselor, youthId, cv.id))).toBe('cv.shared_not_found');
		expect(await codeOf(shareWithStaff(deps(), otherYouth, cv.id))).toBe('cv.not_found');
	});

	it('comments are idempotent on their id, validated, seen and resolved by the youth', async () => {
		const cv = await aStoredCv();
		const youthId = world.youths.youth.id;
		await shareWithStaff(deps(), world.actors.youth, cv.id);
		const id = randomUUID();
		const first = await addComment(deps(), world.actors.counselor, youthId, cv.id, { id, section: 'experiences', body: '  Ajoute tes dates de stage.  ' });
		const again = await addComment(deps(), world.actors.counselor, youthId, cv.id, { id, section: 'experiences', body: 'Autre texte' });
		expect(first.created).toBe(true);
		expect(again).toMatchObject({ created: false, comment: { id, body: 'Ajoute tes dates de stage.' } });
		expect(first.comment).toMatchObject({ section: 'experiences', authorName: 'Camille Martin', mine: true });
		// The youth is told once in their conversation, even though the form was sent twice.
		const notices = await handle.db.select().from(messages).where(like(messages.body, `%commentaire sur ton CV « CV vente » (Expériences)%`));
		expect(notices).toHaveLength(1);
		clock = new Date(clock.getTime() + 60_000);
		// The same id from a colleague is not a retry.
		expect(await codeOf(addComment(deps(), world.actors.counselor2, youthId, cv.id, { id, section: 'general', body: 'x' }))).toBe('cv.comment_id_reused');

		const bad = [
			{ id: randomUUID(), section: 'experiences', body: '   ' },
			{ id: randomUUID(), section: 'experiences', body: 'x'.repeat(1001) },
			{ id: randomUUID(), section: 'experiences', body: 'Bonjour\u0000' },
			{ id: randomUUID(), section: 'experiences', body: 'Mal formé \ud800' },
			{ id: randomUUID(), section: 'photo', body: 'Section inconnue' },
			{ id: 'pas-un-id', section: 'general', body: 'Sans id' },
			{ id: randomUUID(), section: 'general', body: 42 }
		];
		for (const input of bad) expect(await codeOf(addComment(deps(), world.actors.counselor, youthId, cv.id, input))).toBe('cv.comment_invalid');
		const emoji = await addComment(deps(), world.actors.counselor, youthId, cv.id, {
			id: randomUUID(),
			section: 'general',
			body: 'Très bien 👍\n<script>alert(1)</script>'
		});
		expect(emoji.comment.body).toBe('Très bien 👍\n<script>alert(1)</script>');
		expect(await codeOf(addComment(deps(), world.actors.counselor, youthId, cv.id, { id: randomUUID(), section: 'general', body: 'x'.repeat(1000) }))).toBe('ok');

		expect(await countOpenComments(deps(), world.actors.youth, cv.id)).toBe(3);
		const seen = await listComments(deps(), world.actors.youth, cv.id);
		expect(seen.map((c) => c.id)[0]).toBe(id);
		expect(seen.every((c) => !c.mine)).toBe(true);

		await resolveComment(deps(), world.actors.youth, cv.id, id);
		await resolveComment(deps(), world.actors.youth, cv.id, id);
		expect(await countOpenComments(deps(), world.actors.youth, cv.id)).toBe(2);
		const after = await listComments(deps(), world.actors.youth, cv.id);
		expect(after.at(-1)).toMatchObject({ id, resolvedAt: clock });
		expect((await listSharedCvsOfYouth(deps(), world.actors.counselor, youthId)).find((c) => c.id === cv.id)?.openComments).toBe(2);
		await resolveComment(deps(), world.actors.youth, cv.id, id, { resolved: false });
		expect(await countOpenComments(deps(), world.actors.youth, cv.id)).toBe(3);

		// Another youth cannot read or resolve them; a comment id of another CV is not found.
		expect(await codeOf(listComments(deps(), otherYouth, cv.id))).toBe('cv.not_found');
		expect(await codeOf(resolveComment(deps(), otherYouth, cv.id, id))).toBe('cv.not_found');
		expect(await codeOf(countOpenComments(deps(), otherYouth, cv.id))).toBe('cv.not_found');
		const other = await aStoredCv();
		expect(await codeOf(resolveComment(deps(), world.actors.youth, other.id, id))).toBe('cv.comment_not_found');
		expect(await codeOf(resolveComment(deps(), world.actors.youth, cv.id, 'nope'))).toBe('cv.comment_not_found');

		// Withdrawn: the youth keeps the comments, the staff lose the CV.
		await unshareWithStaff(deps(), world.actors.youth, cv.id);
		expect(await listComments(deps(), world.actors.youth, cv.id)).toHaveLength(3);
		expect(await codeOf(listCommentsForStaff(deps(), world.actors.counselor, youthId, cv.id))).toBe('cv.shared_not_found');
	});

	it('follows the youth after a transfer: the new Mission Locale sees the shared CV, the old one no longer does', async () => {
		const counselor = await aProfessional(handle.db, 'counselor', { structureId: world.structures.lyon.id });
		const youth = await aYouth(handle.db, world.structures.lyon.id, counselor.id, { firstName: 'Yanis' });
		const actor: Actor = { userId: youth.id, role: 'youth', structureId: youth.structureId, networkId: null, companyId: null };
		const cv = await aStoredCv(actor);
		await shareWithStaff(deps(), actor, cv.id);
		const lyonCounselor = actorOf(counselor, world.networks.rhone.id);
		expect(await codeOf(getSharedCvForStaff(deps(), lyonCounselor, youth.id, cv.id))).toBe('ok');
		await handle.db.transaction((tx) => moveYouthToStructure(tx as never, { youthId: youth.id, toStructureId: world.structures.villeurbanne.id, at: clock }));
		expect(await codeOf(getSharedCvForStaff(deps(), lyonCounselor, youth.id, cv.id))).toBe('cv.shared_not_found');
		expect(await codeOf(getSharedCvForStaff(deps(), world.actors.otherCounselor, youth.id, cv.id))).toBe('ok');
	});
});
