import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { z } from 'zod';
import type { Database } from '$lib/server/db/client';
import { requireRole, type Actor } from '$lib/server/platform/access';
import { cvNotFound, invalidCvPhoto } from './cv.errors';
import { cvPhotos, cvs } from './cv.schema';

/**
 * The optional photo of a CV. The type comes from the content (sharp reads it), never from the
 * file name or the browser: JPEG, PNG or WebP only. The upload is auto-rotated, cropped to a 4:5
 * portrait around what draws the eye, reduced to at most 600 × 750 px and re-encoded as JPEG
 * without any metadata (EXIF, GPS, XMP, ICC, comments): nothing of the original file is kept.
 */

type CvDeps = { db: Database; now: () => Date };

export interface CvPhoto {
	bytes: Uint8Array;
	width: number;
	height: number;
}

/** Largest accepted upload (the adapter-node body limit is a little above). */
export const MAX_CV_PHOTO_BYTES = 10 * 1024 * 1024;
export const CV_PHOTO_WIDTH = 600;
export const CV_PHOTO_HEIGHT = 750;
/** Below this, a face cannot be recognised on paper. */
const MIN_PHOTO_SIDE = 120;
/** Decoding bombs: refuse images above ~50 megapixels before decoding them. */
const MAX_INPUT_PIXELS = 50_000_000;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);

const uuid = z.uuid();

/** The id of the actor's own CV, or "not found" (another youth's CV and an unknown id look the same). */
async function ownCvId(db: Database, actor: Actor | null, cvId: string): Promise<string> {
	const youth = requireRole(actor, ['youth']);
	if (!uuid.safeParse(cvId).success) throw cvNotFound();
	const [row] = await db
		.select({ id: cvs.id })
		.from(cvs)
		.where(and(eq(cvs.id, cvId.toLowerCase()), eq(cvs.youthId, youth.userId)));
	if (!row) throw cvNotFound();
	return row.id;
}

/** Checks and re-encodes an upload; throws `cv.invalid_photo` with a French reason. */
export async function preparePhoto(bytes: Uint8Array): Promise<CvPhoto> {
	if (bytes.byteLength === 0) throw invalidCvPhoto('Le fichier est vide : choisis une photo.');
	if (bytes.byteLength > MAX_CV_PHOTO_BYTES) throw invalidCvPhoto('Cette photo est trop lourde : 10 Mo au plus.');
	const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
		.metadata()
		.catch(() => {
			throw invalidCvPhoto('Ce fichier n’est pas une photo (JPEG, PNG ou WebP), ou il est abîmé.');
		});
	if (meta.format === 'heif') {
		throw invalidCvPhoto('Les photos HEIC (iPhone) ne sont pas acceptées : envoie-la en JPEG (sur iPhone : Réglages › Appareil photo › Formats › « Le plus compatible »).');
	}
	if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) {
		throw invalidCvPhoto('Ce format n’est pas accepté : choisis une photo en JPEG, PNG ou WebP.');
	}
	if (!meta.width || !meta.height || meta.width * meta.height > MAX_INPUT_PIXELS) {
		throw invalidCvPhoto('Cette photo est trop grande pour être lue : 50 millions de pixels au plus.');
	}
	// Orientations 5 to 8 turn the picture a quarter: width and height swap once rotated.
	const turned = (meta.orientation ?? 1) >= 5;
	const width = turned ? meta.height : meta.width;
	const height = turned ? meta.width : meta.height;
	if (Math.min(width, height) < MIN_PHOTO_SIDE) {
		throw invalidCvPhoto(`Cette photo est trop petite : ${MIN_PHOTO_SIDE} pixels de côté au moins.`);
	}
	// A 4:5 portrait as large as the picture allows, never enlarged, at most 600 × 750.
	const cropWidth = Math.min(width, Math.floor((height * 4) / 5));
	const outWidth = Math.min(CV_PHOTO_WIDTH, cropWidth);
	const outHeight = Math.round((outWidth * 5) / 4);
	try {
		// No withMetadata()/keepMetadata(): sharp writes none of the input's metadata.
		const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
			.rotate()
			.resize(outWidth, outHeight, { fit: 'cover', position: sharp.strategy.attention })
			.flatten({ background: '#ffffff' })
			.jpeg({ quality: 82, mozjpeg: true })
			.toBuffer({ resolveWithObject: true });
		return { bytes: new Uint8Array(data), width: info.width, height: info.height };
	} catch {
		throw invalidCvPhoto('Cette photo est abîmée ou incomplète : elle n’a pas pu être lue.');
	}
}

/** Adds or replaces the photo of the youth's own CV. */
export async function setCvPhoto(deps: CvDeps, actor: Actor | null, cvId: string, bytes: Uint8Array): Promise<{ width: number; height: number }> {
	const id = await ownCvId(deps.db, actor, cvId);
	const photo = await preparePhoto(bytes);
	const at = deps.now();
	await deps.db.transaction(async (tx) => {
		await tx
			.insert(cvPhotos)
			.values({ cvId: id, bytes: photo.bytes, width: photo.width, height: photo.height, createdAt: at })
			.onConflictDoUpdate({ target: cvPhotos.cvId, set: { bytes: photo.bytes, width: photo.width, height: photo.height, createdAt: at } });
		await tx.update(cvs).set({ updatedAt: at }).where(eq(cvs.id, id));
	});
	return { width: photo.width, height: photo.height };
}

/** Removes the photo of the youth's own CV (nothing happens when it has none). */
export async function removeCvPhoto(deps: CvDeps, actor: Actor | null, cvId: string): Promise<void> {
	const id = await ownCvId(deps.db, actor, cvId);
	const removed = await deps.db.delete(cvPhotos).where(eq(cvPhotos.cvId, id)).returning({ cvId: cvPhotos.cvId });
	if (removed.length) await deps.db.update(cvs).set({ updatedAt: deps.now() }).where(eq(cvs.id, id));
}

/** Gives a copy of a CV the photo of its source (both the youth's own); nothing when the source has none. */
export async function copyCvPhoto(deps: CvDeps, actor: Actor | null, fromCvId: string, toCvId: string): Promise<void> {
	const from = await ownCvId(deps.db, actor, fromCvId);
	const to = await ownCvId(deps.db, actor, toCvId);
	const photo = await photoOf(deps.db, from);
	if (!photo || from === to) return;
	await deps.db
		.insert(cvPhotos)
		.values({ cvId: to, bytes: photo.bytes, width: photo.width, height: photo.height, createdAt: deps.now() })
		.onConflictDoNothing({ target: cvPhotos.cvId });
}

/** The photo of the youth's own CV, or null when it has none. */
export async function getOwnCvPhoto(deps: CvDeps, actor: Actor | null, cvId: string): Promise<CvPhoto | null> {
	const id = await ownCvId(deps.db, actor, cvId);
	return photoOf(deps.db, id);
}

/**
 * Module-internal, UNCHECKED: the photo of any CV. Only for use cases that have already checked
 * the actor may see this CV (share link, counselor's reading); never call it from a route.
 */
export async function photoOf(db: Database, cvId: string): Promise<CvPhoto | null> {
	const [row] = await db
		.select({ bytes: cvPhotos.bytes, width: cvPhotos.width, height: cvPhotos.height })
		.from(cvPhotos)
		.where(eq(cvPhotos.cvId, cvId));
	return row ? { bytes: new Uint8Array(row.bytes), width: row.width, height: row.height } : null;
}
