#!/usr/bin/env node
// `npm run bench:messaging` — what the "Messagerie" issue asks to measure:
//   - with BENCH_CLIENTS (1,000) youth connected to the real event stream (GET /messages/flux), the
//     p50/p95/p99 delay from the moment a counselor's message is POSTed (the real form action
//     /pro/messages/<youth>?/envoyer) to the moment the youth's stream delivers it;
//   - the same figures, same clients, same message pattern, for a bare server-sent-events relay
//     written here (POST → in-memory fan-out, no database, no authentication), in its own process;
//   - messages lost and duplicated (by message id, per youth) while every stream is dropped at once
//     and reconnects with Last-Event-ID, as browsers do, while messages keep being sent;
//   - as a diagnostic (skip it with BENCH_DB_RELAY=0), the bare relay plus the send's two SQL
//     statements on the same database (`dbRelay*` keys): the database's share of Tremplin's delay;
//     and the bare relay plus one idempotent INSERT per message (`floor*` keys): the least any
//     relay that stores a message before delivering it pays, whatever the application.
// Runs the production build on a fresh PGlite data directory, or on PostgreSQL when DATABASE_URL is
// set (use an empty database: `createdb bench_msg`). BENCH_BUILD_DIR=<dir> serves an existing
// build (`node <dir>/index.js`) instead of `scripts/start.js` (which builds `build/` when needed).
// Prints human lines, then a JSON line last.
//
// Data setup, honestly: 1,000 sign-ins through the form would hit the per-IP rate limits (which we
// do not switch off), so before the server serves the bench, this script inserts its own structure,
// counselors, youth (with their conversation) and sessions directly into the same database, in the
// session store's format: the cookie holds a random token, the `sessions` row its SHA-256 (see
// src/lib/server/platform/session/session.ts), each session marked as having passed any second
// factor. The server runs outside demo mode (second factor enforced for the roles that need it;
// counselors are not among them).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { delay, freePort, runStatements, killChildrenOnExit, openEventStream, percentile, serveHelper, startHelper, startServer, stopChild } from './bench-support.js';

const SESSION_COOKIE = '__Host-tremplin_session';

// ——— The bare relay (child process: `node bench-messaging.js --bare-relay <port>`) ———
// POST → in-memory fan-out to the streams of that youth. With `store`, the floor relay below: the
// same server, each message stored first (delivered only once `store` resolves true).
function createRelay(store = null) {
	const subscribers = new Map();
	let nextId = 0;
	const deliver = (to, payload) => {
		const frame = `id: ${++nextId}\nevent: message\ndata: ${JSON.stringify(payload)}\n\n`;
		for (const sub of subscribers.get(to) ?? []) sub.write(frame);
	};
	return http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://relay');
		if (req.method === 'GET' && url.pathname === '/flux') {
			const to = url.searchParams.get('to') ?? '';
			if (!subscribers.has(to)) subscribers.set(to, new Set());
			openEventStream(res, subscribers.get(to));
			return;
		}
		if (req.method === 'POST' && url.pathname === '/envoyer') {
			let raw = '';
			req.setEncoding('utf8');
			req.on('data', (chunk) => (raw += chunk));
			req.on('end', () => {
				const form = new URLSearchParams(raw);
				const to = form.get('to') ?? '';
				const payload = { id: form.get('clientId'), body: form.get('body') };
				const answer = () => {
					res.writeHead(303, { location: '/' });
					res.end();
				};
				if (!store) {
					deliver(to, payload);
					answer();
					return;
				}
				store(to, payload).then(
					(stored) => {
						if (stored) deliver(to, payload);
						answer();
					},
					() => res.writeHead(500).end()
				);
			});
			return;
		}
		res.writeHead(404);
		res.end();
	});
}

function runBareRelay() {
	serveHelper(createRelay());
}

// ——— Diagnostic (unless BENCH_DB_RELAY=0): the bare relay plus the database work of a send ———
// Same as the bare relay, but each POST does what Tremplin's send does in the database, and nothing
// else: the counselor's session (`session_validate`, by the SHA-256 of the cookie's token) and the
// message (`messaging_append`, scope checked, send limit used, events published), on the same
// database (`node bench-messaging.js --db-relay <port> <PGlite dir>`, or DATABASE_URL). No
// SvelteKit, no hooks, no drizzle: what is left of Tremplin's delay once the web framework is gone.
// It tells apart the database's share and the framework's; it is not a reference of the issue.
async function runDatabaseRelay() {
	const dataDir = process.argv[4];
	let query;
	let close;
	if (process.env.DATABASE_URL) {
		const { default: pg } = await import('pg');
		const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
		query = async (text, params) => (await pool.query(text, params)).rows;
		close = () => pool.end();
	} else {
		const { PGlite } = await import('@electric-sql/pglite');
		const db = new PGlite(path.join(dataDir, 'pglite'));
		await db.waitReady;
		query = async (text, params) => (await db.query(text, params)).rows;
		close = () => db.close();
	}
	if (process.argv[2] === '--floor-relay') return runFloorRelay(query, close);
	const hash = (t) => createHash('sha256').update(t).digest('hex');
	const tokenOf = (req) => /(?:^|;\s*)__Host-tremplin_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
	const session = async (req) => (await query('select * from session_validate($1, $2)', [hash(tokenOf(req)), new Date().toISOString()]))[0] ?? null;
	const subscribers = new Map();
	const policy = JSON.stringify({ freeFailures: 60, baseLockSeconds: 60, maxLockSeconds: 900, windowSeconds: 600 });
	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://relay');
		if (req.method === 'GET' && url.pathname === '/flux') {
			const who = await session(req);
			if (!who) return res.writeHead(401).end();
			if (!subscribers.has(who.s_user_id)) subscribers.set(who.s_user_id, new Set());
			openEventStream(res, subscribers.get(who.s_user_id));
			return;
		}
		const match = /^\/envoyer\/([0-9a-f-]{36})$/.exec(url.pathname);
		if (req.method === 'POST' && match) {
			let raw = '';
			req.setEncoding('utf8');
			for await (const chunk of req) raw += chunk;
			const who = await session(req);
			if (!who) return res.writeHead(401).end();
			const form = new URLSearchParams(raw);
			const [row] = await query(
				'select * from messaging_append(null, $1, true, $2, null, $3, $4, $5, $6, $7, null, false, true, $8, $9)',
				[match[1], who.u_structure_id, form.get('clientId'), who.s_user_id, 'staff', form.get('body'), new Date().toISOString(), `messaging:send:${who.s_user_id}`, policy]
			);
			if (row?.status === 'created') {
				const events = typeof row.e_events === 'string' ? JSON.parse(row.e_events) : row.e_events;
				events.forEach((event, i) => {
					if (event.type !== 'message') return;
					const frame = `id: ${row.e_ids[i]}\nevent: message\ndata: ${JSON.stringify(event.payload)}\n\n`;
					for (const sub of subscribers.get(row.c_youth_id) ?? []) sub.write(frame);
				});
			}
			res.writeHead(row && (row.status === 'created' || row.status === 'duplicate') ? 303 : 400, { location: '/' });
			res.end();
			return;
		}
		res.writeHead(404);
		res.end();
	});
	serveHelper(server, close);
}

// ——— Diagnostic (unless BENCH_DB_RELAY=0): the floor of any durable relay ———
// The bare relay plus the least a send can do to be stored before it is delivered: one idempotent
// INSERT of the message (its client id as primary key) in a table of its own, committed, on the
// same database (`--floor-relay`). No session, no scope check, no sequence, no events table. What
// this costs over the bare relay is the price of durability alone, before any of Tremplin's work.
async function runFloorRelay(query, close) {
	await query('create table if not exists bench_floor (id uuid primary key, recipient text not null, body text not null, created_at timestamptz not null default now())');
	const store = async (to, payload) =>
		(await query('insert into bench_floor (id, recipient, body) values ($1, $2, $3) on conflict (id) do nothing returning id', [payload.id, to, payload.body])).length > 0;
	serveHelper(createRelay(store), async () => {
		await query('drop table if exists bench_floor').catch(() => {});
		await close();
	});
}

async function main() {
	const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
	const COUNSELORS = Number(process.env.BENCH_COUNSELORS ?? 100);
	const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1200);
	const RATE = Number(process.env.BENCH_RATE ?? 20); // messages per second, open loop
	const STORM_SECONDS = Number(process.env.BENCH_STORM_SECONDS ?? 15);
	const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';
	const say = (line) => console.log(`[bench:messaging] ${line}`);

	const fdLimit = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()) || 0;
	// Two sockets per stream (client and server ends, both on this machine) plus the senders.
	if (fdLimit && fdLimit < CLIENTS * 2 + 500) {
		console.error(
			`[bench:messaging] ulimit -n vaut ${fdLimit} : trop peu pour ${CLIENTS} flux (il faut environ ${CLIENTS * 2 + 500}). ` +
				`Relevez-le dans ce terminal (ulimit -n 8192) ou réduisez BENCH_CLIENTS.`
		);
		process.exit(1);
	}
	say(`${CLIENTS} jeunes connectés, ${COUNSELORS} conseillers, ${MESSAGES} messages à ${RATE}/s, tempête de reconnexions pendant ${STORM_SECONDS} s, base ${database}`);
	say(`machine : ${os.cpus().length} cœurs (${os.cpus()[0]?.model ?? '?'}), charge ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}, ulimit -n ${fdLimit}`);

	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tremplin-bench-messaging-'));
	const cleanups = [];
	try {
		const port = await freePort();
		const base = { host: '127.0.0.1', port, origin: `http://127.0.0.1:${port}` };
		// 1. First start: migrations only (no demo data), then stop to set the data up.
		let server = await startServer(dataDir, port);
		await stopServer(server);
		const people = await setUp(dataDir, CLIENTS, COUNSELORS);
		say('données de mesure créées (structure, conseillers, jeunes, conversations, sessions)');
		server = await startServer(dataDir, port);
		cleanups.push(() => stopServer(server));

		const postAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
		cleanups.push(() => postAgent.destroy());
		/** The benchmark's relays: streams and sends addressed by the youth's index, no session. */
		const relayTarget = (relayBase) => ({
			streamPath: (i) => `/flux?to=${i}`,
			streamHeaders: () => ({}),
			post: (k, youthIndex, clientId) =>
				postForm(relayBase, postAgent, '/envoyer', { to: String(youthIndex), clientId, body: `Message de mesure n° ${k}` }, null)
		});
		/** Steady sending to a reference server, measured like Tremplin's; its streams closed after. */
		const measure = async (serverBase, target, name) => {
			const run = newRun(people.youth.length);
			await connectAll(serverBase, run, target);
			const sent = await sendAtRate(run, target, MESSAGES, RATE);
			await waitDelivered(run, 30_000);
			const stats = latencies(run, sent.ids);
			say(`${name} : p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms`);
			for (const client of run.clients) client.close();
			return stats;
		};

		// 2. Tremplin: steady sending.
		const app = newRun(people.youth.length);
		const appTarget = {
			streamPath: () => '/messages/flux',
			streamHeaders: (i) => ({ cookie: `${SESSION_COOKIE}=${people.youth[i].token}` }),
			post: (k, youthIndex, clientId) => {
				const youth = people.youth[youthIndex];
				const counselor = people.counselors[youth.counselorIndex];
				return postForm(base, postAgent, `/pro/messages/${youth.id}?/envoyer`, { clientId, body: `Message de mesure n° ${k}` }, counselor.token);
			}
		};
		let t0 = performance.now();
		await connectAll(base, app, appTarget);
		say(`${CLIENTS} flux ouverts sur /messages/flux en ${((performance.now() - t0) / 1000).toFixed(1)} s`);
		const steady = await sendAtRate(app, appTarget, MESSAGES, RATE);
		await waitDelivered(app, 30_000);
		const appStats = latencies(app, steady.ids);
		say(`Tremplin : p50 ${appStats.p50} ms, p95 ${appStats.p95} ms, p99 ${appStats.p99} ms (accusé du POST : p50 ${steady.ackP50} ms, p95 ${steady.ackP95} ms)`);

		// 3. Tremplin: reconnect storm while sending. Every stream is dropped at once (sockets
		//    destroyed), twice; each client comes back after 0–1 s with its Last-Event-ID.
		const stormMessages = Math.round(STORM_SECONDS * RATE);
		const drops = [0.3, 0.65].map((f) =>
			delay(f * STORM_SECONDS * 1000).then(() => {
				// Each client then comes back by itself (see sseClient), after 0–1 s.
				for (const client of app.clients) client.drop();
			})
		);
		const storm = await sendAtRate(app, appTarget, stormMessages, RATE);
		await Promise.all(drops);
		await waitDelivered(app, 45_000);
		const counts = countLossesAndDuplicates(app);
		say(`tempête : ${stormMessages} messages envoyés pendant 2 coupures de tous les flux, ${app.reconnections} reconnexions ; perdus ${counts.lost}, en double ${counts.duplicated}, mal adressés ${counts.misdelivered}`);
		for (const client of app.clients) client.close();
		await stopServer(server);
		cleanups.pop();

		// Diagnostic (unless BENCH_DB_RELAY=0): the bare relay plus the send's two SQL statements.
		let dbRelayStats = null;
		if (process.env.BENCH_DB_RELAY !== '0') {
			const dbPort = await freePort();
			const dbRelay = await startHelper(import.meta.filename, '--db-relay', dbPort, 'the relay with the database', [dataDir]);
			const dbBase = { host: '127.0.0.1', port: dbPort, origin: `http://127.0.0.1:${dbPort}` };
			const dbTarget = {
				streamPath: () => '/flux',
				streamHeaders: appTarget.streamHeaders,
				post: (k, youthIndex, clientId) => {
					const youth = people.youth[youthIndex];
					const counselor = people.counselors[youth.counselorIndex];
					return postForm(dbBase, postAgent, `/envoyer/${youth.id}`, { clientId, body: `Message de mesure n° ${k}` }, counselor.token);
				}
			};
			dbRelayStats = await measure(dbBase, dbTarget, 'relais + base (diagnostic)');
			await stopChild(dbRelay);
		}

		// Diagnostic (unless BENCH_DB_RELAY=0): the bare relay plus one durable INSERT per message.
		let floorStats = null;
		if (process.env.BENCH_DB_RELAY !== '0') {
			const floorPort = await freePort();
			const floorRelay = await startHelper(import.meta.filename, '--floor-relay', floorPort, 'the relay with one insert', [dataDir]);
			const floorBase = { host: '127.0.0.1', port: floorPort, origin: `http://127.0.0.1:${floorPort}` };
			floorStats = await measure(floorBase, relayTarget(floorBase), "relais + un INSERT (diagnostic, le plancher d'un envoi durable)");
			await stopChild(floorRelay);
		}

		// 4. The bare relay: same clients, same pattern, measured the same way.
		const relayPort = await freePort();
		const relay = await startRelay(relayPort);
		cleanups.push(() => stopChild(relay));
		const relayBase = { host: '127.0.0.1', port: relayPort, origin: `http://127.0.0.1:${relayPort}` };
		const bareStats = await measure(relayBase, relayTarget(relayBase), 'relais nu');

		const ratio = bareStats.p95 > 0 ? Math.round((appStats.p95 / bareStats.p95) * 100) / 100 : null;
		say(`rapport p95 Tremplin / relais nu : ${ratio} (objectif ≤ 2)`);
		if (floorStats?.p95) say(`rapport p95 relais + un INSERT / relais nu : ${Math.round((floorStats.p95 / bareStats.p95) * 100) / 100} (diagnostic : le prix de la seule durabilité)`);
		if (dbRelayStats?.p95) say(`rapport p95 Tremplin / relais + base : ${Math.round((appStats.p95 / dbRelayStats.p95) * 100) / 100} (diagnostic : la part du cadre web)`);
		say(`charge de la machine à la fin : ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
		console.log(
			JSON.stringify({
				clients: CLIENTS,
				messages: MESSAGES,
				ratePerSecond: RATE,
				p50Ms: appStats.p50,
				p95Ms: appStats.p95,
				p99Ms: appStats.p99,
				bareP50Ms: bareStats.p50,
				bareP95Ms: bareStats.p95,
				bareP99Ms: bareStats.p99,
				ratioP95: ratio,
				ackP50Ms: steady.ackP50,
				ackP95Ms: steady.ackP95,
				stormMessages,
				reconnections: app.reconnections,
				lost: counts.lost,
				duplicated: counts.duplicated,
				misdelivered: counts.misdelivered,
				sendRetries: steady.retries + storm.retries,
				database,
				...(dbRelayStats
					? {
							dbRelayP50Ms: dbRelayStats.p50,
							dbRelayP95Ms: dbRelayStats.p95,
							dbRelayP99Ms: dbRelayStats.p99,
							// Tremplin's p95 over the relay that does the same SQL: what the framework adds.
							ratioP95VsDbRelay: dbRelayStats.p95 > 0 ? Math.round((appStats.p95 / dbRelayStats.p95) * 100) / 100 : null
						}
					: {}),
				...(floorStats
					? {
							floorP50Ms: floorStats.p50,
							floorP95Ms: floorStats.p95,
							floorP99Ms: floorStats.p99,
							// The floor of a durable send over the bare relay: how much of the 2× budget storing alone takes.
							ratioP95FloorVsBare: bareStats.p95 > 0 ? Math.round((floorStats.p95 / bareStats.p95) * 100) / 100 : null
						}
					: {}),
				cpus: os.cpus().length,
				loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100
			})
		);
	} finally {
		for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => {});
		rmSync(dataDir, { recursive: true, force: true });
	}
}

// ——— Server processes ———

const stopServer = stopChild;
const startRelay = (port) => startHelper(import.meta.filename, '--bare-relay', port, 'the bare relay');

// ——— Data set-up, straight into the database the server uses (see the header) ———

async function setUp(dataDir, youthCount, counselorCount) {
	const run = randomBytes(4).toString('hex');
	const networkId = randomUUID();
	const structureId = randomUUID();
	const token = () => randomBytes(32).toString('base64url');
	const hash = (t) => createHash('sha256').update(t).digest('hex');
	const counselors = Array.from({ length: counselorCount }, (_, i) => ({ id: randomUUID(), token: token(), email: `bench-${run}-conseiller-${i}@tremplin.test` }));
	const youth = Array.from({ length: youthCount }, (_, i) => ({
		id: randomUUID(),
		conversationId: randomUUID(),
		token: token(),
		email: `bench-${run}-jeune-${i}@tremplin.test`,
		counselorIndex: i % counselorCount
	}));
	const users = [
		...counselors.map((c, i) => ({ id: c.id, role: 'counselor', email: c.email, first_name: `Conseiller ${i}` })),
		...youth.map((y, i) => ({ id: y.id, role: 'youth', email: y.email, first_name: `Jeune ${i}` }))
	];
	const sessions = [...counselors, ...youth].map((p) => ({ id: hash(p.token), user_id: p.id }));
	const statements = [
		[`insert into networks (id, slug, name, kind) values ($1, $2, 'Réseau de mesure', 'departmental')`, [networkId, `bench-${run}`]],
		[`insert into structures (id, network_id, slug, name) values ($1, $2, $3, 'Mission Locale de mesure')`, [structureId, networkId, `bench-${run}`]],
		[
			`insert into users (id, role, email, first_name, last_name, structure_id)
			 select id, role, email, first_name, 'Mesure', $2 from json_to_recordset($1::json) as x(id uuid, role text, email text, first_name text)`,
			[JSON.stringify(users), structureId]
		],
		[
			`insert into youth_profiles (user_id, structure_id, referent_id)
			 select user_id, $2, referent_id from json_to_recordset($1::json) as x(user_id uuid, referent_id uuid)`,
			[JSON.stringify(youth.map((y) => ({ user_id: y.id, referent_id: counselors[y.counselorIndex].id }))), structureId]
		],
		[
			`insert into conversations (id, youth_id, structure_id)
			 select id, youth_id, $2 from json_to_recordset($1::json) as x(id uuid, youth_id uuid)`,
			[JSON.stringify(youth.map((y) => ({ id: y.conversationId, youth_id: y.id }))), structureId]
		],
		[
			`insert into sessions (id, user_id, method, mfa_satisfied, expires_at)
			 select id, user_id, 'password', true, now() + interval '1 day' from json_to_recordset($1::json) as x(id text, user_id uuid)`,
			[JSON.stringify(sessions)]
		]
	];
	await runStatements(dataDir, statements);
	return { counselors, youth };
}

// ——— Clients ———

function newRun(clientCount) {
	return { clients: [], sent: new Map(), clientCount, reconnections: 0 };
}

/** One youth's event stream: reconnects with its Last-Event-ID, counts messages by id. */
function sseClient(base, run, index, target) {
	let lastEventId = null;
	let request = null;
	let closed = false;
	const client = {
		connect() {
			return new Promise((resolve, reject) => {
				const headers = { accept: 'text/event-stream', ...target.streamHeaders(index) };
				if (lastEventId !== null) headers['last-event-id'] = lastEventId;
				const req = http.request({ host: base.host, port: base.port, path: target.streamPath(index), headers, agent: false });
				request = req;
				req.on('response', (res) => {
					if (res.statusCode !== 200) {
						res.resume();
						reject(new Error(`stream ${index}: HTTP ${res.statusCode}`));
						return;
					}
					res.setEncoding('utf8');
					let buffer = '';
					let opened = false;
					res.on('data', (chunk) => {
						if (!opened) {
							opened = true;
							resolve();
						}
						buffer += chunk;
						let end;
						while ((end = buffer.indexOf('\n\n')) >= 0) {
							const frame = buffer.slice(0, end);
							buffer = buffer.slice(end + 2);
							onFrame(frame);
						}
					});
					res.on('error', () => {});
					// A stream that ends (dropped, or closed by the server) comes back like EventSource.
					res.on('close', () => {
						if (!closed && request === req) void delay(Math.random() * 1000).then(() => client.reconnect());
					});
				});
				req.on('error', (error) => reject(error));
				req.end();
			});
		},
		drop() {
			request?.destroy();
		},
		async reconnect() {
			for (let attempt = 0; !closed; attempt++) {
				try {
					await client.connect();
					run.reconnections++;
					return;
				} catch {
					await delay(Math.min(3000, 200 * 2 ** attempt));
				}
			}
		},
		close() {
			closed = true;
			request?.destroy();
		}
	};
	function onFrame(frame) {
		let id = null;
		let event = 'message';
		let data = '';
		for (const line of frame.split('\n')) {
			if (line.startsWith('id: ')) id = line.slice(4);
			else if (line.startsWith('event: ')) event = line.slice(7);
			else if (line.startsWith('data: ')) data += line.slice(6);
		}
		if (id !== null) lastEventId = id;
		if (event !== 'message' || !data) return;
		const at = performance.now();
		const payload = JSON.parse(data);
		const sent = run.sent.get(payload.id);
		if (!sent) return;
		if (sent.to !== index) {
			sent.misdelivered++;
			return;
		}
		sent.deliveries++;
		if (sent.deliveredAt === null) sent.deliveredAt = at;
	}
	return client;
}

async function connectAll(base, run, target) {
	run.clients = Array.from({ length: run.clientCount }, (_, i) => sseClient(base, run, i, target));
	// Fifty at a time, like a busy morning (and within the server's accept backlog).
	for (let i = 0; i < run.clients.length; i += 50) await Promise.all(run.clients.slice(i, i + 50).map((c) => c.connect()));
	// Each stream subscribes to the hub after its first bytes: give the last ones a moment.
	await delay(1000);
}

function postForm(base, agent, pathname, fields, token) {
	return new Promise((resolve) => {
		const body = new URLSearchParams(fields).toString();
		const headers = {
			'content-type': 'application/x-www-form-urlencoded',
			'content-length': Buffer.byteLength(body),
			origin: base.origin
		};
		if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
		const req = http.request({ host: base.host, port: base.port, path: pathname, method: 'POST', headers, agent }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (text += c));
			res.on('end', () => {
				if (res.statusCode !== 303 && process.env.BENCH_DEBUG) console.error(`POST ${pathname}: HTTP ${res.statusCode} ${res.headers.location ?? ''} ${text.slice(0, 300)}`);
				resolve(res.statusCode === 303);
			});
		});
		req.on('error', () => resolve(false));
		// Like a phone on a slow network: no early give-up (an early retry would only add load).
		req.setTimeout(120_000, () => req.destroy());
		req.end(body);
	});
}

/** Sends `count` messages at `rate` per second (open loop); a refused or failed POST is retried with the same id, like the outbox. */
async function sendAtRate(run, target, count, rate) {
	const ids = [];
	const acks = [];
	let retries = 0;
	const pending = [];
	const started = performance.now();
	for (let k = 0; k < count; k++) {
		const due = started + (k * 1000) / rate;
		const wait = due - performance.now();
		if (wait > 1) await delay(wait);
		const to = Math.floor(Math.random() * run.clientCount);
		const id = randomUUID();
		const record = { to, sentAt: performance.now(), deliveredAt: null, deliveries: 0, misdelivered: 0 };
		run.sent.set(id, record);
		ids.push(id);
		pending.push(
			(async () => {
				for (let attempt = 0; ; attempt++) {
					if (await target.post(k, to, id)) break;
					if (attempt >= 20) throw new Error(`message ${id} could not be sent`);
					retries++;
					await delay(500);
				}
				acks.push(performance.now() - record.sentAt);
			})()
		);
	}
	await Promise.all(pending);
	acks.sort((a, b) => a - b);
	return { ids, retries, ackP50: percentile(acks, 50), ackP95: percentile(acks, 95) };
}

async function waitDelivered(run, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		let missing = 0;
		for (const record of run.sent.values()) if (record.deliveries === 0) missing++;
		if (missing === 0) break;
		await delay(200);
	}
	// Late duplicates, if any, have a moment to show up.
	await delay(1500);
}

function latencies(run, ids) {
	const delays = ids
		.map((id) => run.sent.get(id))
		.filter((r) => r.deliveredAt !== null)
		.map((r) => r.deliveredAt - r.sentAt)
		.sort((a, b) => a - b);
	return { p50: percentile(delays, 50), p95: percentile(delays, 95), p99: percentile(delays, 99) };
}

function countLossesAndDuplicates(run) {
	let lost = 0;
	let duplicated = 0;
	let misdelivered = 0;
	for (const record of run.sent.values()) {
		if (record.deliveries === 0) lost++;
		if (record.deliveries > 1) duplicated += record.deliveries - 1;
		misdelivered += record.misdelivered;
	}
	return { lost, duplicated, misdelivered };
}

if (process.argv[2] === '--bare-relay') runBareRelay();
else if (process.argv[2] === '--db-relay' || process.argv[2] === '--floor-relay') await runDatabaseRelay();
else {
	killChildrenOnExit();
	await main();
}
