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
});
