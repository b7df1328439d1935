/**
 * A server restart during a burst of sends (issue 4): zero lost, zero duplicated.
 *
 * This file starts ITS OWN server (the e2e build, a fresh PGlite data directory, its own port),
 * because it kills it: five people of two Missions Locales send a burst of 200 messages with
 * client-made ids through the real form actions; the server is killed (SIGKILL) in the middle;
 * it is started again on the same data directory; every message not acknowledged is sent again,
 * with a few acknowledged ones (a phone that lost the answer does that). Then: each id is stored
 * exactly once, sequence numbers have no gap, and the youth's event stream, resumed with its
 * Last-Event-ID across the crash, delivered each message exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDir, demoId, DEMO_PASSWORD } from '../support';

const KARIM = demoId('youth:jeune'); // jeune@tremplin.test, Lyon
const LEA = demoId('youth:jeune2'); // jeune2@tremplin.test, Villeurbanne
const SESSION_COOKIE = '__Host-tremplin_session';
const root = path.resolve(import.meta.dirname, '../../..');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tremplin-e2e-restart-'));
let server: ChildProcess | null = null;
let port = 0;
const base = () => `http://127.0.0.1:${port}`;

afterAll(async () => {
	if (server && server.exitCode === null) server.kill('SIGKILL');
	rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(): Promise<ChildProcess> {
	const env: NodeJS.ProcessEnv = { ...process.env };
	for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'TREMPLIN_ENFORCE_MFA', 'SMTP_URL', 'SMS_PROVIDER', 'SMS_HTTP_URL']) delete env[name];
	Object.assign(env, {
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: base(),
		TREMPLIN_DATA_DIR: dataDir,
		TREMPLIN_DEMO: '1',
		LOG_LEVEL: 'warn',
		BODY_SIZE_LIMIT: '12M'
	});
	const child = spawn(process.execPath, [path.join(buildDir(), 'index.js')], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr!.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
	const deadline = Date.now() + 150_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`le serveur s'est arrêté (code ${child.exitCode}) :\n${stderr}`);
		try {
			if ((await fetch(`${base()}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return child;
		} catch {
			// not yet
		}
		await sleep(200);
	}
	child.kill('SIGKILL');
	throw new Error(`le serveur n'a pas répondu en 150 s :\n${stderr}`);
}

function waitExit(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Signs in through the real form (no JavaScript), returns the session cookie's value. */
async function signIn(email: string): Promise<string> {
	const response = await fetch(`${base()}/connexion`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: base(), 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: DEMO_PASSWORD })
	});
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0]!)
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (response.status !== 303 || !cookie) throw new Error(`connexion impossible pour ${email} : HTTP ${response.status}`);
	return cookie.slice(SESSION_COOKIE.length + 1);
}

/** One POST of the message form, as the page (or its outbox) sends it. True when stored (303 to the page). */
function postMessage(action: string, token: string, clientId: string, body: string): Promise<boolean> {
	return new Promise((resolve) => {
		const form = new URLSearchParams({ clientId, body }).toString();
		const req = http.request(
			`${base()}${action}`,
			{
				method: 'POST',
				agent: false,
				headers: {
					origin: base(),
					cookie: `${SESSION_COOKIE}=${token}`,
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(form)
				}
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode === 303));
				res.on('error', () => resolve(false));
			}
		);
		req.on('error', () => resolve(false));
		req.setTimeout(30_000, () => req.destroy());
		req.end(form);
	});
}

interface Received {
	id: number;
	type: string;
	payload: { id?: string; seq?: number; conversationId?: string };
}

/** An event stream of /messages/flux, like EventSource: resumes with the last id it saw. */
function eventStream(token: string) {
	const events: Received[] = [];
	let lastEventId: string | null = null;
	let request: http.ClientRequest | null = null;
	return {
		events,
		get lastEventId() {
			return lastEventId;
		},
		open(): Promise<void> {
			return new Promise((resolve, reject) => {
				const headers: Record<string, string> = { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${token}` };
				if (lastEventId !== null) headers['last-event-id'] = lastEventId;
				const req = http.request(`${base()}/messages/flux`, { headers, agent: false });
				request = req;
				req.on('response', (res) => {
					if (res.statusCode !== 200) return reject(new Error(`flux : HTTP ${res.statusCode}`));
					res.setEncoding('utf8');
					let buffer = '';
					let opened = false;
					res.on('data', (chunk: string) => {
						if (!opened) {
							opened = true;
							resolve();
						}
						buffer += chunk;
						let end: number;
						while ((end = buffer.indexOf('\n\n')) >= 0) {
							const frame = buffer.slice(0, end);
							buffer = buffer.slice(end + 2);
							let id: string | null = null;
							let type = 'message';
							let data = '';
							for (const line of frame.split('\n')) {
								if (line.startsWith('id: ')) id = line.slice(4);
								else if (line.startsWith('event: ')) type = line.slice(7);
								else if (line.startsWith('data: ')) data += line.slice(6);
							}
							if (id === null) continue;
							lastEventId = id;
							events.push({ id: Number(id), type, payload: JSON.parse(data) });
						}
					});
					res.on('error', () => {});
				});
				req.on('error', reject);
				req.end();
			});
		},
		close() {
			request?.destroy();
		}
	};
}

interface Sender {
	name: string;
	token: string;
	action: string;
	messages: { id: string; body: string; acked: boolean }[];
}

describe('la messagerie résiste à un redémarrage brutal du serveur', () => {
	it('pendant une rafale de 200 messages : aucun perdu, aucun en double, séquence sans trou, flux repris sans doublon', { timeout: 600_000 }, async () => {
		port = await freePort();
		server = await startServer();

		const senders: Sender[] = [];
		for (const [email, action] of [
			['jeune@tremplin.test', '/jeune/messages?/envoyer'],
			['conseiller@tremplin.test', `/pro/messages/${KARIM}?/envoyer`],
			['direction@tremplin.test', `/pro/messages/${KARIM}?/envoyer`],
			['jeune2@tremplin.test', '/jeune/messages?/envoyer'],
			['conseiller2@tremplin.test', `/pro/messages/${LEA}?/envoyer`]
		] as const) {
			// 40 each: with the retries, under the 60 sends per 10 minutes of `throttleSends`.
			const messages = Array.from({ length: 40 }, (_, i) => ({ id: randomUUID(), body: `${email} n° ${i + 1}`, acked: false }));
			senders.push({ name: email, token: await signIn(email), action, messages });
		}
		const karim = senders[0]!;

		// Karim's phone listens from the start.
		const stream = eventStream(karim.token);
		await stream.open();

		// The burst: each person sends in order, 3 at a time; the server dies after 90 acknowledgements.
		let acked = 0;
		let killed = false;
		const killedAt = new Promise<void>((resolve) => {
			const timer = setInterval(() => {
				if (acked >= 90 && !killed) {
					killed = true;
					server!.kill('SIGKILL');
					clearInterval(timer);
					resolve();
				}
			}, 5);
		});
		await Promise.all(
			senders.map(async (sender) => {
				let next = 0;
				const worker = async () => {
					while (!killed && next < sender.messages.length) {
						const message = sender.messages[next++]!;
						if (await postMessage(sender.action, sender.token, message.id, message.body)) {
							message.acked = true;
							acked++;
						}
					}
				};
				await Promise.all([worker(), worker(), worker()]);
			})
		);
		if (!killed) throw new Error(`la rafale s'est terminée sans atteindre 90 accusés de réception (${acked})`);
		await killedAt;
		await waitExit(server);
		const ackedBeforeCrash = senders.flatMap((s) => s.messages).filter((m) => m.acked).length;
		expect(ackedBeforeCrash).toBeGreaterThanOrEqual(90);
		expect(ackedBeforeCrash).toBeLessThan(200);
		stream.close();

		// Same data directory, same port: the sessions and messages are still there.
		server = await startServer();
		// The phone comes back with the last event id it saw.
		await stream.open();

		// Each device resends what was never acknowledged, out of order, plus two acknowledged ones.
		await Promise.all(
			senders.map(async (sender) => {
				const retries = [...sender.messages.filter((m) => !m.acked).reverse(), ...sender.messages.filter((m) => m.acked).slice(0, 2)];
				for (const message of retries) {
					let stored = false;
					for (let attempt = 0; attempt < 5 && !stored; attempt++) {
						stored = await postMessage(sender.action, sender.token, message.id, message.body);
						if (!stored) await sleep(500);
					}
					expect(stored, `${sender.name} : ${message.body}`).toBe(true);
					message.acked = true;
				}
			})
		);

		// Karim's stream gets every message of his conversation (written by him or the staff).
		const karimIds = new Set([...senders[0]!.messages, ...senders[1]!.messages, ...senders[2]!.messages].map((m) => m.id));
		const deadline = Date.now() + 30_000;
		const seenIds = () => new Set(stream.events.filter((e) => e.type === 'message').map((e) => e.payload.id));
		while (Date.now() < deadline && [...karimIds].some((id) => !seenIds().has(id))) await sleep(100);
		await sleep(1000); // a late duplicate would show up now
		stream.close();
		server.kill('SIGTERM');
		await waitExit(server);
		server = null;

		// What the database holds (the server is stopped: read its PGlite directory directly).
		const db = new PGlite(path.join(dataDir, 'pglite'));
		try {
			for (const [youthId, group] of [
				[KARIM, senders.slice(0, 3)],
				[LEA, senders.slice(3)]
			] as const) {
				const { rows } = await db.query<{ id: string; seq: number }>(
					'select m.id, m.seq from messages m join conversations c on c.id = m.conversation_id where c.youth_id = $1 order by m.seq',
					[youthId]
				);
				const sent = group.flatMap((s) => s.messages.map((m) => m.id));
				const stored = rows.map((r) => r.id);
				// Each sent id exactly once (automatic night replies and demo messages may be there too).
				for (const id of sent) expect(stored.filter((s) => s === id), id).toHaveLength(1);
				expect(new Set(stored).size).toBe(stored.length);
				expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));

				if (youthId === KARIM) {
					// The stream, across the crash and the resume, delivered each message of the
					// conversation stored since it opened exactly once, in sequence order.
					const delivered = stream.events.filter((e) => e.type === 'message' && e.payload.conversationId !== undefined);
					const deliveredIds = delivered.map((e) => e.payload.id!);
					for (const id of sent) expect(deliveredIds.filter((d) => d === id), `flux : ${id}`).toHaveLength(1);
					expect(new Set(deliveredIds).size).toBe(deliveredIds.length);
					const seqs = delivered.map((e) => e.payload.seq!);
					expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
					const eventIds = stream.events.map((e) => e.id);
					expect(new Set(eventIds).size).toBe(eventIds.length);
				}
			}
		} finally {
			await db.close();
		}
	});
});
