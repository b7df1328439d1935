import { getApp } from '$lib/server/app';
import { badgePng, bakePng, getOwnBadge } from '$lib/server/modules/badges';
import { requireActor } from '$lib/server/platform/access';

const HEADERS = { 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; sandbox" };

const fileName = (name: string, ext: string) =>
	`badge-${
		name
			.normalize('NFD')
			.replace(/[^\w\s-]/g, '')
			.trim()
			.replace(/\s+/g, '-')
			.toLowerCase()
			.slice(0, 60) || 'tremplin'
	}.${ext}`;

/**
 * The youth's own badge as a file: the signed credential (`.json`) or the badge image with the
 * credential baked in (`.png`). Someone else's badge, or an unknown id: 404.
 */
export async function badgeDownload(actor: App.Locals['actor'], badgeId: string, format: 'json' | 'png'): Promise<Response> {
	const app = await getApp();
	const row = await getOwnBadge(app, requireActor(actor), badgeId).catch(() => null);
	if (!row) return new Response('Ce badge n’existe pas ou n’est pas à toi.', { status: 404, headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
	const json = JSON.stringify(row.credential, null, 2);
	const issuer = ((row.credential as { issuer?: { name?: string } }).issuer?.name ?? '').toString();
	const body =
		format === 'json'
			? new TextEncoder().encode(json)
			: bakePng(await badgePng({ kind: row.kind, title: row.name, issuer }), json);
	return new Response(body as Uint8Array<ArrayBuffer>, {
		headers: {
			...HEADERS,
			'content-type': format === 'json' ? 'application/ld+json; charset=utf-8' : 'image/png',
			'content-length': String(body.byteLength),
			'content-disposition': `attachment; filename="${fileName(row.name, format)}"`
		}
	});
}
