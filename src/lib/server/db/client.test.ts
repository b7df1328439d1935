import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from './client';
import { createTestDatabase } from './test-database';
import { readFileSync } from 'node:fs';
import { structures } from '../modules/structures/structures.schema';
import { runMigrations } from './migrate';
// The same function writes the migration (a plain Node script, typed with JSDoc).
import { ROUTINES_MIGRATION, routinesSql } from '../../../../scripts/db-routines.js';

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

	it('maps dates, timestamps and intervals as before (PGlite keeps them as text once, drizzle maps them)', async () => {
		const at = new Date('2026-11-23T05:06:07.089Z');
		const rows = await handle.db
			.select({ at: sql<Date>`${at.toISOString()}::timestamptz`.mapWith(structures.createdAt) })
			.from(sql`(select 1) as one`);
		expect(rows[0]!.at).toBeInstanceOf(Date);
		expect(rows[0]!.at.toISOString()).toBe(at.toISOString());
		const raw = await handle.db.execute(sql`select '2026-11-23'::date as day, interval '90 minutes' as span, ${at.toISOString()}::timestamptz as at`);
		const row = (raw as unknown as { rows: { day: string; span: string; at: string | Date }[] }).rows[0]!;
		expect(row.day).toBe('2026-11-23');
		expect(row.span).toBe('01:30:00');
		expect(new Date(row.at).toISOString()).toBe(at.toISOString());
	});

	it('holds the routines migration written from the *.routines.sql files (npm run db:generate)', () => {
		expect(readFileSync(ROUTINES_MIGRATION, 'utf8')).toBe(routinesSql());
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
