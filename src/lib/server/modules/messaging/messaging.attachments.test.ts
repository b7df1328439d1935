import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { realtimeEvents } from '$lib/server/platform/realtime';
import { actorOf, aProfessional, aSite, aWorld, aYouth, type World } from '$lib/server/testing/world';
import { attachmentQuota, MAX_ATTACHMENT_BYTES, pdfProblem, sanitizeFileName } from './messaging.attachments';
import { aConversation } from './messaging.fixtures';
import { getAttachment, listMessages } from './messaging.queries';
import { messageAttachments, messages } from './messaging.schema';
import { conversationStream } from './messaging.streams';
import { sendMessage } from './messaging.usecases';

let handle: DatabaseHandle;
let deps: Deps;
const clock = new Date('2025-03-10T09:00:00Z');
let w: World;

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	w = await aWorld(deps.db);
	const allDay = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '24:00' }));
	for (const s of Object.values(w.structures)) await aSite(deps.db, s.id, { openingHours: allDay });
});
afterAll(() => handle.close());

/** A phone photo: 2400×1200 stored sideways (EXIF orientation 6), with a camera model and GPS position. */
async function phonePhoto(): Promise<Uint8Array> {
	const data = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#3a7' } })
		.jpeg()
		.withMetadata({
			orientation: 6,
			exif: {
				IFD0: { Make: 'PhoneMaker', Model: 'Cheap 3000' },
				IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 45/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '4/1 50/1 0/1' }
			}
		})
		.toBuffer();
	return new Uint8Array(data);
}

const pdf = (body: string) =>
	new Uint8Array(Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n${body}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1'));

async function freshYouth() {
	const y = await aYouth(deps.db, w.structures.lyon.id, w.people.counselor.id, { firstName: 'Sami', lastName: `P${randomUUID().slice(0, 6)}` });
	const actor: Actor = actorOf({ id: y.id, role: 'youth', structureId: y.structureId, networkId: null, companyId: null });
	const conversation = await aConversation(deps, actor, y.id);
	return { youthId: y.id, actor, conversation };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	return error as DomainError;
}

const storedCount = async () => (await deps.db.select({ n: count() }).from(messageAttachments))[0]!.n;

describe('attachments', () => {
	it('re-encodes a phone photo: upright, at most 1600 px, every metadata block (GPS included) gone', async () => {
		const { actor, conversation } = await freshYouth();
		const original = await phonePhoto();
		expect((await sharp(original).metadata()).exif).toBeDefined();
		expect(Buffer.from(original).includes('PhoneMaker')).toBe(true);
		const sent = await sendMessage(deps, actor, {
			conversationId: conversation.id,
			clientId: randomUUID(),
			body: '',
			attachment: { bytes: original, name: 'C:\\Users\\moi\\IMG_2041.HEIC.jpg' }
		});
		expect(sent.message.body).toBe('');
		expect(sent.message.attachment).toMatchObject({ kind: 'image', contentType: 'image/jpeg', width: 800, height: 1600, fileName: 'IMG_2041.HEIC.jpg' });
		const file = await getAttachment(deps, actor, sent.message.attachment!.id);
		const meta = await sharp(file.data).metadata();
		expect(meta).toMatchObject({ format: 'jpeg', width: 800, height: 1600 });
		expect(meta.exif).toBeUndefined();
		expect(meta.xmp).toBeUndefined();
		expect(meta.icc).toBeUndefined();
		expect(meta.orientation).toBeUndefined();
		expect(Buffer.from(file.data).includes('PhoneMaker')).toBe(false);
		// The list and the realtime event carry the metadata, never the bytes.
		const page = await listMessages(deps, actor, conversation.id);
		expect(page.messages[0]!.attachment).toEqual(sent.message.attachment);
		const [event] = await deps.db.select().from(realtimeEvents).where(eq(realtimeEvents.stream, conversationStream(conversation.id)));
		expect((event!.payload as { attachment: unknown }).attachment).toEqual({
			id: sent.message.attachment!.id,
			kind: 'image',
			size: sent.message.attachment!.byteSize,
			name: 'IMG_2041.HEIC.jpg'
		});
		expect(JSON.stringify(event!.payload).length).toBeLessThan(1000);
	});

	it('keeps transparency as WebP and accepts a plain PDF with text', async () => {
		const { actor, conversation } = await freshYouth();
		const png = new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer());
		const image = await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Logo', attachment: { bytes: png, name: 'logo.png' } });
		expect(image.message.attachment).toMatchObject({ contentType: 'image/webp', fileName: 'logo.webp', width: 40, height: 30 });
		const doc = await sendMessage(deps, w.actors.counselor, {
			conversationId: conversation.id,
			clientId: randomUUID(),
			body: 'Voici la fiche',
			attachment: { bytes: pdf('2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj'), name: 'Fiche métier.pdf' }
		});
		expect(doc.message.attachment).toMatchObject({ kind: 'pdf', contentType: 'application/pdf', fileName: 'Fiche métier.pdf', width: null });
	});

	it('refuses bad files with a French reason and stores nothing', async () => {
		const { actor, conversation } = await freshYouth();
		const jpeg = await phonePhoto();
		const exe = new Uint8Array(Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(2000, 7)]));
		const svg = new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'));
		const gif = new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer());
		const hiddenJs = pdf(`3 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n${deflateSync('<< /S /JavaScript /JS (app.alert(1)) >>').toString('latin1')}\nendstream\nendobj`);
		const cases: [string, Uint8Array, string, RegExp][] = [
			['empty', new Uint8Array(0), 'vide.jpg', /vide/],
			['exe renamed', exe, 'photo.jpg', /ni une image/],
			['truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'photo.jpg', /abîmée ou incomplète/],
			['PDF with /JavaScript', pdf('4 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj'), 'cv.pdf', /contenu actif/],
			['PDF with escaped name', pdf('4 0 obj << /S /J#61vaScript >> endobj'), 'cv.pdf', /contenu actif/],
			['PDF with /Launch', pdf('4 0 obj << /S /Launch /F (cmd.exe) >> endobj'), 'cv.pdf', /contenu actif/],
			['PDF with embedded file', pdf('4 0 obj << /Type /EmbeddedFile >> endobj'), 'cv.pdf', /contenu actif/],
			['PDF hiding JS in a compressed stream', hiddenJs, 'cv.pdf', /contenu actif/],
			['truncated PDF', pdf('').subarray(0, 40), 'cv.pdf', /incomplet/],
			['SVG', svg, 'dessin.jpg', /ni une image|pas accepté/],
			['GIF', gif, 'anim.gif', /pas accepté/],
			['too big', new Uint8Array(MAX_ATTACHMENT_BYTES + 1), 'gros.jpg', /trop lourd/]
		];
		const before = await storedCount();
		for (const [name, bytes, fileName, reason] of cases) {
			const error = await refusal(
				sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Avec fichier', attachment: { bytes, name: fileName } })
			);
			expect(error.code, name).toBe('messaging.invalid_attachment');
			expect(error.kind, name).toBe('invalid');
			expect(error.fields.file, name).toMatch(reason);
		}
		expect(await storedCount()).toBe(before);
		expect((await deps.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, conversation.id)))[0]!.n).toBe(0);
		// No text and no file: the usual "empty message".
		expect((await refusal(sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: ' ' }))).code).toBe(
			'messaging.invalid_message'
		);
	});

	it('a retry with the same client id stores one message and one file', async () => {
		const { actor, conversation } = await freshYouth();
		const clientId = randomUUID();
		const bytes = await phonePhoto();
		const first = await sendMessage(deps, actor, { conversationId: conversation.id, clientId, body: 'Ma photo', attachment: { bytes, name: 'a.jpg' } });
		const again = await sendMessage(deps, actor, { conversationId: conversation.id, clientId, body: 'Ma photo', attachment: { bytes, name: 'a.jpg' } });
		expect(first.created).toBe(true);
		expect(again.created).toBe(false);
		expect(again.message.attachment?.id).toBe(first.message.attachment?.id);
		const rows = await deps.db
			.select({ n: count() })
			.from(messageAttachments)
			.innerJoin(messages, eq(messages.id, messageAttachments.messageId))
			.where(eq(messages.conversationId, conversation.id));
		expect(rows[0]!.n).toBe(1);
	});

	it('caps the bytes a person attaches per hour, then refuses the whole message', async () => {
		const { actor, conversation } = await freshYouth();
		const bytes = await phonePhoto();
		const saved = attachmentQuota.bytesPerHour;
		try {
			const first = await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: '', attachment: { bytes, name: 'a.jpg' } });
			attachmentQuota.bytesPerHour = first.message.attachment!.byteSize * 2 - 1;
			const error = await refusal(
				sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Encore', attachment: { bytes, name: 'b.jpg' } })
			);
			expect(error.code).toBe('messaging.attachment_quota');
			expect(error.kind).toBe('rate_limited');
			expect((await listMessages(deps, actor, conversation.id)).messages).toHaveLength(1);
			// Text messages still go through.
			await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Sans fichier' });
		} finally {
			attachmentQuota.bytesPerHour = saved;
		}
	});

	it('keeps the hourly allowance when files go to several conversations at the same moment', async () => {
		// A counselor of their own (the allowance is per person), sending to four youths.
		const person = await aProfessional(deps.db, 'counselor', { structureId: w.structures.lyon.id }, { firstName: 'Inès' });
		const counselor = actorOf({ id: person.id, role: 'counselor', structureId: w.structures.lyon.id, networkId: null, companyId: null });
		const conversations = [];
		for (const n of [1, 2, 3, 4]) {
			const y = await aYouth(deps.db, w.structures.lyon.id, person.id, { firstName: 'Sami', lastName: `Q${n}${randomUUID().slice(0, 4)}` });
			conversations.push(await aConversation(deps, counselor, y.id));
		}
		const bytes = await phonePhoto();
		const saved = attachmentQuota.bytesPerHour;
		const send = (conversationId: string, name: string) =>
			sendMessage(deps, counselor, { conversationId, clientId: randomUUID(), body: '', attachment: { bytes, name } });
		try {
			// Room for one more photo after the first, not for two.
			const first = await send(conversations[0]!.id, 'a.jpg');
			attachmentQuota.bytesPerHour = first.message.attachment!.byteSize * 2 + 10;
			const results = await Promise.allSettled(conversations.slice(1).map((c, i) => send(c.id, `${i}.jpg`)));
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			for (const r of results) {
				if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('messaging.attachment_quota');
			}
			const [stored] = await deps.db.select({ n: count() }).from(messageAttachments).where(eq(messageAttachments.uploaderId, person.id));
			expect(stored!.n).toBe(2);
		} finally {
			attachmentQuota.bytesPerHour = saved;
		}
	});

	it('serves the file to the conversation’s participants only; everyone else and forged ids: not found', async () => {
		const { actor, conversation } = await freshYouth();
		const sent = await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: '', attachment: { bytes: await phonePhoto(), name: 'p.jpg' } });
		const id = sent.message.attachment!.id;
		for (const reader of [actor, w.actors.counselor, w.actors.counselor2, w.actors.manager]) {
			expect((await getAttachment(deps, reader, id)).contentType).toBe('image/jpeg');
		}
		const youthB = actorOf({ id: w.youths.youthOfColleague.id, role: 'youth', structureId: w.structures.lyon.id, networkId: null, companyId: null });
		const outsiders: (Actor | null)[] = [
			youthB,
			w.actors.youth,
			w.actors.otherCounselor,
			w.actors.otherManager,
			w.actors.farCounselor,
			w.actors.referent,
			w.actors.mentor,
			w.actors.companyContact,
			w.actors.admin,
			null
		];
		for (const outsider of outsiders) {
			expect((await refusal(getAttachment(deps, outsider, id))).kind).toBe('not_found');
		}
		for (const forged of [randomUUID(), 'abc', '', `${id}'--`, sent.message.id]) {
			expect((await refusal(getAttachment(deps, actor, forged))).kind).toBe('not_found');
		}
	});
});

describe('attachment helpers', () => {
	it('sanitizes names', () => {
		expect(sanitizeFileName('../../etc/passwd', 'pdf', 'document')).toBe('passwd.pdf');
		expect(sanitizeFileName('mon\u202Egpj.exe', 'jpg', 'photo')).toBe('mongpj.jpg');
		expect(sanitizeFileName('', 'jpg', 'photo')).toBe('photo.jpg');
		expect(sanitizeFileName('"a<b>".pdf', 'pdf', 'document')).toBe('ab.pdf');
		expect(sanitizeFileName('x'.repeat(500), 'pdf', 'document')).toHaveLength(104);
	});

	it('finds no problem in a plain PDF', () => {
		expect(pdfProblem(pdf('2 0 obj << /Type /Pages /Kids [] /Count 0 /JSON (x) >> endobj'))).toBeNull();
	});

	const flate = (n: number, content: string | Buffer, dict = '/Filter /FlateDecode') =>
		`${n} 0 obj << ${dict} >>\nstream\n${deflateSync(content).toString('latin1')}\nendstream\nendobj`;

	it('looks into every compressed stream, truncated ones too, and object streams disguised as images', () => {
		const secondStream = pdf(`${flate(3, 'BT (Bonjour) Tj ET')}\n${flate(4, '<< /S /JavaScript /JS (x) >>')}`);
		expect(pdfProblem(secondStream)).toMatch(/contenu actif/);
		const full = deflateSync('<< /S /Launch /F (cmd) >>');
		const truncated = pdf(`5 0 obj << /Filter /FlateDecode >>\nstream\n${full.subarray(0, full.length - 4).toString('latin1')}\nendstream\nendobj`);
		expect(pdfProblem(truncated)).toMatch(/contenu actif/);
		expect(pdfProblem(pdf(flate(6, '1 0 << /JS (x) >>', '/Subtype /Image /N 1 /First 4 /Filter /FlateDecode')))).toMatch(/contenu actif/);
	});

	it('skips large image streams, refuses what would inflate beyond the cap', () => {
		const image = pdf(flate(7, Buffer.alloc(80_000_000, 3), '/Type /XObject /Subtype /Image /Filter /FlateDecode'));
		expect(pdfProblem(image)).toBeNull();
		expect(pdfProblem(pdf(flate(8, Buffer.alloc(80_000_000, 3))))).toMatch(/trop complexe/);
	});
});
