import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from './client';
import { createTestDatabase } from './test-database';
import { runMigrations } from './migrate';

describe('the test database', () => {
	let handle: DatabaseHandle;
	beforeAll(async () => {
		handle = await createTestDatabase();
	});
	afterAll(() => handle.close());

	it('is migrated and answers', async () => {
		await handle.ping();
		const result = await handle.db.execute(sql`select count(*)::int as n from networks`);
		expect((result as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
		expect(handle.kind).toBe(process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite');
	});

	it('runs migrations twice without harm', async () => {
		await runMigrations(handle);
		await handle.ping();
	});

	it('delivers notifications to listeners', async () => {
		const received: string[] = [];
		const stop = await handle.listen('test_channel', (p) => received.push(p));
		await handle.notify('test_channel', 'hello');
		await expect.poll(() => received, { timeout: 3000 }).toEqual(['hello']);
		await stop();
	});

	it.runIf(!!process.env.TEST_DATABASE_URL)('listens again after the listening connection drops (PostgreSQL)', async () => {
		const received: string[] = [];
		const stop = await handle.listen('test_reconnect', (p) => received.push(p));
		// Kill the server side of every LISTEN connection of this database (what a restart does).
		await handle.db.execute(
			sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`
		);
		await expect
			.poll(
				async () => {
					await handle.notify('test_reconnect', 'after');
					return received.includes('after');
				},
				{ timeout: 10_000, interval: 300 }
			)
			.toBe(true);
		await stop();
	});

	it('refuses a channel name that could inject SQL', async () => {
		await expect(handle.listen('x; drop table users', () => {})).rejects.toThrow();
	});
});
