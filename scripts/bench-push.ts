// `npm run bench:push` — what the web push job (`messaging.push`, every 10 s in every server)
// costs when many people have turned notifications on and few have anything new: the run that
// finds nothing to send is the common one, and it must stay cheap as unread messages pile up
// (youth who never open their messages, staff with a long caseload).
//
// On a fresh embedded database (temporary directory), or on PostgreSQL when DATABASE_URL is set
// (use an empty database: `createdb bench_push`), it builds one Mission Locale with
// BENCH_COUNSELORS (200) counselors and BENCH_YOUTH (20,000) youth, each youth with its
// conversation holding BENCH_BACKLOG (5) staff messages and 2 youth messages written
// BENCH_BACKLOG_DAYS (2) days ago and never read, and a device with notifications on for every
// one of them (a session each).
// Then, with the real job function (`sendPushNotifications`):
//   1. a first run announces nothing (everything is older than a day) — not timed, it warms up;
//   2. BENCH_RUNS (20) runs with nothing new: `idleRunP50Ms`, `idleRunP95Ms`;
//   3. 1 % of the youth get a new message from their counselor, their devices pointing at the
//      loopback push service of the tests (`push-sink.ts`, which checks and decrypts every push):
//      one run, `dueRunMs`, and how many pushes the service received (`pushesReceived`);
//   4. the e-mail digest job (`sendUnreadDigests`, every 15 min), which reads the same backlog:
//      everyone got a digest covering it yesterday. A first run 7 h later sends the 1 % above
//      their digest (not counted); then BENCH_RUNS runs 15 minutes apart, like the job, send
//      nothing — `digestIdleRunP50Ms`, `digestIdleRunP95Ms`. The backlog stays within the
//      digest's look-back (3 days) throughout: every conversation is read each run, the worst case.
// BENCH_ANALYZE=1 or 0 forces the planner's statistics on or off (see below).
// Prints human lines, then a JSON line last.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildDeps } from '../src/lib/server/app';
import { openPglite, openPostgres } from '../src/lib/server/db/client';
import { runMigrations } from '../src/lib/server/db/migrate';
import { sendUnreadDigests } from '../src/lib/server/modules/messaging/messaging.digest';
import { sendPushNotifications } from '../src/lib/server/modules/messaging/messaging.push';
import { readConfig } from '../src/lib/server/platform/config/config';
import { startPushSink } from '../src/lib/server/platform/push/push-sink';
import { percentile } from './bench-support.js';

const YOUTH = Number(process.env.BENCH_YOUTH ?? 20_000);
const COUNSELORS = Number(process.env.BENCH_COUNSELORS ?? 200);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const BACKLOG_DAYS = Number(process.env.BENCH_BACKLOG_DAYS ?? 2);
const say = (line: string) => console.log(`[bench:push] ${line}`);

const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';
const dataDir = database === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'tremplin-bench-push-')) : null;
const handle = dataDir ? await openPglite(path.join(dataDir, 'pglite')) : await openPostgres(process.env.DATABASE_URL!);
const sink = await startPushSink();
try {
	await runMigrations(handle);
	let clock = new Date();
	const deps = buildDeps(handle, {
		config: readConfig({ TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent', PUSH_SERVICE_HOSTS: sink.host }),
		now: () => clock
	});
	const db = deps.db;
	say(`${YOUTH} jeunes, ${COUNSELORS} conseillers, ${BACKLOG + 2} messages non lus par conversation, base ${database}`);

	// ——— Data, in bulk ———
	const run = randomBytes(4).toString('hex');
	const networkId = randomUUID();
	const structureId = randomUUID();
	const counselors = Array.from({ length: COUNSELORS }, () => randomUUID());
	const youth = Array.from({ length: YOUTH }, (_, i) => ({ id: randomUUID(), referent: counselors[i % COUNSELORS]! }));
	const t0 = performance.now();
	await db.transaction(async (tx) => {
		await tx.execute(sql`insert into networks (id, slug, name, kind) values (${networkId}, ${'bench-' + run}, 'Réseau de mesure', 'departmental')`);
		await tx.execute(sql`insert into structures (id, network_id, slug, name) values (${structureId}, ${networkId}, ${'bench-' + run}, 'Mission Locale de mesure')`);
		const people = [
			...counselors.map((id, i) => ({ id, role: 'counselor', email: `bench-${run}-c${i}@tremplin.test` })),
			...youth.map((y, i) => ({ id: y.id, role: 'youth', email: `bench-${run}-y${i}@tremplin.test` }))
		];
		await tx.execute(sql`insert into users (id, role, email, first_name, last_name, structure_id)
			select id, role, email, 'Mesure', 'Mesure', ${structureId}::uuid from json_to_recordset(${JSON.stringify(people)}::json) as x(id uuid, role text, email text)`);
		await tx.execute(sql`insert into youth_profiles (user_id, structure_id, referent_id)
			select id, ${structureId}::uuid, referent from json_to_recordset(${JSON.stringify(youth)}::json) as x(id uuid, referent uuid)`);
		await tx.execute(sql`insert into conversations (youth_id, structure_id, next_seq, last_message_at)
			select id, ${structureId}::uuid, ${BACKLOG + 2}, now() - ${BACKLOG_DAYS} * interval '1 day' from json_to_recordset(${JSON.stringify(youth)}::json) as x(id uuid, referent uuid)`);
		// BACKLOG messages of the referent, then 2 of the youth, BACKLOG_DAYS old, never read by anyone.
		await tx.execute(sql`insert into messages (id, conversation_id, seq, author_id, author_role, body, created_at)
			select gen_random_uuid(), c.id, g,
				case when g <= ${BACKLOG} then yp.referent_id else c.youth_id end,
				case when g <= ${BACKLOG} then 'staff' else 'youth' end,
				'Message de mesure', now() - ${BACKLOG_DAYS} * interval '1 day' - (${BACKLOG + 2} - g) * interval '1 minute'
			from conversations c join youth_profiles yp on yp.user_id = c.youth_id, generate_series(1, ${BACKLOG + 2}) g
			where c.structure_id = ${structureId}`);
		// One signed-in device with notifications on per person (the addresses are never called
		// for these: nothing of theirs is due; the due ones get real loopback devices below).
		await tx.execute(sql`insert into sessions (id, user_id, method, mfa_satisfied, expires_at)
			select encode(sha256(convert_to(u.id::text || ${run}, 'UTF8')), 'hex'), u.id, 'password', true, now() + interval '30 days'
			from users u where u.structure_id = ${structureId}`);
		await tx.execute(sql`insert into push_subscriptions (user_id, session_id, endpoint, p256dh, auth)
			select s.user_id, s.id, 'https://fcm.googleapis.com/fcm/send/bench-' || s.id, 'unused', 'unused'
			from sessions s join users u on u.id = s.user_id where u.structure_id = ${structureId}`);
		// Everyone got yesterday an e-mail digest of that backlog.
		await tx.execute(sql`insert into message_digests (user_id, enabled, last_sent_at, covered_until)
			select u.id, true, now() - interval '1 day', now() - interval '1 day' from users u where u.structure_id = ${structureId}`);
	});
	// PostgreSQL's autovacuum gathers the planner's statistics of freshly loaded tables within a
	// minute; PGlite has no autovacuum, so an embedded database plans without them (unless
	// BENCH_ANALYZE=1): each side is measured as it runs in production.
	const analyze = process.env.BENCH_ANALYZE ? process.env.BENCH_ANALYZE === '1' : database === 'postgresql';
	if (analyze) await db.execute(sql`analyze`);
	say(`données créées en ${((performance.now() - t0) / 1000).toFixed(1)} s${analyze ? ', statistiques calculées (ANALYZE)' : ', sans statistiques (pas d’ANALYZE)'}`);

	// 1. Warm-up: nothing is less than a day old, nothing is sent.
	const warm = await sendPushNotifications(deps);
	if (warm !== 0) throw new Error(`the warm-up run sent ${warm} pushes (expected 0)`);

	// 2. Runs with nothing new, like most runs of the day.
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		clock = new Date(clock.getTime() + 10_000);
		const started = performance.now();
		const sent = await sendPushNotifications(deps);
		times.push(performance.now() - started);
		if (sent !== 0) throw new Error(`an idle run sent ${sent} pushes`);
	}
	times.sort((a, b) => a - b);
	const idleRunP50Ms = percentile(times, 50);
	const idleRunP95Ms = percentile(times, 95);
	say(`tour sans rien de neuf : p50 ${idleRunP50Ms} ms, p95 ${idleRunP95Ms} ms (${RUNS} tours)`);

	// 3. 1 % of the youth get a new message; their devices are real ones of the loopback service.
	const dueYouth = youth.filter((_, i) => i % 100 === 0);
	clock = new Date(clock.getTime() + 10_000);
	for (const y of dueYouth) {
		const device = sink.newDevice();
		await db.execute(sql`update push_subscriptions set endpoint = ${device.endpoint}, p256dh = ${device.p256dh}, auth = ${device.auth} where user_id = ${y.id}`);
		await db.execute(sql`with c as (update conversations set next_seq = next_seq + 1, last_message_at = ${clock.toISOString()}::timestamptz where youth_id = ${y.id} returning id, next_seq)
			insert into messages (id, conversation_id, seq, author_id, author_role, body, created_at)
			select gen_random_uuid(), c.id, c.next_seq, ${y.referent}::uuid, 'staff', 'Nouveau message', ${clock.toISOString()}::timestamptz from c`);
	}
	clock = new Date(clock.getTime() + 1000);
	const before = sink.pushes.length;
	const started = performance.now();
	const sent = await sendPushNotifications(deps);
	const dueRunMs = Math.round((performance.now() - started) * 10) / 10;
	const pushesReceived = sink.pushes.slice(before).filter((p) => p.problem === null && p.plaintext !== null).length;
	say(`tour avec ${dueYouth.length} jeunes à prévenir : ${dueRunMs} ms, ${sent} notifications acceptées, ${pushesReceived} reçues et déchiffrées par le service de test`);
	if (pushesReceived !== dueYouth.length) throw new Error(`expected ${dueYouth.length} pushes, the push service received ${pushesReceived}`);

	// 4. The e-mail digest job on the same backlog (the first run sends the 1 % their digest).
	const digestTimes: number[] = [];
	for (let i = 0; i <= RUNS; i++) {
		// The first run 7 h on (the new messages are due); then the job's own pace, every 15 minutes.
		clock = new Date(clock.getTime() + (i === 0 ? 7 * 3600_000 : 15 * 60_000));
		const started = performance.now();
		const digests = await sendUnreadDigests(deps);
		if (i > 0) digestTimes.push(performance.now() - started);
		if (i === 0 && digests !== dueYouth.length) throw new Error(`the first digest run sent ${digests} e-mails, expected ${dueYouth.length}`);
		if (i > 0 && digests !== 0) throw new Error(`an idle digest run sent ${digests} e-mails`);
	}
	digestTimes.sort((a, b) => a - b);
	const digestIdleRunP50Ms = percentile(digestTimes, 50);
	const digestIdleRunP95Ms = percentile(digestTimes, 95);
	say(`résumé par e-mail, tour sans rien de neuf : p50 ${digestIdleRunP50Ms} ms, p95 ${digestIdleRunP95Ms} ms`);

	console.log(
		JSON.stringify({
			youth: YOUTH,
			backlogDays: BACKLOG_DAYS,
			counselors: COUNSELORS,
			subscribedPeople: YOUTH + COUNSELORS,
			unreadMessages: YOUTH * (BACKLOG + 2),
			idleRunP50Ms,
			idleRunP95Ms,
			duePeople: dueYouth.length,
			dueRunMs,
			pushesReceived,
			digestIdleRunP50Ms,
			digestIdleRunP95Ms,
			database,
			analyzed: analyze,
			cpus: os.cpus().length
		})
	);
} finally {
	await sink.close();
	await handle.close();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
