import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { AchievementKind } from './badges.sources';
import { KIND_LABELS } from './badges.credential';

/**
 * The badge's picture (an SVG drawn here, rasterised by sharp) and Open Badges "baking": the signed
 * credential stored in the PNG as an `iTXt` chunk with the keyword `openbadgecredential`, so the
 * image alone can be verified.
 */

const COLORS: Record<AchievementKind, { ring: string; fill: string; ink: string }> = {
	learning_module: { ring: '#1d4ed8', fill: '#dbeafe', ink: '#1e3a8a' },
	diagnostic_area: { ring: '#047857', fill: '#d1fae5', ink: '#064e3b' },
	soft_skill: { ring: '#b45309', fill: '#fef3c7', ink: '#78350f' }
};

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Splits a title into at most `max` lines of about `width` characters (the last one ellipsised). */
export function wrapTitle(text: string, width = 16, max = 3): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
		if (line && (line + ' ' + word).length > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(line);
	if (lines.length > max) {
		const kept = lines.slice(0, max);
		kept[max - 1] = `${kept[max - 1]!.slice(0, width - 1)}…`;
		return kept;
	}
	return lines.map((l) => (l.length > width + 4 ? `${l.slice(0, width + 3)}…` : l));
}

export function badgeSvg(input: { kind: AchievementKind; title: string; issuer: string }): string {
	const c = COLORS[input.kind];
	const title = wrapTitle(input.title.replace(/^Parcours réussi : /, ''), 17, 4);
	const lineHeight = 31;
	const firstY = 246 - ((title.length - 1) * lineHeight) / 2;
	const issuer = input.issuer.length > 30 ? `${input.issuer.slice(0, 29)}…` : input.issuer;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">
  <circle cx="200" cy="200" r="190" fill="${c.ring}"/>
  <circle cx="200" cy="200" r="170" fill="#ffffff"/>
  <circle cx="200" cy="200" r="158" fill="${c.fill}"/>
  <path d="M200 46 l12 24 26 4 -19 18 5 26 -24 -12 -24 12 5 -26 -19 -18 26 -4z" fill="${c.ring}"/>
  <text x="200" y="154" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="20" font-weight="bold" letter-spacing="3" fill="${c.ink}">${escapeXml(KIND_LABELS[input.kind].toUpperCase())}</text>
  ${title
		.map(
			(l, i) =>
				`<text x="200" y="${firstY + i * lineHeight}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="26" font-weight="bold" fill="#111827">${escapeXml(l)}</text>`
		)
		.join('\n  ')}
  <text x="200" y="322" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="15" fill="${c.ink}">${escapeXml(issuer)}</text>
  <text x="200" y="344" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="13" fill="${c.ink}">Tremplin</text>
</svg>`;
}

export async function badgePng(input: { kind: AchievementKind; title: string; issuer: string }): Promise<Uint8Array> {
	return new Uint8Array(await sharp(Buffer.from(badgeSvg(input))).png({ compressionLevel: 9 }).toBuffer());
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const BAKING_KEYWORD = 'openbadgecredential';

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
	return Buffer.concat([head, data, crc]);
}

interface Chunk {
	type: string;
	start: number;
	end: number;
	data: Buffer;
}

/** The chunks of a PNG (null: not a PNG, truncated, or a bad CRC). */
function chunksOf(png: Uint8Array): Chunk[] | null {
	const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
	if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
	const chunks: Chunk[] = [];
	let pos = 8;
	while (pos + 12 <= buf.length) {
		const length = buf.readUInt32BE(pos);
		const end = pos + 12 + length;
		if (end > buf.length) return null;
		const type = buf.toString('latin1', pos + 4, pos + 8);
		const data = buf.subarray(pos + 8, pos + 8 + length);
		if ((crc32(buf.subarray(pos + 4, pos + 8 + length)) >>> 0) !== buf.readUInt32BE(pos + 8 + length)) return null;
		chunks.push({ type, start: pos, end, data });
		pos = end;
		if (type === 'IEND') return chunks;
	}
	return null;
}

/** The PNG with the credential baked in (an uncompressed `iTXt` chunk just before `IEND`). */
export function bakePng(png: Uint8Array, credentialJson: string): Uint8Array {
	const chunks = chunksOf(png);
	if (!chunks) throw new Error('not a PNG');
	const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
	const iend = chunks[chunks.length - 1]!;
	// keyword \0 compression-flag(0) compression-method(0) language-tag \0 translated-keyword \0 text
	const data = Buffer.concat([Buffer.from(BAKING_KEYWORD, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(credentialJson, 'utf8')]);
	const kept = chunks.filter((c) => !(c.type === 'iTXt' && c.data.subarray(0, BAKING_KEYWORD.length + 1).equals(Buffer.from(`${BAKING_KEYWORD}\0`, 'latin1'))));
	return new Uint8Array(
		Buffer.concat([PNG_SIGNATURE, ...kept.filter((c) => c !== iend).map((c) => buf.subarray(c.start, c.end)), chunk('iTXt', data), buf.subarray(iend.start, iend.end)])
	);
}

export type ExtractResult = { ok: true; json: string } | { ok: false; reason: 'not_png' | 'no_credential' | 'compressed' };

/** The credential baked in a PNG. */
export function extractBakedCredential(png: Uint8Array): ExtractResult {
	const chunks = chunksOf(png);
	if (!chunks) return { ok: false, reason: 'not_png' };
	for (const c of chunks) {
		if (c.type !== 'iTXt') continue;
		const nul = c.data.indexOf(0);
		if (nul < 0 || c.data.toString('latin1', 0, nul) !== BAKING_KEYWORD) continue;
		const compressed = c.data[nul + 1];
		if (compressed !== 0) return { ok: false, reason: 'compressed' };
		const langEnd = c.data.indexOf(0, nul + 3);
		const translatedEnd = langEnd < 0 ? -1 : c.data.indexOf(0, langEnd + 1);
		if (translatedEnd < 0) return { ok: false, reason: 'no_credential' };
		return { ok: true, json: c.data.toString('utf8', translatedEnd + 1) };
	}
	return { ok: false, reason: 'no_credential' };
}
