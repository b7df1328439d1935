import { createHash } from 'node:crypto';

/**
 * The stable id of a demo row, computed like the demo seed does (src/lib/server/demo/seed.ts,
 * `demoId`): e2e tests talk to the server over HTTP and never import application code.
 */
export function demoId(key: string): string {
	const h = createHash('sha256').update(`tremplin-demo:${key}`).digest('hex');
	const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
