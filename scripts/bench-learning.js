#!/usr/bin/env node
// `npm run bench:learning` — what the "Parcours ludiques" issue asks to measure:
//   - compressed bytes (gzip -9) of the catalogue page (/parcours) and of a question page
//     (/parcours/<slug>/jouer?…): HTML+CSS of the first response, and the JavaScript it loads;
//   - the same pages with the service worker warm (a second visit in Chromium: only what does not
//     come from the service worker's cache counts);
//   - the median and 95th percentile time to record an answer (POST /parcours/synchroniser, as
//     measured by the client on loopback) with 50 players answering at the same time.
// Runs the production build (built if needed by scripts/start.js) on a fresh PGlite data directory,
// or on PostgreSQL when DATABASE_URL is set. Prints a JSON line last.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 50);
const SLUG = process.env.BENCH_SLUG ?? 'premiers-jours-au-travail';
const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

function freePort() {
	return new Promise((resolve) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

async function startServer(dataDir, port) {
	const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
		cwd: root,
		env: { ...process.env, TREMPLIN_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', ORIGIN: `http://localhost:${port}` },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	child.stdout.resume();
	const deadline = Date.now() + 180_000;
	while (Date.now() < deadline) {
		try {
			if ((await fetch(`http://localhost:${port}/healthz`)).ok) return child;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill('SIGTERM');
	throw new Error('the server did not answer /healthz within 180 s');
}

/** Bytes of a page's first response and of what it loads (stylesheets, modules). */
async function pageWeight(base, pathname, cookie = '') {
	const response = await fetch(base + pathname, { headers: cookie ? { cookie } : {} });
	if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status}`);
	const html = await response.text();
	const scripts = new Set();
	const styles = new Set();
	for (const m of (response.headers.get('link') ?? '').matchAll(/<([^>]+)>;\s*rel="modulepreload"/g)) scripts.add(m[1]);
	for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
		const href = /href="([^"]+)"/.exec(tag)?.[1];
		if (!href) continue;
		if (/rel="modulepreload"/.test(tag)) scripts.add(href);
		if (/rel="stylesheet"/.test(tag)) styles.add(href);
	}
	for (const m of html.matchAll(/import\("([^"]+)"\)/g)) scripts.add(m[1]);
	for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) scripts.add(m[1]);
	const sum = async (urls) => {
		let total = 0;
		for (const src of urls) total += gz(Buffer.from(await (await fetch(new URL(src, base + pathname))).arrayBuffer()));
		return total;
	};
	const htmlGz = gz(Buffer.from(html));
	const cssGz = await sum(styles);
	const jsGz = await sum(scripts);
	return { html, htmlGz, cssGz, jsGz, htmlCssKb: kb(htmlGz + cssGz), jsKb: kb(jsGz) };
}

const cookieOf = (response) =>
	(response.headers.getSetCookie?.() ?? [])
		.map((c) => c.split(';')[0])
		.filter(Boolean)
		.join('; ');

/** A new guest starts the module through the page's own form (no JavaScript), like a phone would. */
async function startAsGuest(base) {
	const overview = await fetch(`${base}/parcours/${SLUG}`);
	if (!overview.ok) throw new Error(`/parcours/${SLUG}: HTTP ${overview.status}`);
	const html = await overview.text();
	const form = [...html.matchAll(/<form\b[^>]*action="([^"]*start[^"]*)"[^>]*>([\s\S]*?)<\/form>/g)][0];
	if (!form) throw new Error('no start form on the module page');
	const body = new URLSearchParams();
	for (const [input] of form[2].matchAll(/<input\b[^>]*>/g)) {
		const name = /name="([^"]+)"/.exec(input)?.[1];
		if (name) body.set(name, /value="([^"]*)"/.exec(input)?.[1] ?? '');
	}
	const action = new URL(form[1].replaceAll('&amp;', '&'), `${base}/parcours/${SLUG}`);
	const started = await fetch(action, {
		method: 'POST',
		body,
		redirect: 'manual',
		headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' }
	});
	const location = started.headers.get('location');
	if (started.status !== 303 || !location) throw new Error(`start: HTTP ${started.status}`);
	const attemptId = new URL(location, base).searchParams.get('partie');
	return { cookie: cookieOf(started), location, attemptId };
}

const QUESTION_INPUT = /name="(choice|value|choice_[^"]+|position_[^"]+)"/;

async function firstQuestionPath(base, guest) {
	for (let n = 0; n < 20; n++) {
		const url = new URL(guest.location, base);
		url.searchParams.set('etape', String(n));
		const html = await (await fetch(url, { headers: { cookie: guest.cookie } })).text();
		if (QUESTION_INPUT.test(html)) return url.pathname + url.search;
	}
	throw new Error('no question page found');
}

function rightish(step) {
	switch (step.kind) {
		case 'single':
		case 'situation':
			return { choice: step.choices[0].id };
		case 'multiple':
			return { choices: [step.choices[0].id] };
		case 'true_false':
			return { value: true };
		case 'order':
			return { order: step.items.map((i) => i.id) };
	}
}

async function answersUnderLoad(base, ids) {
	const content = await (await fetch(`${base}/parcours/${SLUG}/contenu?version=${ids.versionId}`)).json();
	const questions = content.content.steps.filter((s) => s.kind !== 'card');
	const players = await Promise.all(Array.from({ length: PLAYERS }, () => startAsGuest(base)));
	const times = [];
	let failures = 0;
	const started = performance.now();
	await Promise.all(
		players.map(async (player) => {
			for (const q of questions) {
				const body = JSON.stringify({
					attempts: [
						{
							id: player.attemptId,
							moduleId: ids.moduleId,
							versionId: ids.versionId,
							kind: 'module',
							answers: [{ id: randomUUID(), stepId: q.id, response: rightish(q), answeredAt: new Date().toISOString() }]
						}
					]
				});
				const t0 = performance.now();
				const r = await fetch(`${base}/parcours/synchroniser`, {
					method: 'POST',
					body,
					headers: { origin: base, 'content-type': 'application/json', cookie: player.cookie }
				});
				const out = await r.json();
				times.push(performance.now() - t0);
				if (!r.ok || out.answers?.[0]?.status !== 'accepted') failures++;
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	times.sort((a, b) => a - b);
	const pct = (p) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] * 10) / 10;
	return { answers: times.length, failures, p50: pct(50), p95: pct(95), perSecond: Math.round(times.length / seconds) };
}

/** Second visit with the service worker in control: bytes that did not come from its cache. */
async function warmWeights(base, questionPath) {
	const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
	if (!existsSync(chromium)) return null;
	const { chromium: driver } = await import('playwright-core');
	const browser = await driver.launch({ executablePath: chromium, args: ['--no-sandbox'] });
	try {
		const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
		const page = await context.newPage();
		// The browser gets its own guest cookie by starting the module through the page.
		await page.goto(`${base}/parcours/${SLUG}`, { waitUntil: 'load' });
		await Promise.all([page.waitForURL(/\/jouer/), page.locator('form[action*="start"] button[type="submit"], form[action*="start"] button').first().click()]);
		const played = new URL(page.url());
		played.searchParams.set('etape', new URL(questionPath, base).searchParams.get('etape') ?? '0');
		questionPath = played.pathname + played.search;
		const measure = async (pathname) => {
			await page.goto(base + pathname, { waitUntil: 'load' });
			await page.evaluate(async () => {
				await navigator.serviceWorker.ready;
			});
			await page.waitForTimeout(1000);
			let bytes = 0;
			const pending = [];
			const onResponse = (response) => {
				if (response.fromServiceWorker() && response.url().includes('/_app/immutable/')) return;
				if (response.fromServiceWorker() && /\.(svg|png|webmanifest|js|css)$/.test(new URL(response.url()).pathname)) return;
				pending.push(response.body().then((b) => (bytes += gz(b)), () => {}));
			};
			page.on('response', onResponse);
			await page.goto(base + pathname, { waitUntil: 'networkidle' });
			await Promise.all(pending);
			page.off('response', onResponse);
			return kb(bytes);
		};
		const catalogue = await measure('/parcours');
		const question = await measure(questionPath);
		return { catalogue, question };
	} finally {
		await browser.close();
	}
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'tremplin-bench-learning-'));
let child;
try {
	const port = await freePort();
	const base = `http://localhost:${port}`;
	child = await startServer(dataDir, port);
	const catalogue = await pageWeight(base, '/parcours');
	const guest = await startAsGuest(base);
	const questionPath = await firstQuestionPath(base, guest);
	const question = await pageWeight(base, questionPath, guest.cookie);
	const ids = {
		moduleId: /module:\{id:"([0-9a-f-]{36})"/.exec(question.html)?.[1],
		versionId: /versionId:"([0-9a-f-]{36})"/.exec(question.html)?.[1]
	};
	if (!ids.moduleId || !ids.versionId) throw new Error('module and version ids not found in the question page');
	const warm = await warmWeights(base, questionPath);
	const load = await answersUnderLoad(base, ids);
	const result = {
		module: SLUG,
		players: PLAYERS,
		answersRecorded: load.answers,
		answerFailures: load.failures,
		answersPerSecond: load.perSecond,
		catalogueHtmlKb: kb(catalogue.htmlGz),
		catalogueCssKb: kb(catalogue.cssGz),
		questionHtmlKb: kb(question.htmlGz),
		questionCssKb: kb(question.cssGz),
		catalogueWarmKb: warm?.catalogue ?? null,
		questionWarmKb: warm?.question ?? null,
		budgetQuestionHtmlCssKb: 14,
		budgetJsKb: 75,
		catalogueHtmlCssKb: catalogue.htmlCssKb,
		catalogueJsKb: catalogue.jsKb,
		questionHtmlCssKb: question.htmlCssKb,
		questionJsKb: question.jsKb,
		answerP50Ms: load.p50,
		answerP95Ms: load.p95,
		database
	};
	console.log(JSON.stringify(result));
} finally {
	if (child) {
		await new Promise((resolve) => {
			child.once('exit', resolve);
			child.kill('SIGTERM');
		});
	}
	rmSync(dataDir, { recursive: true, force: true });
}
