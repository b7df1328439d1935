import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { readConfig } from '../config/config';
import { createLogger } from '../logging/logger';
import { createPushSender, pushTargetProblem } from './push';
import { pushVapidKeys } from './push.schema';
import { startPushSink, type PushSink } from './push-sink';

const logger = createLogger('silent');
const payload = { title: 'Tremplin', body: 'Tu as un nouveau message de ta Mission Locale.', url: '/jeune/messages', tag: 'messages' };

let handle: DatabaseHandle;
let sink: PushSink;

beforeAll(async () => {
	handle = await createTestDatabase();
	sink = await startPushSink();
});
afterAll(async () => {
	await sink.close();
	await handle.close();
});

describe('which subscriptions are accepted (the endpoint is chosen by the device: SSRF)', () => {
	const keys = () => {
		const d = { ecdhKey: webpush.generateVAPIDKeys().publicKey };
		return { p256dh: d.ecdhKey, auth: Buffer.alloc(16, 7).toString('base64url') };
	};
	it('accepts the push services of the browsers youth use', () => {
		for (const endpoint of [
			'https://fcm.googleapis.com/fcm/send/abc:def',
			'https://updates.push.services.mozilla.com/wpush/v2/gAAA',
			'https://web.push.apple.com/QGx',
			'https://wns2-par02p.notify.windows.com/w/?token=AQE'
		]) {
			expect(pushTargetProblem({ endpoint, ...keys() }, []), endpoint).toBeNull();
		}
	});
	it('refuses any other address, http, a port, credentials, look-alike hosts', () => {
		for (const endpoint of [
			'http://fcm.googleapis.com/fcm/send/abc',
			'https://fcm.googleapis.com:8443/fcm/send/abc',
			'https://user:pw@fcm.googleapis.com/fcm/send/abc',
			'https://fcm.googleapis.com.evil.test/x',
			'https://evilnotify.windows.com.example/x',
			'https://169.254.169.254/latest/meta-data',
			'http://127.0.0.1:5432/',
			'file:///etc/passwd',
			'pas une adresse',
			`https://fcm.googleapis.com/${'a'.repeat(1100)}`
		]) {
			expect(pushTargetProblem({ endpoint, ...keys() }, []), endpoint).toBe('endpoint');
		}
	});
	it('accepts a configured host, http only on the loopback', () => {
		expect(pushTargetProblem({ endpoint: 'http://127.0.0.1:9999/push/a', ...keys() }, ['127.0.0.1:9999'])).toBeNull();
		expect(pushTargetProblem({ endpoint: 'http://127.0.0.1:9998/push/a', ...keys() }, ['127.0.0.1:9999'])).toBe('endpoint');
		expect(pushTargetProblem({ endpoint: 'http://push.example.org/a', ...keys() }, ['push.example.org'])).toBe('endpoint');
		expect(pushTargetProblem({ endpoint: 'https://push.example.org/a', ...keys() }, ['push.example.org'])).toBeNull();
	});
	it('refuses keys that are not a P-256 point and a 16-byte secret', () => {
		const endpoint = 'https://fcm.googleapis.com/fcm/send/abc';
		const good = keys();
		expect(pushTargetProblem({ endpoint, p256dh: good.p256dh.slice(0, 40), auth: good.auth }, [])).toBe('keys');
		expect(pushTargetProblem({ endpoint, p256dh: good.p256dh, auth: 'abc' }, [])).toBe('keys');
		expect(pushTargetProblem({ endpoint, p256dh: 'pas+du/base64url', auth: good.auth }, [])).toBe('keys');
		expect(pushTargetProblem({ endpoint, p256dh: Buffer.alloc(65, 3).toString('base64url'), auth: good.auth }, [])).toBe('keys');
	});
});

describe('sending', () => {
	const vapid = (overrides = {}) => ({ publicKey: null, privateKey: null, subject: 'mailto:contact@tremplin.test', extraHosts: [sink.host], ...overrides });

	it('delivers an encrypted payload the device can read, signed with the server key (VAPID)', async () => {
		const sender = createPushSender({ db: handle.db, vapid: vapid(), logger });
		const device = sink.newDevice();
		expect(await sender.send(device, payload, { ttlSeconds: 3600, topic: 'messages' })).toBe('sent');
		const push = await sink.waitForPush((p) => p.device === device.endpoint);
		expect(push.problem).toBeNull();
		expect(JSON.parse(push.plaintext ?? '')).toEqual(payload);
		expect(push.vapid?.publicKey).toBe(await sender.publicKey());
		expect(push.vapid?.subject).toBe('mailto:contact@tremplin.test');
		expect(push.headers.ttl).toBe('3600');
		expect(push.headers.topic).toBe('messages');
	});

	it('makes its key pair once and keeps it in the database: every process signs with the same key', async () => {
		const a = createPushSender({ db: handle.db, vapid: vapid(), logger });
		const b = createPushSender({ db: handle.db, vapid: vapid(), logger });
		const [ka, kb] = await Promise.all([a.publicKey(), b.publicKey()]);
		expect(ka).toBe(kb);
		expect(await handle.db.select().from(pushVapidKeys)).toHaveLength(1);
	});

	it('uses the configured key pair when there is one', async () => {
		const configured = webpush.generateVAPIDKeys();
		const sender = createPushSender({ db: handle.db, vapid: vapid(configured), logger });
		expect(await sender.publicKey()).toBe(configured.publicKey);
		const device = sink.newDevice();
		expect(await sender.send(device, payload)).toBe('sent');
		expect((await sink.waitForPush((p) => p.device === device.endpoint)).vapid?.publicKey).toBe(configured.publicKey);
	});

	it('says "gone" when the device unsubscribed (404/410) and "failed" on errors, without throwing', async () => {
		const sender = createPushSender({ db: handle.db, vapid: vapid(), logger, timeoutMs: 2000 });
		const gone = sink.newDevice();
		sink.answer(gone.endpoint, 410);
		expect(await sender.send(gone, payload)).toBe('gone');
		const busy = sink.newDevice();
		sink.answer(busy.endpoint, 503);
		expect(await sender.send(busy, payload)).toBe('failed');
		// Nothing listens there (a configured host, but the port is closed).
		const closed = { ...sink.newDevice(), endpoint: 'http://127.0.0.1:9/push/x' };
		const withClosed = createPushSender({ db: handle.db, vapid: vapid({ extraHosts: ['127.0.0.1:9'] }), logger, timeoutMs: 2000 });
		expect(await withClosed.send(closed, payload)).toBe('failed');
	});

	it('never sends to an address outside the push services, even if one was stored', async () => {
		const sender = createPushSender({ db: handle.db, vapid: vapid({ extraHosts: [] }), logger });
		const device = sink.newDevice();
		const before = sink.pushes.length;
		expect(await sender.send(device, payload)).toBe('gone');
		expect(sink.pushes.length).toBe(before);
	});
});

describe('configuration', () => {
	it('reads VAPID keys (both or none), the subject and extra push services', () => {
		expect(readConfig({}).push).toEqual({ publicKey: null, privateKey: null, subject: 'mailto:ne-pas-repondre@tremplin.test', extraHosts: [] });
		expect(readConfig({ ORIGIN: 'https://tremplin.example.org' }).push.subject).toBe('https://tremplin.example.org');
		expect(readConfig({ PUSH_SERVICE_HOSTS: ' 127.0.0.1:4000, push.example.org ' }).push.extraHosts).toEqual(['127.0.0.1:4000', 'push.example.org']);
		expect(() => readConfig({ VAPID_PUBLIC_KEY: 'abc' })).toThrow(/VAPID_PRIVATE_KEY/);
		expect(() => readConfig({ PUSH_SERVICE_HOSTS: 'http://x' })).toThrow(/PUSH_SERVICE_HOSTS/);
		expect(() => readConfig({ VAPID_SUBJECT: 'ftp://x' })).toThrow(/VAPID_SUBJECT/);
	});
});
