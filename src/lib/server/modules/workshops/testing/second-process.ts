/**
 * A second app process for `workshops.processes.test.ts` (PostgreSQL only): its own connection
 * pool and its own realtime hub on the same database. Run with `npx tsx` (tsconfig paths give `$lib`).
 *
 * Environment: `DATABASE_URL`, `WORKSHOP_ID`, `SECRETS` (JSON array of player secrets) and
 * `RESPONSES` (JSON array: the response every player sends, by question index).
 * Stdout, one JSON object per line: `{"ready":true}` once subscribed, every event its hub delivers
 * on the workshop's two streams (`{"event":{id,stream,type,payload}}`), `{"answered":i,"outcomes":[…]}`
 * after answering question i, and `{"done":true}` after the `ended` state; then it exits.
 */
import { openPostgres } from '$lib/server/db/client';
import { createRealtimeHub, type RealtimeEvent } from '$lib/server/platform/realtime';
import type { PublicState } from '$lib/workshops/live';
import { liveCountsSettled, playerFromSecret, submitAnswer } from '../workshops.live';
import { workshopStaffStream, workshopStream } from '../workshops.repository';

const url = process.env.DATABASE_URL!;
const workshopId = process.env.WORKSHOP_ID!;
const secrets = JSON.parse(process.env.SECRETS ?? '[]') as string[];
const responses = JSON.parse(process.env.RESPONSES ?? '[]') as unknown[];
const print = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

const handle = await openPostgres(url, { max: 4 });
const deps = { db: handle.db, now: () => new Date() };
const hub = createRealtimeHub(handle, { pollMs: 200, onError: (e) => print({ error: String(e) }) });
const answered = new Set<number>();
let finish: () => void = () => {};
const finished = new Promise<void>((resolve) => (finish = resolve));
const queue: Promise<void>[] = [];

async function answer(index: number) {
	const outcomes = await Promise.all(
		secrets.map(async (secret) => {
			const player = await playerFromSecret(deps, workshopId, secret);
			if (!player) return 'unknown';
			return submitAnswer(deps, player, { index, response: responses[index] }).then(
				(r) => r.outcome,
				(e: { code?: string }) => e.code ?? String(e)
			);
		})
	);
	print({ answered: index, outcomes });
}

const unsubscribe = await hub.subscribe([workshopStream(workshopId), workshopStaffStream(workshopId)], 0, (event: RealtimeEvent) => {
	print({ event: { id: event.id, stream: event.stream, type: event.type, payload: event.payload } });
	if (event.type !== 'state') return;
	const state = event.payload as PublicState;
	if (state.phase === 'question' && !state.paused && !answered.has(state.index)) {
		answered.add(state.index);
		queue.push(answer(state.index));
	}
	if (state.phase === 'ended') finish();
});
print({ ready: true });
await finished;
await Promise.all(queue);
// Counts are coalesced after the answers' commits: let the last ones be published, and this hub
// deliver them (a hint, or its 200 ms poll), so that both processes have printed the same events.
await liveCountsSettled(deps);
await new Promise((resolve) => setTimeout(resolve, 600));
unsubscribe();
await hub.close();
await handle.close();
print({ done: true });
process.exit(0);
