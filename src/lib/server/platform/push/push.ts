import webpush from 'web-push';
import type { Database } from '../../db/client';
import type { Logger } from '../logging/logger';
import { pushVapidKeys } from './push.schema';

/**
 * Web push (RFC 8030, payloads encrypted per RFC 8291, server identified by VAPID, RFC 8292).
 * `web-push` builds the request (encryption, signed VAPID token); we send it ourselves with
 * `fetch`, without following redirects, and only to the push services browsers use: the
 * endpoint comes from the device, so it is an address an attacker could choose (SSRF).
 */

/** What a browser's `PushSubscription` gives: the push service's address and the device's keys. */
export interface PushTarget {
	endpoint: string;
	p256dh: string;
	auth: string;
}

/** A notification as the service worker shows it. Never message content (lock screens are public). */
export interface PushPayload {
	title: string;
	body: string;
	/** A path of Tremplin opened when the notification is tapped. */
	url: string;
	/** Notifications with the same tag replace each other on the device. */
	tag: string;
}

/** `sent`: the push service took it; `gone`: the device unsubscribed (404/410), forget it; `failed`: try later. */
export type PushResult = 'sent' | 'gone' | 'failed';

export interface PushSender {
	/** The VAPID public key (base64url) the browser needs to subscribe. */
	publicKey(): Promise<string>;
	send(target: PushTarget, payload: PushPayload, options?: { ttlSeconds?: number; topic?: string }): Promise<PushResult>;
}

export interface VapidConfig {
	publicKey: string | null;
	privateKey: string | null;
	/** `mailto:` or `https:` contact given to push services. */
	subject: string;
	/** Push services allowed besides the well-known ones: `host[:port]`, http allowed on loopback only (tests). */
	extraHosts: string[];
}

/** The push services of the browsers youth use (Chrome/Android/Samsung/Opera, Firefox, Safari/iOS, Edge). */
const KNOWN_HOSTS = ['fcm.googleapis.com', 'updates.push.services.mozilla.com', 'web.push.apple.com'];
const KNOWN_SUFFIXES = ['.notify.windows.com', '.push.apple.com'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function base64urlBytes(value: string): Buffer | null {
	if (!BASE64URL.test(value)) return null;
	return Buffer.from(value.replace(/=+$/, ''), 'base64url');
}

/**
 * Checks a subscription sent by a device. Returns the reason it is refused, or null.
 * The endpoint must be an https address of a known push service (or one configured), without
 * credentials; the keys must be a P-256 public point (65 bytes) and a 16-byte secret.
 */
export function pushTargetProblem(target: PushTarget, extraHosts: readonly string[]): string | null {
	const { endpoint, p256dh, auth } = target;
	if (typeof endpoint !== 'string' || endpoint.length > 1024) return 'endpoint';
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		return 'endpoint';
	}
	if (url.username || url.password || url.hash) return 'endpoint';
	const host = url.hostname.toLowerCase();
	const known = url.protocol === 'https:' && !url.port && (KNOWN_HOSTS.includes(host) || KNOWN_SUFFIXES.some((s) => host.endsWith(s)));
	const extra = extraHosts.includes(url.host.toLowerCase()) && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(host)));
	if (!known && !extra) return 'endpoint';
	const key = typeof p256dh === 'string' && p256dh.length <= 128 ? base64urlBytes(p256dh) : null;
	if (!key || key.length !== 65 || key[0] !== 0x04) return 'keys';
	const secret = typeof auth === 'string' && auth.length <= 64 ? base64urlBytes(auth) : null;
	if (!secret || secret.length !== 16) return 'keys';
	return null;
}

export function createPushSender(deps: { db: Database; vapid: VapidConfig; logger: Logger; timeoutMs?: number }): PushSender {
	const { db, vapid, logger } = deps;
	let keys: Promise<{ publicKey: string; privateKey: string }> | null = null;

	/** The configured pair, else the stored one, else a new one stored (two processes: the first insert wins). */
	function vapidKeys() {
		keys ??= (async () => {
			if (vapid.publicKey && vapid.privateKey) return { publicKey: vapid.publicKey, privateKey: vapid.privateKey };
			const fresh = webpush.generateVAPIDKeys();
			await db.insert(pushVapidKeys).values({ id: 1, ...fresh }).onConflictDoNothing();
			const [row] = await db.select().from(pushVapidKeys);
			if (!row) throw new Error('push: VAPID keys missing');
			return { publicKey: row.publicKey, privateKey: row.privateKey };
		})().catch((error) => {
			keys = null;
			throw error;
		});
		return keys;
	}

	return {
		async publicKey() {
			return (await vapidKeys()).publicKey;
		},
		async send(target, payload, options = {}) {
			if (pushTargetProblem(target, vapid.extraHosts)) return 'gone';
			const { publicKey, privateKey } = await vapidKeys();
			const request = webpush.generateRequestDetails(
				{ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
				JSON.stringify(payload),
				{
					vapidDetails: { subject: vapid.subject, publicKey, privateKey },
					TTL: options.ttlSeconds ?? 24 * 3600,
					urgency: 'normal',
					...(options.topic ? { topic: options.topic } : {}),
					contentEncoding: 'aes128gcm'
				}
			);
			try {
				const response = await fetch(request.endpoint, {
					method: request.method,
					// fetch sets the length itself; the other headers as strings (web-push gives some as numbers).
					headers: Object.fromEntries(
						Object.entries(request.headers as Record<string, string | number>)
							.filter(([name]) => name.toLowerCase() !== 'content-length')
							.map(([name, value]) => [name, String(value)])
					),
					body: new Uint8Array(request.body),
					redirect: 'manual',
					signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000)
				});
				await response.body?.cancel();
				if (response.status === 404 || response.status === 410) return 'gone';
				if (response.status >= 200 && response.status < 300) return 'sent';
				logger.warn({ status: response.status, host: new URL(target.endpoint).host }, 'push refused');
				return 'failed';
			} catch (error) {
				logger.warn({ err: error, host: new URL(target.endpoint).host }, 'push not sent');
				return 'failed';
			}
		}
	};
}
