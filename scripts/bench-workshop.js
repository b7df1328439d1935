#!/usr/bin/env node
// `npm run bench:workshop` — what the "Ateliers en direct" issue (7) asks to measure:
//   1. answer → presenter count: BENCH_PLAYERS (300) players of one live session, each connected to
//      the real player stream (GET /atelier/session/<id>/flux), answer every question once through
//      the real route (POST /atelier/session/<id>/reponse), spread uniformly over BENCH_SPREAD_MS
//      (3 s); the presenter's stream (GET /pro/ateliers/<id>/animer/flux) delivers `count` events.
//      Delay of an answer: from the moment its POST is sent to the arrival of the first `count`
//      whose n includes it. Counts only grow (the count is read under the publish lock, so the
//      k-th committed answer publishes n = k), and the k-th answer is taken as the k-th whose
//      POST came back (the server answers after its commit): the k-th answer is visible when the
//      first `count` with n ≥ k arrives. p50/p95/p99 over every answer of every question.
//   2. next question → all players: from the moment the presenter's control (`start`, then
//      `next`, through the real form action /pro/ateliers/<id>/animer?/controle) is sent to the
//      moment the LAST player's stream delivers the `state` of the new question; p95 over the
//      BENCH_QUESTIONS (10) questions (1 `start` + 9 `next`).
//   3. fan-out: BENCH_FANOUT (2,000) player streams of a second session; the presenter toggles the
//      leaderboard's visibility (one `state` event each time); from the control's POST to the last
//      stream receiving the event (`fanoutMs`, median of BENCH_FANOUT_REPS = 5). Same run, same
//      clients: a bare SSE broadcast server written here (child process: GET /flux registers,
//      POST /diffuser writes one frame to every connection; no database, no authentication)
//      (`bareFanoutMs`). fanoutRatio = fanoutMs / bareFanoutMs.
// The streams are read in BENCH_CLIENT_WORKERS (4) worker threads (the same for Tremplin and for
// the bare server), so that one event loop reading thousands of streams does not distort the
// measure; the controls and answers are sent from the main thread. All times come from one
// monotonic clock (process.hrtime), shared by the threads.
//
// Runs the production build on a fresh PGlite data directory, or on PostgreSQL when DATABASE_URL
// is set (an empty database: `createdb bench_ws`). BENCH_BUILD_DIR=<dir> serves an existing build
// (`node <dir>/index.js`) instead of `scripts/start.js` (which builds `build/` when needed).
// Prints human lines, then a JSON line last.
//
// Data setup (as bench:messaging does): before the server serves the bench, this script inserts
// into the same database a Mission Locale, a counselor with a session (the cookie holds a random
// token, the `sessions` row its SHA-256), two live workshops in the lobby with a join code, and
// their players (the player cookie `__Host-tremplin_atelier` holds `<workshopId>.<secret>`, the
// `workshop_players` row the secret's SHA-256) — 2,300 joins through the form would hit the
// per-IP limits, which stay on. The server runs outside demo mode.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { delay, freePort, runStatements, killChildrenOnExit, openEventStream, percentile, round, serveHelper, startHelper, startServer, stopChild } from './bench-support.js';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const SESSION_COOKIE = '__Host-tremplin_session';
const PLAYER_COOKIE = '__Host-tremplin_atelier';

/** Milliseconds on the monotonic clock, the same in every thread and process of this machine. */
const hr = () => Number(process.hrtime.bigint()) / 1e6;

// ——— The bare broadcast server (child process: `node bench-workshop.js --bare-broadcast <port>`) ———
function runBareBroadcast() {
	const subscribers = new Set();
	let nextId = 0;
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://bare');
		if (req.method === 'GET' && url.pathname === '/flux') {
			openEventStream(res, subscribers);
			return;
		}
		if (req.method === 'POST' && url.pathname === '/diffuser') {
			let raw = '';
			req.setEncoding('utf8');
			req.on('data', (chunk) => (raw += chunk));
			req.on('end', () => {
				const frame = `id: ${++nextId}\nevent: state\ndata: ${raw}\n\n`;
				for (const sub of subscribers) sub.write(frame);
				res.writeHead(204);
				res.end();
			});
			return;
		}
		res.writeHead(404);
		res.end();
	});
	serveHelper(server);
}

// ——— Stream readers (worker threads) ———
// workerData: { host, port, streams: [{ path, cookie }] }. Messages from the main thread:
//   { type: 'await', v, timeoutMs } → { type: 'arrived', v, maxAt, missing } once every stream has
//   delivered a `state` with version ≥ v (maxAt: arrival of the last one, on `hr()`);
//   { type: 'close' } → { type: 'closed' }.
function runStreamWorker() {
	const { host, port, streams } = workerData;
	const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
	const conns = [];
	let waiting = null;
	let dropped = 0;

	function settle(force) {
		if (!waiting) return;
		if (waiting.done < conns.length && !force) return;
		clearTimeout(waiting.timer);
		parentPort.postMessage({ type: 'arrived', v: waiting.v, maxAt: waiting.maxAt, missing: conns.length - waiting.done, dropped });
		waiting = null;
	}

	function onState(conn, v, at) {
		if (v <= conn.maxV) return;
		conn.maxV = v;
		conn.arrivals.push([v, at]);
		if (conn.arrivals.length > 64) conn.arrivals.shift();
		if (waiting && v >= waiting.v && conn.countedFor !== waiting.v) {
			conn.countedFor = waiting.v;
			waiting.done++;
			if (at > waiting.maxAt) waiting.maxAt = at;
			settle(false);
		}
	}

	function open(spec) {
		return new Promise((resolve, reject) => {
			const conn = { maxV: -1, arrivals: [], countedFor: null, req: null };
			const headers = { accept: 'text/event-stream' };
			if (spec.cookie) headers.cookie = spec.cookie;
			const req = http.request({ host, port, path: spec.path, headers, agent });
			conn.req = req;
			req.on('response', (res) => {
				if (res.statusCode !== 200) {
					res.resume();
					reject(new Error(`${spec.path}: HTTP ${res.statusCode}`));
					return;
				}
				res.setEncoding('utf8');
				let buffer = '';
				let opened = false;
				res.on('data', (chunk) => {
					const at = hr();
					if (!opened) {
						opened = true;
						conns.push(conn);
						resolve();
					}
					buffer += chunk;
					let end;
					while ((end = buffer.indexOf('\n\n')) >= 0) {
						const frame = buffer.slice(0, end);
						buffer = buffer.slice(end + 2);
						let event = 'message';
						let data = '';
						for (const line of frame.split('\n')) {
							if (line.startsWith('event: ')) event = line.slice(7);
							else if (line.startsWith('data: ')) data += line.slice(6);
						}
						if (event !== 'state' || !data) continue;
						try {
							const v = JSON.parse(data).v;
							if (typeof v === 'number') onState(conn, v, at);
						} catch {
							/* not ours */
						}
					}
				});
				res.on('error', () => {});
				res.on('close', () => {
					if (!conn.closing) dropped++;
				});
			});
			req.on('error', (error) => reject(error));
			req.end();
		});
	}

	parentPort.on('message', async (message) => {
		if (message.type === 'connect') {
			try {
				// Fifty at a time per thread, like a class arriving (and within the accept backlog).
				for (let i = 0; i < streams.length; i += 50) await Promise.all(streams.slice(i, i + 50).map(open));
				parentPort.postMessage({ type: 'connected', count: conns.length });
			} catch (error) {
				parentPort.postMessage({ type: 'error', message: String(error?.message ?? error) });
			}
		} else if (message.type === 'await') {
			waiting = { v: message.v, done: 0, maxAt: -Infinity, timer: null };
			for (const conn of conns) {
				const first = conn.arrivals.find(([v]) => v >= message.v);
				if (first) {
					conn.countedFor = message.v;
					waiting.done++;
					if (first[1] > waiting.maxAt) waiting.maxAt = first[1];
				}
			}
			waiting.timer = setTimeout(() => settle(true), message.timeoutMs);
			settle(false);
		} else if (message.type === 'close') {
			for (const conn of conns) {
				conn.closing = true;
				conn.req.destroy();
			}
			agent.destroy();
			parentPort.postMessage({ type: 'closed' });
		}
	});
}

/** Spreads `streams` over `count` worker threads, connects them all; returns a handle. */
async function openStreamGroup(base, streams, count) {
	const workers = [];
	const per = Math.ceil(streams.length / count);
	for (let w = 0; w < count && w * per < streams.length; w++) {
		const worker = new Worker(import.meta.filename, {
			workerData: { role: 'streams', host: base.host, port: base.port, streams: streams.slice(w * per, (w + 1) * per) }
		});
		workers.push(worker);
	}
	const next = (worker, type) =>
		new Promise((resolve, reject) => {
			const onMessage = (message) => {
				if (message.type === type) {
					worker.off('message', onMessage);
					resolve(message);
				} else if (message.type === 'error') {
					worker.off('message', onMessage);
					reject(new Error(message.message));
				}
			};
			worker.on('message', onMessage);
		});
	await Promise.all(
		workers.map((worker) => {
			const done = next(worker, 'connected');
			worker.postMessage({ type: 'connect' });
			return done;
		})
	);
	// Each stream subscribes to the hub after its first bytes: give the last ones a moment.
	await delay(1000);
	return {
		/** When every stream has delivered a `state` with version ≥ v: the last arrival (hr), missing streams, drops. */
		async awaitVersion(v, timeoutMs = 60_000) {
			const replies = await Promise.all(
				workers.map((worker) => {
					const done = next(worker, 'arrived');
					worker.postMessage({ type: 'await', v, timeoutMs });
					return done;
				})
			);
			return {
				lastAt: Math.max(...replies.map((r) => r.maxAt)),
				missing: replies.reduce((s, r) => s + r.missing, 0),
				dropped: replies.reduce((s, r) => s + r.dropped, 0)
			};
		},
		async close() {
			await Promise.all(
				workers.map((worker) => {
					const done = next(worker, 'closed');
					worker.postMessage({ type: 'close' });
					return done;
				})
			);
			await Promise.all(workers.map((worker) => worker.terminate()));
		}
	};
}

// ——— Main ———
async function main() {
	const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 300);
	const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 10);
	const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 3000);
	const TIMER_SECONDS = process.env.BENCH_TIMER_SECONDS === '' ? null : Number(process.env.BENCH_TIMER_SECONDS ?? 60);
	const FANOUT = Number(process.env.BENCH_FANOUT ?? 2000);
	const FANOUT_REPS = Number(process.env.BENCH_FANOUT_REPS ?? 5);
	const CLIENT_WORKERS = Number(process.env.BENCH_CLIENT_WORKERS ?? 4);
	const REVEAL_PAUSE_MS = Number(process.env.BENCH_REVEAL_PAUSE_MS ?? 1000);
	const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';
	const say = (line) => console.log(`[bench:workshop] ${line}`);
	const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

	const fdLimit = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()) || 0;
	// Two sockets per stream (client and server ends, both on this machine), plus the rest.
	const needed = Math.max(FANOUT, PLAYERS) * 2 + PLAYERS * 2 + 500;
	if (fdLimit && fdLimit < needed) {
		console.error(
			`[bench:workshop] ulimit -n vaut ${fdLimit} : trop peu pour ${FANOUT} flux (il faut environ ${needed}). ` +
				`Relevez-le dans ce terminal (ulimit -n 20000) ou réduisez BENCH_FANOUT.`
		);
		process.exit(1);
	}
	say(
		`${PLAYERS} joueurs, ${QUESTIONS} questions (minuteur ${TIMER_SECONDS ?? 'aucun'} s), réponses étalées sur ${SPREAD_MS} ms ; ` +
			`diffusion vers ${FANOUT} flux × ${FANOUT_REPS} ; ${CLIENT_WORKERS} fils de lecture ; base ${database}`
	);
	say(`machine : ${os.cpus().length} cœurs (${os.cpus()[0]?.model ?? '?'}), charge ${load()}, ulimit -n ${fdLimit}, Node ${process.version}`);

	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tremplin-bench-workshop-'));
	const cleanups = [];
	try {
		const port = await freePort();
		const base = { host: '127.0.0.1', port, origin: `http://127.0.0.1:${port}` };
		// 1. First start: migrations only (no demo data), then stop to set the data up.
		let server = await startServer(dataDir, port);
		await stopServer(server);
		const data = await setUp(dataDir, { players: PLAYERS, fanout: FANOUT, questions: QUESTIONS, timerSeconds: TIMER_SECONDS });
		say(`données de mesure créées (Mission Locale, conseiller et sa session, 2 ateliers en salle d’attente, ${PLAYERS} + ${FANOUT} joueurs)`);
		server = await startServer(dataDir, port);
		cleanups.push(() => stopServer(server));
		const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
		cleanups.push(() => agent.destroy());

		// ——— Measures 1 and 2: a session of QUESTIONS questions with PLAYERS players ———
		const session = data.session;
		const presenter = presenterStream(base, session.id, data.counselorToken);
		cleanups.push(() => presenter.close());
		await presenter.opened;
		let t0 = hr();
		const players = await openStreamGroup(
			base,
			session.players.map((p) => ({ path: `/atelier/session/${session.id}/flux`, cookie: `${PLAYER_COOKIE}=${session.id}.${p.secret}` })),
			CLIENT_WORKERS
		);
		cleanups.push(() => players.close());
		say(`flux ouverts : présentateur + ${PLAYERS} joueurs en ${((hr() - t0) / 1000).toFixed(1)} s`);

		let version = session.version;
		const answerDelays = [];
		const nextDelays = [];
		const refreshTimes = [];
		const outcomes = { recorded: 0, duplicate: 0, refused: 0, failed: 0 };
		let countMissing = 0;
		let streamMissing = 0;
		const answerAcks = [];
		for (let q = 0; q < QUESTIONS; q++) {
			// The presenter brings the question: `start` for the first one, `next` after each reveal.
			const action = q === 0 ? 'start' : 'next';
			const sentAt = hr();
			const control = await postControl(base, agent, session.id, data.counselorToken, action, version);
			if (!control.applied) throw new Error(`control ${action} (v${version}) not applied: ${control.detail}`);
			version++;
			void getJson(base, agent, `/pro/ateliers/${session.id}/animer/etat`, `${SESSION_COOKIE}=${data.counselorToken}`); // what the presenter's page does after a control
			const reached = await players.awaitVersion(version);
			streamMissing += reached.missing;
			nextDelays.push(reached.lastAt - sentAt);
			await presenter.waitVersion(version);

			// Every player answers once, uniformly spread over SPREAD_MS.
			const question = session.questions[q];
			const answers = [];
			const pending = session.players.map(async (player) => {
				await delay(Math.random() * SPREAD_MS);
				const choice = question.choices[Math.floor(Math.random() * question.choices.length)].id;
				const answer = { sentAt: hr(), respondedAt: null, outcome: null };
				answers.push(answer);
				const result = await postAnswer(base, agent, session.id, player.secret, { index: q, response: { choice } });
				answer.respondedAt = hr();
				answer.outcome = result;
				outcomes[result] = (outcomes[result] ?? 0) + 1;
				answerAcks.push(answer.respondedAt - answer.sentAt);
			});
			await Promise.all(pending);
			const recorded = answers.filter((a) => a.outcome === 'recorded').sort((a, b) => a.respondedAt - b.respondedAt);
			await presenter.waitCount(q, recorded.length, 30_000);
			// The k-th accepted answer is visible when the first count with n ≥ k arrives.
			const counts = presenter.counts(q);
			const questionDelays = [];
			let c = 0;
			for (let k = 1; k <= recorded.length; k++) {
				while (c < counts.length && counts[c].n < k) c++;
				if (c >= counts.length) {
					countMissing++;
					continue;
				}
				questionDelays.push(counts[c].at - recorded[k - 1].sentAt);
			}
			answerDelays.push(...questionDelays);
			questionDelays.sort((a, b) => a - b);

			// Reveal; every player's page fetches its snapshot within 400 ms (as player.svelte.ts does).
			const reveal = await postControl(base, agent, session.id, data.counselorToken, 'reveal', version);
			if (!reveal.applied) throw new Error(`control reveal (v${version}) not applied: ${reveal.detail}`);
			version++;
			const revealed = await players.awaitVersion(version);
			streamMissing += revealed.missing;
			await Promise.all(
				session.players.map(async (player) => {
					await delay(Math.random() * 400);
					const start = hr();
					const ok = await getJson(base, agent, `/atelier/session/${session.id}/etat`, `${PLAYER_COOKIE}=${session.id}.${player.secret}`);
					if (ok) refreshTimes.push(hr() - start);
				})
			);
			await delay(REVEAL_PAUSE_MS);
			say(
				`question ${q + 1}/${QUESTIONS} : « ${action} » → tous les joueurs en ${(reached.lastAt - sentAt).toFixed(1)} ms ; ` +
					`${recorded.length} réponses enregistrées, réponse → compteur p50 ${percentile(questionDelays, 50)} ms, p95 ${percentile(questionDelays, 95)} ms ; ` +
					`charge ${load()}`
			);
		}
		await postControl(base, agent, session.id, data.counselorToken, 'end', version);
		await players.close();
		presenter.close();
		cleanups.splice(cleanups.length - 2, 2);

		answerDelays.sort((a, b) => a - b);
		answerAcks.sort((a, b) => a - b);
		refreshTimes.sort((a, b) => a - b);
		const sortedNext = [...nextDelays].sort((a, b) => a - b);
		const answerStats = { p50: percentile(answerDelays, 50), p95: percentile(answerDelays, 95), p99: percentile(answerDelays, 99) };
		const nextP95 = percentile(sortedNext, 95);
		say(
			`réponses : ${outcomes.recorded} enregistrées, ${outcomes.duplicate} en double, ${outcomes.refused} refusées, ${outcomes.failed} en échec ; ` +
				`comptes jamais reçus ${countMissing}, flux joueurs manquants ${streamMissing}`
		);
		say(`réponse → compteur du présentateur : p50 ${answerStats.p50} ms, p95 ${answerStats.p95} ms, p99 ${answerStats.p99} ms (${answerDelays.length} réponses)`);
		say(`  (réponse du POST lui-même : p50 ${percentile(answerAcks, 50)} ms, p95 ${percentile(answerAcks, 95)} ms, p99 ${percentile(answerAcks, 99)} ms)`);
		say(
			`question suivante → dernier joueur : p50 ${percentile(sortedNext, 50)} ms, p95 ${nextP95} ms, max ${round(sortedNext.at(-1))} ms ` +
				`sur ${nextDelays.length} questions (1 start + ${nextDelays.length - 1} next) : ${nextDelays.map((d) => round(d)).join(', ')}`
		);
		say(`instantané joueur après la révélation (GET …/etat, ${refreshTimes.length}) : p50 ${percentile(refreshTimes, 50)} ms, p95 ${percentile(refreshTimes, 95)} ms`);

		// ——— Measure 3: fan-out of one `state` to FANOUT player streams ———
		const fan = data.fanout;
		t0 = hr();
		const fanStreams = await openStreamGroup(
			base,
			fan.players.map((p) => ({ path: `/atelier/session/${fan.id}/flux`, cookie: `${PLAYER_COOKIE}=${fan.id}.${p.secret}` })),
			CLIENT_WORKERS
		);
		say(`${FANOUT} flux joueurs ouverts sur /atelier/session/<id>/flux en ${((hr() - t0) / 1000).toFixed(1)} s`);
		let fanVersion = fan.version;
		const fanout = [];
		let fanMissing = 0;
		for (let r = 0; r < FANOUT_REPS; r++) {
			await delay(500);
			const action = r % 2 === 0 ? 'hide_leaderboard' : 'show_leaderboard';
			const sentAt = hr();
			const control = await postControl(base, agent, fan.id, data.counselorToken, action, fanVersion);
			if (!control.applied) throw new Error(`control ${action} (v${fanVersion}) not applied: ${control.detail}`);
			fanVersion++;
			const reached = await fanStreams.awaitVersion(fanVersion);
			fanMissing += reached.missing;
			fanout.push(reached.lastAt - sentAt);
		}
		await fanStreams.close();
		const fanoutMs = median(fanout);
		say(`Tremplin : contrôle → ${FANOUT} flux : ${fanout.map((d) => round(d)).join(', ')} ms (médiane ${fanoutMs} ms), manquants ${fanMissing}`);
		await stopServer(server);
		cleanups.splice(0, 1);

		// ——— The bare broadcast: same clients, same threads, same method ———
		const barePort = await freePort();
		const bare = await startBare(barePort);
		cleanups.push(() => stopChild(bare));
		const bareBase = { host: '127.0.0.1', port: barePort, origin: `http://127.0.0.1:${barePort}` };
		const bareStreams = await openStreamGroup(
			bareBase,
			Array.from({ length: FANOUT }, () => ({ path: '/flux', cookie: null })),
			CLIENT_WORKERS
		);
		const bareTimes = [];
		let bareMissing = 0;
		for (let r = 0; r < FANOUT_REPS; r++) {
			await delay(500);
			const v = r + 1;
			// A payload of the same shape and size as Tremplin's `state`.
			const payload = JSON.stringify({ v, phase: 'lobby', index: -1, total: QUESTIONS, deadline: null, durationMs: TIMER_SECONDS ? TIMER_SECONDS * 1000 : null, paused: false, remainingMs: null, leaderboardHidden: r % 2 === 0 });
			const sentAt = hr();
			await postRaw(bareBase, agent, '/diffuser', payload);
			const reached = await bareStreams.awaitVersion(v);
			bareMissing += reached.missing;
			bareTimes.push(reached.lastAt - sentAt);
		}
		await bareStreams.close();
		const bareFanoutMs = median(bareTimes);
		say(`diffusion nue : POST → ${FANOUT} flux : ${bareTimes.map((d) => round(d)).join(', ')} ms (médiane ${bareFanoutMs} ms), manquants ${bareMissing}`);

		const fanoutRatio = bareFanoutMs > 0 ? Math.round((fanoutMs / bareFanoutMs) * 100) / 100 : null;
		const latencyMet = answerStats.p95 !== null && answerStats.p95 <= 150 && nextP95 !== null && nextP95 <= 150;
		const fanoutMet = fanoutRatio !== null && fanoutRatio <= 1.5;
		say(
			`objectif p95 ≤ 150 ms : ${latencyMet ? 'atteint' : 'NON atteint'} (réponse → compteur ${answerStats.p95} ms, question suivante → tous ${nextP95} ms) ; ` +
				`diffusion ≤ 1,5 × la diffusion nue : ${fanoutMet ? 'atteint' : 'NON atteint'} (rapport ${fanoutRatio})`
		);
		say(`charge de la machine à la fin : ${load()}`);
		console.log(
			JSON.stringify({
				players: PLAYERS,
				answerToPresenterP50Ms: answerStats.p50,
				answerToPresenterP95Ms: answerStats.p95,
				answerToPresenterP99Ms: answerStats.p99,
				nextQuestionToAllP95Ms: nextP95,
				fanoutClients: FANOUT,
				fanoutMs,
				bareFanoutMs,
				fanoutRatio,
				database
			})
		);
	} finally {
		for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => {});
		rmSync(dataDir, { recursive: true, force: true });
	}
}

// ——— Server processes ———

const stopServer = stopChild;
const startBare = (port) => startHelper(import.meta.filename, '--bare-broadcast', port, 'the bare broadcast server');

// ——— Data set-up, straight into the database the server uses (see the header) ———

function questionsFor(count) {
	return Array.from({ length: count }, (_, q) => {
		const choices = ['a', 'b', 'c', 'd'].map((letter, i) => ({
			id: `q${q + 1}-${letter}`,
			label: `Réponse ${letter.toUpperCase()} de la question ${q + 1}`,
			correct: i === q % 4
		}));
		return {
			question: { kind: 'single', id: `bench-q${q + 1}`, prompt: `Question de mesure n° ${q + 1} : quelle est la bonne réponse ?`, choices, explanation: 'Explication de mesure.' },
			source: null
		};
	});
}

async function setUp(dataDir, { players, fanout, questions, timerSeconds }) {
	const run = randomBytes(4).toString('hex');
	const networkId = randomUUID();
	const structureId = randomUUID();
	const counselorId = randomUUID();
	const counselorToken = randomBytes(32).toString('base64url');
	const hash = (t) => createHash('sha256').update(t).digest('hex');
	const content = questionsFor(questions);
	const makeWorkshop = (title, count, code) => ({
		id: randomUUID(),
		title,
		code,
		version: 1,
		questions: content.map((c) => c.question),
		players: Array.from({ length: count }, (_, i) => ({ id: randomUUID(), nickname: `Joueur ${i + 1}`, secret: randomBytes(32).toString('base64url') }))
	});
	const codeA = String(100000 + Math.floor(Math.random() * 400000));
	const codeB = String(500000 + Math.floor(Math.random() * 400000));
	const session = makeWorkshop('Atelier de mesure (séance)', players, codeA);
	const fan = makeWorkshop('Atelier de mesure (diffusion)', fanout, codeB);
	const playerRows = [session, fan].flatMap((w) => w.players.map((p) => ({ id: p.id, workshop_id: w.id, nickname: p.nickname, secret_hash: hash(p.secret) })));
	const statements = [
		[`insert into networks (id, slug, name, kind) values ($1, $2, 'Réseau de mesure', 'departmental')`, [networkId, `bench-ws-${run}`]],
		[`insert into structures (id, network_id, slug, name) values ($1, $2, $3, 'Mission Locale de mesure')`, [structureId, networkId, `bench-ws-${run}`]],
		[
			`insert into users (id, role, email, first_name, last_name, structure_id) values ($1, 'counselor', $2, 'Conseillère', 'Mesure', $3)`,
			[counselorId, `bench-ws-${run}-conseillere@tremplin.test`, structureId]
		],
		[
			`insert into sessions (id, user_id, method, mfa_satisfied, expires_at) values ($1, $2, 'password', true, now() + interval '1 day')`,
			[hash(counselorToken), counselorId]
		],
		...[session, fan].map((w) => [
			`insert into workshops (id, structure_id, created_by, title, starts_at, capacity, timer_seconds, questions, phase, current_index, state_version, join_code, opened_at)
			 values ($1, $2, $3, $4, now(), 500, $5, $6::jsonb, 'lobby', -1, $7, $8, now())`,
			[w.id, structureId, counselorId, w.title, timerSeconds, JSON.stringify(content), w.version, w.code]
		]),
		[
			`insert into workshop_players (id, workshop_id, nickname, secret_hash)
			 select id, workshop_id, nickname, secret_hash from json_to_recordset($1::json) as x(id uuid, workshop_id uuid, nickname text, secret_hash text)`,
			[JSON.stringify(playerRows)]
		]
	];
	await runStatements(dataDir, statements);
	return { counselorToken, session, fanout: fan };
}

// ——— Clients (main thread) ———

/** The presenter's stream: `state` (versions) and `count` events, with their arrival times. */
function presenterStream(base, workshopId, token) {
	const counts = new Map();
	let maxV = -1;
	const waiters = new Set();
	const notify = () => {
		for (const w of waiters) {
			if (!w.test()) continue;
			waiters.delete(w);
			w.resolve();
		}
	};
	const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
	let req;
	const opened = new Promise((resolve, reject) => {
		req = http.request({
			host: base.host,
			port: base.port,
			path: `/pro/ateliers/${workshopId}/animer/flux`,
			headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${token}` },
			agent
		});
		req.on('response', (res) => {
			if (res.statusCode !== 200) {
				res.resume();
				reject(new Error(`presenter stream: HTTP ${res.statusCode}`));
				return;
			}
			res.setEncoding('utf8');
			let buffer = '';
			res.on('data', (chunk) => {
				const at = hr();
				resolve();
				buffer += chunk;
				let end;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const frame = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					let event = 'message';
					let data = '';
					for (const line of frame.split('\n')) {
						if (line.startsWith('event: ')) event = line.slice(7);
						else if (line.startsWith('data: ')) data += line.slice(6);
					}
					if (!data) continue;
					const payload = JSON.parse(data);
					if (event === 'count') {
						if (!counts.has(payload.i)) counts.set(payload.i, []);
						counts.get(payload.i).push({ n: payload.n, at });
					} else if (event === 'state' && payload.v > maxV) maxV = payload.v;
				}
				notify();
			});
			res.on('error', () => {});
		});
		req.on('error', reject);
		req.end();
	});
	const wait = (test, timeoutMs) =>
		new Promise((resolve) => {
			if (test()) return resolve();
			const w = { test, resolve };
			waiters.add(w);
			setTimeout(() => {
				if (waiters.delete(w)) resolve();
			}, timeoutMs);
		});
	return {
		opened: opened.then(() => delay(300)),
		waitVersion: (v, timeoutMs = 60_000) => wait(() => maxV >= v, timeoutMs),
		waitCount: (i, n, timeoutMs) => wait(() => (counts.get(i)?.at(-1)?.n ?? 0) >= n, timeoutMs),
		counts: (i) => counts.get(i) ?? [],
		close() {
			req?.destroy();
			agent.destroy();
		}
	};
}

function request(base, agent, { method, pathname, headers, body }) {
	return new Promise((resolve) => {
		let reused = false;
		const req = http.request({ host: base.host, port: base.port, path: pathname, method, headers, agent }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (text += c));
			res.on('end', () => resolve({ status: res.statusCode, text, reused }));
		});
		req.on('socket', (socket) => {
			reused = socket.bench_used === true;
			socket.bench_used = true;
		});
		req.on('error', (error) => resolve({ status: 0, text: String(error.code ?? error.message), reused }));
		req.setTimeout(120_000, () => req.destroy());
		req.end(body);
	});
}

/** A presenter's control through the page's form action, as `use:enhance` posts it (JSON answer). */
async function postControl(base, agent, workshopId, token, action, version) {
	const body = new URLSearchParams({ action, version: String(version) }).toString();
	const res = await request(base, agent, {
		method: 'POST',
		pathname: `/pro/ateliers/${workshopId}/animer?/controle`,
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			'content-length': Buffer.byteLength(body),
			origin: base.origin,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			cookie: `${SESSION_COOKIE}=${token}`
		},
		body
	});
	try {
		const result = JSON.parse(res.text);
		if (result.type === 'success') {
			// devalue: [{ applied: 1 }, true]
			const data = JSON.parse(result.data);
			return { applied: data[data[0].applied] === true, detail: res.text };
		}
	} catch {
		/* below */
	}
	return { applied: false, detail: `HTTP ${res.status} ${res.text.slice(0, 300)}` };
}

/** Retries of answers, by cause (see postAnswer). */
const answerRetries = { reusedSocketReset: 0, network: 0, server: 0 };

/**
 * A player's answer, as player.svelte.ts sends it: 'recorded' | 'duplicate' | 'refused' | 'failed'.
 * Like a browser, a POST that meets a kept-alive socket the server has just closed (reset before
 * any answer byte) is sent again at once; like the player, a network error, a 5xx or a 429 is
 * tried again after 3 s (RETRY_MS), 5 times at most. The delay of the answer counts from the first try.
 */
async function postAnswer(base, agent, workshopId, secret, answer) {
	const body = JSON.stringify(answer);
	for (let attempt = 0; ; attempt++) {
		const res = await request(base, agent, {
			method: 'POST',
			pathname: `/atelier/session/${workshopId}/reponse`,
			headers: {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(body),
				accept: 'application/json',
				origin: base.origin,
				cookie: `${PLAYER_COOKIE}=${workshopId}.${secret}`
			},
			body
		});
		if (res.status === 200) {
			try {
				const outcome = JSON.parse(res.text).outcome;
				if (outcome === 'recorded' || outcome === 'duplicate') return outcome;
			} catch {
				/* below */
			}
		}
		if (process.env.BENCH_DEBUG) console.error(`answer: HTTP ${res.status} ${res.text.slice(0, 200)}`);
		if (res.status >= 400 && res.status < 500 && res.status !== 429) return 'refused';
		if (attempt >= 5) return 'failed';
		if (res.status === 0 && res.reused && (res.text === 'ECONNRESET' || res.text === 'EPIPE')) {
			answerRetries.reusedSocketReset++;
			continue;
		}
		if (res.status === 0) answerRetries.network++;
		else answerRetries.server++;
		await delay(3000);
	}
}

async function getJson(base, agent, pathname, cookie) {
	let res = await request(base, agent, { method: 'GET', pathname, headers: { accept: 'application/json', cookie } });
	// A kept-alive socket the server has just closed: sent again at once, as browsers do.
	if (res.status === 0 && res.reused) res = await request(base, agent, { method: 'GET', pathname, headers: { accept: 'application/json', cookie } });
	return res.status === 200;
}

async function postRaw(base, agent, pathname, body) {
	return request(base, agent, {
		method: 'POST',
		pathname,
		headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
		body
	});
}

// ——— Figures ———

function median(values) {
	return percentile([...values].sort((a, b) => a - b), 50);
}

if (!isMainThread && workerData?.role === 'streams') runStreamWorker();
else if (process.argv[2] === '--bare-broadcast') runBareBroadcast();
else {
	killChildrenOnExit();
	// Worker threads left by a failure must not keep the bench alive.
	await main().then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		}
	);
}
