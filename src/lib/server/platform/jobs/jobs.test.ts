import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { openPostgres } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { createJobQueue } from './jobs';
import { ensureRecurringJobsScheduled, registeredJobHandler, registerJobHandler, type JobDeps } from './registry';
import { jobs } from './jobs.schema';

let handle: DatabaseHandle;
beforeAll(async () => {
	handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('the jobs table', () => {
	it('runs a job once and marks it done', async () => {
		const seen: unknown[] = [];
		const queue = createJobQueue({ db: handle.db, handlers: { greet: async (p) => void seen.push(p) } });
		const id = await queue.enqueue('greet', { name: 'Inès' });
		expect(await queue.runOnce()).toBe(true);
		expect(await queue.runOnce()).toBe(false);
		expect(seen).toEqual([{ name: 'Inès' }]);
		const [row] = await handle.db.select().from(jobs).where(eq(jobs.id, id));
		expect(row!.doneAt).not.toBeNull();
	});

	it('retries a failing job later with its error recorded, and gives up after max attempts', async () => {
		let t = new Date('2026-11-22T10:00:00Z');
		const queue = createJobQueue({
			db: handle.db,
			now: () => t,
			handlers: {
				flaky: async () => {
					throw new Error('SMTP indisponible');
				}
			}
		});
		const id = await queue.enqueue('flaky', {}, { maxAttempts: 2 });
		expect(await queue.runOnce()).toBe(true);
		let [row] = await handle.db.select().from(jobs).where(eq(jobs.id, id));
		expect(row!.lastError).toBe('SMTP indisponible');
		expect(row!.runAt.getTime()).toBeGreaterThan(t.getTime());
		expect(await queue.runOnce()).toBe(false); // not yet due
		t = new Date(t.getTime() + 3600_000);
		expect(await queue.runOnce()).toBe(true);
		expect(await queue.runOnce()).toBe(false); // max attempts reached
		[row] = await handle.db.select().from(jobs).where(eq(jobs.id, id));
		expect(row!.attempts).toBe(2);
		expect(row!.doneAt).toBeNull();
	});

	it('never runs a job twice when several workers poll at once', async () => {
		// On PostgreSQL the workers use separate connections, as separate processes would.
		const extra =
			handle.kind === 'postgresql'
				? await Promise.all([1, 2].map(() => openPostgres(currentUrl(), { max: 3 })))
				: [];
		try {
			const runs = new Map<number, number>();
			const handler = async (p: Record<string, unknown>) => {
				const n = Number(p.n);
				runs.set(n, (runs.get(n) ?? 0) + 1);
				await new Promise((r) => setTimeout(r, 2));
			};
			const dbs = [handle.db, ...extra.map((e) => e.db)];
			const queues = (dbs.length > 1 ? dbs : [handle.db, handle.db, handle.db]).map((db) =>
				createJobQueue({ db, handlers: { count: handler } })
			);
			for (let n = 0; n < 30; n++) await queues[0]!.enqueue('count', { n });
			await Promise.all(queues.map(async (q) => void (await drain(q))));
			expect([...runs.values()].every((c) => c === 1)).toBe(true);
			expect(runs.size).toBe(30);
		} finally {
			await Promise.all(extra.map((e) => e.close()));
		}
	});
});

async function drain(queue: { runOnce(): Promise<boolean> }) {
	while (await queue.runOnce());
}

function currentUrl(): string {
	// createTestDatabase made a database named after the file run; find it through the pool's options.
	const pool = (handle as unknown as { db: { $client: { options: { connectionString: string } } } }).db.$client;
	return pool.options.connectionString;
}

describe('job handlers registered by modules', () => {
	it('runs a job whose kind a module registered, and keeps one run of a recurring job scheduled', async () => {
		const seen: unknown[] = [];
		registerJobHandler('test.registered', (deps) => async (payload) => void seen.push({ payload, hasDb: Boolean(deps.db) }));
		registerJobHandler('test.recurring', () => async () => undefined, { recurring: true });
		const jobDeps = { db: handle.db } as unknown as JobDeps;
		const queue = createJobQueue({ db: handle.db, handlers: {}, resolve: (kind) => registeredJobHandler(jobDeps, kind) });
		await queue.enqueue('test.registered', { n: 1 });
		expect(await queue.runOnce()).toBe(true);
		expect(seen).toEqual([{ payload: { n: 1 }, hasDb: true }]);

		await ensureRecurringJobsScheduled(handle.db, queue);
		await ensureRecurringJobsScheduled(handle.db, queue);
		const pending = await handle.db.select().from(jobs).where(eq(jobs.kind, 'test.recurring'));
		expect(pending).toHaveLength(1);
	});
});
