import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../app';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { aWorld, type World } from '../../testing/world';
import { readConfig } from '../config/config';
import { jobs } from '../jobs/jobs.schema';
import { sessions } from '../session/session.schema';
import { ensurePurgeScheduled, PURGE_JOB, vacuumAndAnalyze } from './maintenance';
import { eq, sql } from 'drizzle-orm';

let handle: DatabaseHandle;
let world: World;
let t = new Date('2026-11-22T10:00:00Z');
beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
});
afterAll(() => handle.close());

describe('the hourly purge job', () => {
	it('deletes expired sessions, keeps live ones, and schedules itself again', async () => {
		const deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => t });
		const old = await deps.sessions.create({ userId: world.people.counselor.id, method: 'password' });
		t = new Date('2027-02-01T10:00:00Z');
		const fresh = await deps.sessions.create({ userId: world.people.counselor.id, method: 'password' });
		await ensurePurgeScheduled(handle.db, deps.jobs);
		await ensurePurgeScheduled(handle.db, deps.jobs); // idempotent
		expect(await handle.db.select().from(jobs).where(eq(jobs.kind, PURGE_JOB))).toHaveLength(1);
		expect(await deps.jobs.runOnce()).toBe(true);
		expect(await deps.sessions.validate(old.token)).toBeNull();
		expect(await deps.sessions.validate(fresh.token)).not.toBeNull();
		const all = await handle.db.select().from(sessions);
		expect(all).toHaveLength(1);
		const pending = (await handle.db.select().from(jobs).where(eq(jobs.kind, PURGE_JOB))).filter((j) => !j.doneAt);
		expect(pending).toHaveLength(1);
		expect(pending[0]!.runAt.getTime()).toBe(t.getTime() + 3600_000);
	});
});

describe('tidying the tables (the embedded database has no autovacuum)', () => {
	/** When `users` was last analysed, by hand or by autovacuum (null: never). */
	async function usersAnalyzedAt(): Promise<string | null> {
		const result = await handle.db.execute<{ at: string | null }>(
			sql`select coalesce(last_analyze, last_autoanalyze)::text as at from pg_stat_user_tables where relname = 'users'`
		);
		return (result as unknown as { rows: { at: string | null }[] }).rows[0]?.at ?? null;
	}

	it('vacuums and analyses every table, so that the planner has statistics', async () => {
		const before = await usersAnalyzedAt();
		await vacuumAndAnalyze(handle.db);
		const after = await usersAnalyzedAt();
		expect(after).not.toBeNull();
		expect(after).not.toBe(before);
	});

	it('is part of the hourly purge on the embedded database only', async () => {
		const deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => t });
		const before = await usersAnalyzedAt();
		t = new Date(t.getTime() + 2 * 3600_000);
		await handle.db.update(jobs).set({ runAt: t }).where(eq(jobs.kind, PURGE_JOB));
		expect(await deps.jobs.runOnce()).toBe(true);
		const after = await usersAnalyzedAt();
		if (handle.kind === 'pglite') expect(after).not.toBe(before);
		else expect(after).toBe(before); // PostgreSQL: left to autovacuum
	});
});
