import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { createRateLimiter, SIGN_IN_POLICY } from './rate-limit';

let handle: DatabaseHandle;
let t = new Date('2026-11-22T10:00:00Z');
beforeAll(async () => {
	handle = await createTestDatabase();
});
afterAll(() => handle.close());

const limiter = () => createRateLimiter({ db: handle.db, now: () => t });

describe('rate limits', () => {
	it('let the first failures through, then lock for longer and longer', async () => {
		const key = 'sign-in:email:karim@exemple.test';
		for (let i = 0; i < SIGN_IN_POLICY.freeFailures; i++) {
			await limiter().check([key]);
			await limiter().hit([key], SIGN_IN_POLICY);
		}
		await limiter().check([key]); // 5 failures: still free
		await limiter().hit([key], SIGN_IN_POLICY); // 6th: locked 30 s
		await expect(limiter().check([key])).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 30 });
		t = new Date(t.getTime() + 31_000);
		await limiter().check([key]);
		await limiter().hit([key], SIGN_IN_POLICY); // 7th: locked 60 s
		await expect(limiter().check([key])).rejects.toMatchObject({ retryAfterSeconds: 60 });
	});

	it('count a failure even while locked (the lock grows), but never a refused use', async () => {
		const policy = { freeFailures: 2, baseLockSeconds: 60, maxLockSeconds: 3600, windowSeconds: 3600 };
		const failures = 'code:phone:0600000001';
		for (let i = 0; i < 3; i++) await limiter().hit([failures], policy); // 3rd: locked 60 s
		await expect(limiter().check([failures])).rejects.toMatchObject({ retryAfterSeconds: 60 });
		await limiter().hit([failures], policy); // a 4th failure while locked: 120 s from now
		await expect(limiter().check([failures])).rejects.toMatchObject({ retryAfterSeconds: 120 });
		const uses = 'messaging:send:test';
		for (let i = 0; i < 3; i++) await limiter().consume(uses, policy); // 3rd: locked 60 s
		t = new Date(t.getTime() + 30_000);
		await expect(limiter().consume(uses, policy)).rejects.toMatchObject({ retryAfterSeconds: 30 });
		await expect(limiter().consume(uses, policy)).rejects.toMatchObject({ retryAfterSeconds: 30 });
		// The refused tries did not count: once free, the next use locks for 120 s (4th), not more.
		t = new Date(t.getTime() + 31_000);
		await limiter().consume(uses, policy);
		await expect(limiter().check([uses])).rejects.toMatchObject({ retryAfterSeconds: 120 });
	});

	it('count concurrent failures from several requests', async () => {
		const key = 'sign-in:ip:203.0.113.9';
		await Promise.all(Array.from({ length: 8 }, () => limiter().hit([key], SIGN_IN_POLICY)));
		await expect(limiter().check([key])).rejects.toMatchObject({ kind: 'rate_limited' });
	});

	it('forget old failures and can be reset after a success', async () => {
		const key = 'sign-in:email:ines@exemple.test';
		for (let i = 0; i < 4; i++) await limiter().hit([key], SIGN_IN_POLICY);
		t = new Date(t.getTime() + 2 * 3600_000);
		for (let i = 0; i < 5; i++) await limiter().hit([key], SIGN_IN_POLICY);
		await limiter().check([key]); // the window restarted: 5 failures only
		await limiter().hit([key], SIGN_IN_POLICY);
		await expect(limiter().check([key])).rejects.toMatchObject({ kind: 'rate_limited' });
		await limiter().reset([key]);
		await limiter().check([key]);
	});

	it('have a French message', async () => {
		const key = 'code:x';
		for (let i = 0; i < 9; i++) await limiter().hit([key], SIGN_IN_POLICY);
		await expect(limiter().check([key])).rejects.toThrow(/Trop de tentatives/);
	});

	it('consume: the same rules as check then hit, in one statement, and a refused try is not counted', async () => {
		const key = 'messages:consume';
		const policy = { freeFailures: 3, baseLockSeconds: 60, maxLockSeconds: 150, windowSeconds: 600 };
		for (let i = 0; i < 3; i++) await limiter().consume(key, policy);
		await limiter().consume(key, policy); // the 4th is let through and locks for 60 s
		await expect(limiter().consume(key, policy)).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 60 });
		t = new Date(t.getTime() + 59_500);
		await expect(limiter().consume(key, policy)).rejects.toMatchObject({ retryAfterSeconds: 1 });
		t = new Date(t.getTime() + 1000);
		await limiter().consume(key, policy); // 5th counted use (the refused ones were not): 120 s
		await expect(limiter().check([key])).rejects.toMatchObject({ retryAfterSeconds: 120 });
		t = new Date(t.getTime() + 121_000);
		await limiter().consume(key, policy); // 6th: 240 s, capped at 150
		await expect(limiter().check([key])).rejects.toMatchObject({ retryAfterSeconds: 150 });
		// A new window after windowSeconds: the count starts again.
		t = new Date(t.getTime() + 700_000);
		for (let i = 0; i < 4; i++) await limiter().consume(key, policy);
		await expect(limiter().consume(key, policy)).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 60 });
	});

	it('consume: concurrent uses all count, and a check or hit sees what consume did', async () => {
		const key = 'messages:concurrent';
		const policy = { freeFailures: 5, baseLockSeconds: 30, maxLockSeconds: 60, windowSeconds: 600 };
		const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => limiter().consume(key, policy)));
		// Six uses at most before the lock (five free, the sixth locks); the others are refused.
		expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBe(6);
		await expect(limiter().check([key])).rejects.toMatchObject({ kind: 'rate_limited' });
	});
});
