import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import { openPostgres, type DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase, testDatabaseUrl } from '$lib/server/db/test-database';
import { readConfig } from '$lib/server/platform/config/config';
import { createRealtimeHub, type RealtimeHub } from '$lib/server/platform/realtime';
import { aWorld, type World } from '$lib/server/testing/world';
import type { AnswerCount, ControlAction, PublicState } from '$lib/workshops/live';
import { aWorkshop } from './workshops.fixtures';
import { controlWorkshop, joinWorkshop, openLobby, playerFromSecret, submitAnswer, workshopStaffStream, workshopStream } from './index';
import { liveCountsSettled } from './workshops.live';
import { workshops } from './workshops.schema';

/**
 * Two app processes on one PostgreSQL: this one drives the session (controls), a second Node
 * process (`testing/second-process.ts`, run by tsx from node_modules/.bin, its own pool and realtime hub) answers
 * for the players. Both hubs must see the very same sequence of events.
 */
const postgres = !!process.env.TEST_DATABASE_URL;

interface Seen {
	id: number;
	stream: string;
	type: string;
	payload: unknown;
}

let handle: DatabaseHandle;
let deps: Deps;
let world: World;
let hub: RealtimeHub;

beforeAll(async () => {
	if (!postgres) return;
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent' }) });
	world = await aWorld(deps.db);
	hub = createRealtimeHub(handle, { pollMs: 200 });
});
afterAll(async () => {
	if (!postgres) return;
	await hub.close();
	await handle.close();
});

async function until(check: () => boolean, what: string, timeoutMs = 20_000) {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('a session run by two processes (PostgreSQL only: skipped on PGlite)', () => {
	it.skipIf(!postgres)(
		'controls from process A and answers from process B give one sequence of states seen identically by both hubs',
		async () => {
			const row = await aWorkshop(deps.db, { structureId: world.structures.lyon.id, createdBy: null, timerSeconds: null });
			await openLobby(deps, world.actors.counselor, row.id);
			const secrets: string[] = [];
			for (let i = 0; i < 6; i++) secrets.push((await joinWorkshop(deps, null, row.id, { nickname: `Joueur ${i}` })).secret);

			const seenByA: Seen[] = [];
			const unsubscribe = await hub.subscribe([workshopStream(row.id), workshopStaffStream(row.id)], 0, (e) =>
				seenByA.push({ id: e.id, stream: e.stream, type: e.type, payload: e.payload })
			);

			const seenByB: Seen[] = [];
			const outcomesByB: { answered: number; outcomes: string[] }[] = [];
			let ready = false;
			let done = false;
			const child = spawn(path.resolve('node_modules/.bin/tsx'), [path.resolve('src/lib/server/modules/workshops/testing/second-process.ts')], {
				env: {
					...process.env,
					DATABASE_URL: testDatabaseUrl(handle)!,
					WORKSHOP_ID: row.id,
					SECRETS: JSON.stringify(secrets),
					RESPONSES: JSON.stringify([{ choice: 'une' }, { value: false }, { choice: 'mail' }])
				},
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let stderr = '';
			child.stderr.on('data', (d) => (stderr += String(d)));
			const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
			createInterface({ input: child.stdout }).on('line', (line) => {
				const msg = JSON.parse(line) as { ready?: boolean; done?: boolean; event?: Seen; answered?: number; outcomes?: string[] };
				if (msg.ready) ready = true;
				if (msg.done) done = true;
				if (msg.event) seenByB.push(msg.event);
				if (msg.answered !== undefined) outcomesByB.push({ answered: msg.answered, outcomes: msg.outcomes! });
			});
			try {
				await until(() => ready, 'the second process', 60_000);
				let version = seenByA.filter((e) => e.type === 'state').map((e) => (e.payload as PublicState).v).at(-1)!;
				const send = async (action: ControlAction) => {
					const result = await controlWorkshop(deps, world.actors.counselor, row.id, { action, version });
					expect(result.applied).toBe(true);
					version = result.state.v;
				};
				const countOf = (i: number) =>
					Math.max(0, ...seenByA.filter((e) => e.type === 'count' && (e.payload as AnswerCount).i === i).map((e) => (e.payload as AnswerCount).n));
				await send('start');
				for (let i = 0; i < 3; i++) {
					await until(() => countOf(i) === secrets.length, `the answers to question ${i}`);
					await send('reveal');
					await send(i === 1 ? 'leaderboard' : 'next');
					if (i === 1) await send('next');
				}
				await until(() => done, 'the second process to finish');
				expect(await exited).toBe(0);
			} finally {
				unsubscribe();
				if (!done) child.kill();
			}
			expect(stderr).toBe('');

			// Every answer recorded by B, once.
			expect(outcomesByB.map((o) => o.answered)).toEqual([0, 1, 2]);
			for (const o of outcomesByB) expect(o.outcomes).toEqual(secrets.map(() => 'recorded'));
			// Both hubs saw exactly the same events, in the same order.
			await until(() => seenByA.length === seenByB.length, 'hub A to catch up', 5_000);
			expect(seenByB).toEqual(seenByA);
			// One consistent sequence: versions +1 each time; for each question, counts 1…6 before its reveal.
			const states = seenByA.filter((e) => e.type === 'state').map((e) => e.payload as PublicState);
			expect(states.map((s) => s.v)).toEqual(states.map((_, i) => states[0]!.v + i));
			expect(states.map((s) => s.phase)).toEqual([
				'lobby', 'question', 'reveal', 'question', 'reveal', 'leaderboard', 'question', 'reveal', 'ended'
			]);
			// Counts are coalesced (process B publishes at most one per ~40 ms): for each question they
			// only grow and reach 6 before its reveal; a late duplicate after the reveal still says 6.
			for (let i = 0; i < 3; i++) {
				const revealId = seenByA.find((e) => e.type === 'state' && (e.payload as PublicState).phase === 'reveal' && (e.payload as PublicState).index === i)!.id;
				const counts = seenByA.filter((e) => e.type === 'count' && (e.payload as AnswerCount).i === i);
				const ns = counts.map((e) => (e.payload as AnswerCount).n);
				expect(ns.length).toBeGreaterThanOrEqual(1);
				expect(ns).toEqual([...ns].sort((a, b) => a - b));
				expect(counts.filter((c) => c.id < revealId).at(-1)!.payload).toEqual({ i, n: 6 });
				for (const c of counts.filter((e) => e.id > revealId)) expect(c.payload).toEqual({ i, n: 6 });
			}
		},
		120_000
	);

	it.skipIf(!postgres)(
		'live counts coalesced by two processes only grow in event order and end at the number of answers',
		async () => {
			const second = await openPostgres(testDatabaseUrl(handle)!, { max: 4 });
			const depsB = buildDeps(second, { config: readConfig({ TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent' }) });
			try {
				const row = await aWorkshop(deps.db, { structureId: world.structures.lyon.id, createdBy: null, timerSeconds: null, capacity: 100 });
				await openLobby(deps, world.actors.counselor, row.id);
				const players = [];
				for (let i = 0; i < 60; i++) {
					const { secret } = await joinWorkshop(deps, null, row.id, { nickname: `Duo ${i}` });
					players.push((await playerFromSecret(deps, row.id, secret))!);
				}
				const seen: { id: number; n: number }[] = [];
				const unsubscribe = await hub.subscribe([workshopStaffStream(row.id)], 0, (e) => {
					if (e.type === 'count') seen.push({ id: e.id, n: (e.payload as AnswerCount).n });
				});
				try {
					const [lobby] = await deps.db.select({ v: workshops.stateVersion }).from(workshops).where(eq(workshops.id, row.id));
					await controlWorkshop(deps, world.actors.counselor, row.id, { action: 'start', version: lobby!.v });
					// Half the players answer through process A, half through process B, all at once, in waves.
					for (let wave = 0; wave < 3; wave++) {
						await Promise.all(
							players.slice(wave * 20, wave * 20 + 20).map((p, k) =>
								submitAnswer(k % 2 ? deps : depsB, p, { index: 0, response: { choice: 'une' } })
							)
						);
					}
					await Promise.all([liveCountsSettled(deps), liveCountsSettled(depsB)]);
					await until(() => seen.at(-1)?.n === 60, 'the last count');
				} finally {
					unsubscribe();
				}
				const ns = seen.map((s) => s.n);
				expect(seen.map((s) => s.id)).toEqual([...seen.map((s) => s.id)].sort((a, b) => a - b));
				expect(ns).toEqual([...ns].sort((a, b) => a - b));
				expect(ns.at(-1)).toBe(60);
				expect(ns.length).toBeLessThan(60);
			} finally {
				await second.close();
			}
		},
		60_000
	);
});
