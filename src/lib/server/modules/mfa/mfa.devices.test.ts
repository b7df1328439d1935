import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '../../app';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { readConfig } from '../../platform/config/config';
import { aPerson } from './mfa.fixtures';
import { describeUserAgent, listDevices, signOutAllDevices, signOutDevice } from './index';

let handle: DatabaseHandle;
let deps: Deps;
let clock = new Date('2025-03-10T09:00:00Z');

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
});
afterAll(() => handle.close());

const ANDROID_CHROME =
	'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const IPHONE_SAFARI =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WINDOWS_EDGE =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0';

async function signIn(userId: string, userAgent: string | null) {
	const { token } = await deps.sessions.create({ userId, method: 'password', userAgent });
	clock = new Date(clock.getTime() + 60_000);
	return (await deps.sessions.validate(token))!.session.id;
}

describe('signed-in devices', () => {
	it('lists only my devices, the current one first, in plain French', async () => {
		const me = await aPerson(handle.db);
		const other = await aPerson(handle.db);
		const phone = await signIn(me.userId, ANDROID_CHROME);
		await signIn(me.userId, IPHONE_SAFARI);
		await signIn(me.userId, WINDOWS_EDGE);
		await signIn(other.userId, ANDROID_CHROME);

		const devices = await listDevices(deps, me, phone);
		expect(devices.map((d) => d.label)).toEqual(['Chrome sur Android', 'Edge sur Windows', 'Safari sur iPhone']);
		expect(devices.map((d) => d.current)).toEqual([true, false, false]);
		expect(devices[0]!.method).toBe('mot de passe');
	});

	it("refuses to sign out another person's device", async () => {
		const me = await aPerson(handle.db);
		const other = await aPerson(handle.db);
		const mine = await signIn(me.userId, null);
		const theirs = await signIn(other.userId, null);
		await expect(signOutDevice(deps, me, theirs, mine)).rejects.toMatchObject({ code: 'mfa.device_not_found' });
		expect(await deps.sessions.listForUser(other.userId)).toHaveLength(1);
	});

	it('signs out one device, then the others, then all of them', async () => {
		const me = await aPerson(handle.db);
		const current = await signIn(me.userId, ANDROID_CHROME);
		const laptop = await signIn(me.userId, WINDOWS_EDGE);
		await signIn(me.userId, IPHONE_SAFARI);
		await signIn(me.userId, IPHONE_SAFARI);

		expect(await signOutDevice(deps, me, laptop, current)).toEqual({ wasCurrent: false });
		expect(await deps.sessions.listForUser(me.userId)).toHaveLength(3);

		expect(await signOutAllDevices(deps, me, { keepSessionId: current })).toBe(2);
		expect((await listDevices(deps, me, current)).map((d) => d.current)).toEqual([true]);

		expect(await signOutAllDevices(deps, me)).toBe(1);
		expect(await deps.sessions.listForUser(me.userId)).toHaveLength(0);
	});
});

describe('describeUserAgent', () => {
	it.each([
		[ANDROID_CHROME, 'Chrome sur Android'],
		[IPHONE_SAFARI, 'Safari sur iPhone'],
		[WINDOWS_EDGE, 'Edge sur Windows'],
		['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox sur Linux'],
		['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 'Safari sur Mac'],
		[
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
			'Chrome sur iPhone'
		],
		[
			'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
			'Samsung Internet sur Android'
		],
		['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome sur Chromebook'],
		['curl/8.5.0', 'Navigateur inconnu'],
		[null, 'Appareil inconnu']
	])('reads %s as « %s »', (ua, expected) => {
		expect(describeUserAgent(ua)).toBe(expected);
	});
});
