import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A push service on the loopback interface, for tests that must prove a notification really
 * leaves Tremplin as browsers' push services expect it (RFC 8030 request, RFC 8291 `aes128gcm`
 * encryption, RFC 8292 VAPID token). It plays the part of FCM / Mozilla / Apple: it checks the
 * VAPID token's ES256 signature, audience and expiry, then decrypts the body with the **device's**
 * private key — written here from the RFCs, independently of the `web-push` library that encrypts.
 *
 *   const sink = await startPushSink();              // PUSH_SERVICE_HOSTS=sink.host
 *   const device = sink.newDevice();                 // { endpoint, p256dh, auth } as a browser gives
 *   … Tremplin sends …
 *   const push = await sink.waitForPush((p) => p.device === device.endpoint);
 *   expect(JSON.parse(push.plaintext).body).toBe('…');
 */

export interface ReceivedPush {
	/** The endpoint the request was sent to. */
	device: string;
	headers: http.IncomingHttpHeaders;
	/** The decrypted payload (UTF-8), or null when it could not be decrypted. */
	plaintext: string | null;
	/** Why the request would be refused by a real push service, or null. */
	problem: string | null;
	vapid: { subject: string; audience: string; expiresAt: number; publicKey: string } | null;
}

export interface PushDevice {
	endpoint: string;
	p256dh: string;
	auth: string;
}

export interface PushSink {
	/** `127.0.0.1:<port>`, for PUSH_SERVICE_HOSTS. */
	host: string;
	pushes: ReceivedPush[];
	/** A new device: its endpoint on this sink, its P-256 public key and auth secret (base64url). */
	newDevice(): PushDevice;
	/** The status this endpoint answers from now on (201 by default; 410 means the device unsubscribed). */
	answer(endpoint: string, status: number): void;
	waitForPush(predicate?: (push: ReceivedPush) => boolean, timeoutMs?: number): Promise<ReceivedPush>;
	close(): Promise<void>;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/** The VAPID token (`Authorization: vapid t=<jwt>, k=<key>`), checked as a push service does. */
function checkVapid(header: string | undefined, endpointOrigin: string): { vapid: ReceivedPush['vapid']; problem: string | null } {
	const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
	if (!match) return { vapid: null, problem: 'no VAPID authorization' };
	const [, token, key] = match as unknown as [string, string, string];
	const [head, body, signature] = token.split('.');
	if (!head || !body || !signature) return { vapid: null, problem: 'malformed JWT' };
	const raw = Buffer.from(key, 'base64url');
	if (raw.length !== 65 || raw[0] !== 4) return { vapid: null, problem: 'bad VAPID key' };
	const publicKey = createPublicKey({
		key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) },
		format: 'jwk'
	});
	const signed = verify('sha256', Buffer.from(`${head}.${body}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
	if (!signed) return { vapid: null, problem: 'bad JWT signature' };
	const header_ = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
	const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { aud?: string; exp?: number; sub?: string };
	const vapid = { subject: claims.sub ?? '', audience: claims.aud ?? '', expiresAt: claims.exp ?? 0, publicKey: key };
	if (header_.alg !== 'ES256') return { vapid, problem: 'JWT not ES256' };
	if (vapid.audience !== endpointOrigin) return { vapid, problem: 'wrong audience' };
	const now = Date.now() / 1000;
	if (!(vapid.expiresAt > now && vapid.expiresAt <= now + 24 * 3600)) return { vapid, problem: 'bad expiry' };
	if (!/^(mailto:|https:)/.test(vapid.subject)) return { vapid, problem: 'bad subject' };
	return { vapid, problem: null };
}

/** RFC 8291 / RFC 8188: one `aes128gcm` record, decrypted with the device's key pair and auth secret. */
function decrypt(body: Buffer, device: { ecdh: ReturnType<typeof createECDH>; auth: Buffer }): string {
	const salt = body.subarray(0, 16);
	const idLength = body[20]!;
	const senderKey = body.subarray(21, 21 + idLength);
	const ciphertext = body.subarray(21 + idLength);
	const secret = device.ecdh.computeSecret(senderKey);
	const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), device.ecdh.getPublicKey(), senderKey]);
	const ikm = Buffer.from(hkdfSync('sha256', secret, device.auth, keyInfo, 32));
	const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
	const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
	const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
	decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
	const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
	// The last record ends with the delimiter 0x02, then zero padding.
	let end = padded.length - 1;
	while (end >= 0 && padded[end] === 0) end--;
	if (padded[end] !== 2) throw new Error('bad padding delimiter');
	return padded.subarray(0, end).toString('utf8');
}

/** Starts the sink on `port` (0: any free port). */
export async function startPushSink(port = 0): Promise<PushSink> {
	const devices = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
	const statuses = new Map<string, number>();
	const pushes: ReceivedPush[] = [];
	const waiters = new Set<{ predicate: (p: ReceivedPush) => boolean; resolve: (p: ReceivedPush) => void }>();
	let origin = '';

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const endpoint = `${origin}${req.url ?? ''}`;
			const device = devices.get(endpoint);
			const body = Buffer.concat(chunks);
			const checked = checkVapid(req.headers.authorization, origin);
			const vapid = checked.vapid;
			let problem = checked.problem;
			let plaintext: string | null = null;
			if (req.method !== 'POST') problem ??= 'not a POST';
			if (!device) problem ??= 'unknown device';
			if (!/^\d+$/.test(String(req.headers.ttl ?? ''))) problem ??= 'no TTL';
			if (req.headers['content-encoding'] !== 'aes128gcm') problem ??= 'not aes128gcm';
			if (device && !problem) {
				try {
					plaintext = decrypt(body, device);
				} catch (error) {
					problem = `cannot decrypt: ${(error as Error).message}`;
				}
			}
			const push: ReceivedPush = { device: endpoint, headers: req.headers, plaintext, problem, vapid };
			pushes.push(push);
			for (const waiter of [...waiters]) {
				if (waiter.predicate(push)) {
					waiters.delete(waiter);
					waiter.resolve(push);
				}
			}
			res.writeHead(problem ? 400 : (statuses.get(endpoint) ?? 201));
			res.end();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	const bound = (server.address() as AddressInfo).port;
	origin = `http://127.0.0.1:${bound}`;

	return {
		host: `127.0.0.1:${bound}`,
		pushes,
		newDevice() {
			const ecdh = createECDH('prime256v1');
			ecdh.generateKeys();
			const auth = randomBytes(16);
			const endpoint = `${origin}/push/${b64url(randomBytes(12))}`;
			devices.set(endpoint, { ecdh, auth });
			return { endpoint, p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) };
		},
		answer(endpoint, status) {
			statuses.set(endpoint, status);
		},
		waitForPush(predicate = () => true, timeoutMs = 10_000) {
			const found = pushes.find(predicate);
			if (found) return Promise.resolve(found);
			return new Promise((resolve, reject) => {
				const waiter = { predicate, resolve };
				waiters.add(waiter);
				setTimeout(() => {
					if (waiters.delete(waiter)) reject(new Error(`no push received in ${timeoutMs} ms`));
				}, timeoutMs).unref();
			});
		},
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
