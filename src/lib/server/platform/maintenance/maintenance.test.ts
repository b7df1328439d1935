import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../app';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { aWorld, type World } from '../../testing/world';
import { readConfig } from '../config/config';
import { jobs } from '../jobs/jobs.schema';
import { sessions } from '../session/session.schema';
import { ensurePurgeScheduled, PURGE_JOB } from './maintenance';
import { eq } from 'drizzle-orm';

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
