import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { DomainError } from '$lib/server/platform/errors/errors';
import { aWorld, type World } from '$lib/server/testing/world';
import { copyCvPhoto, createCv, deleteCv, getOwnCvPhoto, listCvs, removeCvPhoto, setCvPhoto } from './index';
import { photoOf } from './cv.photo';

let handle: DatabaseHandle;
let world: World;
let otherYouth: Actor;
let clock = new Date('2026-11-22T10:00:00Z');
const deps = () => ({ db: handle.db, now: () => clock });

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
	otherYouth = { userId: world.youths.otherYouth.id, role: 'youth', structureId: world.youths.otherYouth.structureId, networkId: null, companyId: null };
});
afterAll(() => handle.close());

const failure = async (promise: Promise<unknown>) => {
	try {
		await promise;
		return { code: 'ok', message: '' };
	} catch (error) {
		if (error instanceof DomainError) return { code: error.code, message: error.message };
		return { code: String(error), message: '' };
	}
};
const codeOf = async (promise: Promise<unknown>) => (await failure(promise)).code;

/** A camera-like JPEG: landscape, EXIF with GPS and camera model, an orientation that turns it. */
async function cameraJpeg(width: number, height: number, orientation = 1) {
	return sharp({ create: { width, height, channels: 3, background: '#c08050' } })
		.jpeg()
		.withMetadata({ orientation })
		.withExif({
			IFD0: { Make: 'PhoneMaker', Model: 'Phone 12', ImageDescription: 'Karim chez lui' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '4/1 50/1 0/1' }
		})
		.toBuffer();
}

describe('the photo of a CV', () => {
	it('is re-encoded as a 600 × 750 JPEG portrait, without any of the original metadata (EXIF, GPS)', async () => {
		const original = await cameraJpeg(2000, 1500);
		const before = await sharp(original).metadata();
		expect(before.exif).toBeDefined();
		expect(before.exif!.toString('latin1')).toContain('PhoneMaker');

		const cv = await createCv(deps(), world.actors.youth, { name: 'CV photo' });
		expect(await getOwnCvPhoto(deps(), world.actors.youth, cv.id)).toBeNull();
		const size = await setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(original));
		expect(size).toEqual({ width: 600, height: 750 });

		const stored = await getOwnCvPhoto(deps(), world.actors.youth, cv.id);
		expect(stored).not.toBeNull();
		const after = await sharp(stored!.bytes).metadata();
		expect([after.format, after.width, after.height]).toEqual(['jpeg', 600, 750]);
		expect(after.exif).toBeUndefined();
		expect(after.xmp).toBeUndefined();
		expect(after.icc).toBeUndefined();
		expect(after.orientation).toBeUndefined();
		const raw = Buffer.from(stored!.bytes).toString('latin1');
		for (const trace of ['PhoneMaker', 'Phone 12', 'Karim chez lui', 'GPS']) expect(raw).not.toContain(trace);
	});

	it('turns a picture the way the phone held it, and never enlarges a small one', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV rotation' });
		// Stored 500 × 300 with orientation 6 (a quarter turn): shown 300 × 500, already taller than wide.
		await setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(await cameraJpeg(500, 300, 6)));
		const turned = await getOwnCvPhoto(deps(), world.actors.youth, cv.id);
		expect([turned!.width, turned!.height]).toEqual([300, 375]);
		expect((await sharp(turned!.bytes).metadata()).width).toBe(300);
	});

	it('accepts PNG (even transparent) and WebP, and replaces the previous photo', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV formats' });
		const png = await sharp({ create: { width: 800, height: 1000, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
		await setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(png));
		const first = await getOwnCvPhoto(deps(), world.actors.youth, cv.id);
		expect((await sharp(first!.bytes).metadata()).format).toBe('jpeg');
		const webp = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#336699' } }).webp().toBuffer();
		await setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(webp));
		const second = await getOwnCvPhoto(deps(), world.actors.youth, cv.id);
		expect([second!.width, second!.height]).toEqual([320, 400]);
	});

	it('refuses what is not a usable photo with a French reason, and keeps the previous photo', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV refus' });
		await setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(await cameraJpeg(600, 750)));
		const kept = await getOwnCvPhoto(deps(), world.actors.youth, cv.id);

		const gif = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#000' } }).gif().toBuffer();
		const tiny = await sharp({ create: { width: 60, height: 80, channels: 3, background: '#000' } }).jpeg().toBuffer();
		const truncated = (await cameraJpeg(800, 1000)).subarray(0, 600);
		const cases: [Uint8Array, RegExp][] = [
			[new Uint8Array(0), /vide/],
			[new TextEncoder().encode('%PDF-1.7 pas une photo'), /n’est pas une photo/],
			[new Uint8Array(gif), /JPEG, PNG ou WebP/],
			[new Uint8Array(tiny), /trop petite/],
			[new Uint8Array(truncated), /abîmé/],
			[new Uint8Array(10 * 1024 * 1024 + 1), /trop lourde/]
		];
		for (const [bytes, message] of cases) {
			const result = await failure(setCvPhoto(deps(), world.actors.youth, cv.id, bytes));
			expect(result.code).toBe('cv.invalid_photo');
			expect(result.message).toMatch(message);
		}
		expect(Buffer.from((await getOwnCvPhoto(deps(), world.actors.youth, cv.id))!.bytes).equals(Buffer.from(kept!.bytes))).toBe(true);
	});

	it('refuses a decompression bomb before decoding it', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV bombe' });
		// A small PNG whose header claims 20,000 × 20,000 pixels (1.2 GB once decoded).
		const bomb = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#fff' } }).png().toBuffer();
		bomb.writeUInt32BE(20_000, 16);
		bomb.writeUInt32BE(20_000, 20);
		bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
		expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(20_000);
		const result = await failure(setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(bomb)));
		expect(result.code).toBe('cv.invalid_photo');
		expect(await getOwnCvPhoto(deps(), world.actors.youth, cv.id)).toBeNull();
	});

	it('belongs to the CV’s youth only: another youth and staff can neither read, set nor remove it', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV photo privée' });
		const photo = new Uint8Array(await cameraJpeg(600, 750));
		await setCvPhoto(deps(), world.actors.youth, cv.id, photo);
		expect(await codeOf(getOwnCvPhoto(deps(), otherYouth, cv.id))).toBe('cv.not_found');
		expect(await codeOf(setCvPhoto(deps(), otherYouth, cv.id, photo))).toBe('cv.not_found');
		expect(await codeOf(removeCvPhoto(deps(), otherYouth, cv.id))).toBe('cv.not_found');
		for (const actor of [world.actors.counselor, world.actors.manager, world.actors.admin, null]) {
			expect(await codeOf(getOwnCvPhoto(deps(), actor, cv.id))).not.toBe('ok');
			expect(await codeOf(setCvPhoto(deps(), actor, cv.id, photo))).not.toBe('ok');
		}
		expect(await codeOf(getOwnCvPhoto(deps(), world.actors.youth, 'pas-un-id'))).toBe('cv.not_found');
		expect(await codeOf(setCvPhoto(deps(), world.actors.youth, randomUUID(), photo))).toBe('cv.not_found');
		expect(await getOwnCvPhoto(deps(), world.actors.youth, cv.id)).not.toBeNull();
	});

	it('goes with a copy of the CV, for its youth only', async () => {
		const source = await createCv(deps(), world.actors.youth, { name: 'CV source' });
		await setCvPhoto(deps(), world.actors.youth, source.id, new Uint8Array(await cameraJpeg(600, 750)));
		const copy = await createCv(deps(), world.actors.youth, { name: 'CV copie', copyOf: source.id });
		await copyCvPhoto(deps(), world.actors.youth, source.id, copy.id);
		expect(Buffer.from((await getOwnCvPhoto(deps(), world.actors.youth, copy.id))!.bytes).equals(Buffer.from((await photoOf(handle.db, source.id))!.bytes))).toBe(true);
		const theirs = await createCv(deps(), otherYouth, { name: 'CV à eux' });
		expect(await codeOf(copyCvPhoto(deps(), otherYouth, source.id, theirs.id))).toBe('cv.not_found');
		expect(await photoOf(handle.db, theirs.id)).toBeNull();
	});

	it('is removed on request (and with its CV), and moves the CV to the top of the list', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV à retirer' });
		await createCv(deps(), world.actors.youth, { name: 'CV plus récent' });
		clock = new Date(clock.getTime() + 60_000);
		await setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(await cameraJpeg(600, 750)));
		expect((await listCvs(deps(), world.actors.youth))[0]!.id).toBe(cv.id);
		await removeCvPhoto(deps(), world.actors.youth, cv.id);
		await removeCvPhoto(deps(), world.actors.youth, cv.id);
		expect(await getOwnCvPhoto(deps(), world.actors.youth, cv.id)).toBeNull();

		await setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(await cameraJpeg(600, 750)));
		expect(await photoOf(handle.db, cv.id)).not.toBeNull();
		await deleteCv(deps(), world.actors.youth, cv.id);
		expect(await photoOf(handle.db, cv.id)).toBeNull();
	});
});
