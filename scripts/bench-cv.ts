// `npm run bench:cv` — what the CV issue asks to measure: the time and peak memory to produce a
// 2-page CV PDF with embedded fonts on the server (pdfkit, fonts parsed once per process), and,
// in the same run, the same CV rendered as HTML with the same font files as web fonts and printed
// by headless Chromium (playwright-core `page.pdf`, warm browser, fonts cached) — the way most CV
// builders do it. Prints human lines, then one JSON line last.
//
// Memory: the pdfkit side runs in a child process that only does pdfkit, as the server runs it:
// this script and the CV code it imports are bundled once (esbuild, npm packages left as imports)
// and run by plain `node`, without the tsx loader nor playwright-core loaded. Its peak RSS comes
// from `process.resourceUsage()`, and its RSS once the fonts are parsed, before the first PDF, is
// reported as its baseline. The Chromium side is the sum of the RSS of every Chromium process
// (browser, renderer, GPU/utility…), sampled every 20 ms while printing. Both are absolute
// figures, the runtime included; the JSON also gives what generation added to each.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aTwoPageCv } from '../src/lib/server/modules/cv/cv.fixtures';
import { cvFonts, fontPath, FONT_WEIGHTS } from '../src/lib/server/modules/cv/cv.fonts';
import { renderCvHtml } from '../src/lib/server/modules/cv/cv.html';
import { renderCvPdf } from '../src/lib/server/modules/cv/cv.pdf';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const pages = (pdf: Uint8Array) => (Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** Child mode: generate the PDFs here, report timings and this process's memory. */
async function measurePdfkit() {
	const cv = aTwoPageCv();
	cvFonts();
	const baseline = rssMb();
	for (let i = 0; i < WARMUP; i++) await renderCvPdf(cv);
	const times: number[] = [];
	let pageCount = 0;
	let bytes = 0;
	const cpuBefore = process.cpuUsage();
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		const pdf = await renderCvPdf(cv);
		times.push(performance.now() - started);
		pageCount = pages(pdf);
		bytes = pdf.length;
	}
	const cpu = process.cpuUsage(cpuBefore);
	times.sort((a, b) => a - b);
	const peak = process.resourceUsage().maxRSS / 1024;
	// CPU time per document (user + system, GC included): steadier than wall time on a busy machine.
	const cpuMs = (cpu.user + cpu.system) / 1000 / RUNS;
	process.stdout.write(
		JSON.stringify({ p50: percentile(times, 50), p95: percentile(times, 95), peakMb: peak, baselineMb: baseline, addedMb: peak - baseline, pages: pageCount, bytes, cpuMs }) + '\n'
	);
}

interface PdfkitFigures {
	p50: number;
	p95: number;
	peakMb: number;
	baselineMb: number;
	addedMb: number;
	pages: number;
	bytes: number;
	cpuMs: number;
}

/** Bundles this script (CV code included, npm packages left as imports) for plain `node`. */
async function bundleSelf(): Promise<string> {
	const { build } = await import('esbuild');
	// Inside the project, so that the bundle resolves the npm packages (fonts included) as the app does.
	const outdir = path.resolve(import.meta.dirname, '../node_modules/.cache/tremplin-bench-cv');
	mkdirSync(outdir, { recursive: true });
	const outfile = path.join(outdir, 'bench-cv.mjs');
	await build({
		entryPoints: [import.meta.filename],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		tsconfig: path.resolve(import.meta.dirname, '../tsconfig.json'),
		logLevel: 'warning'
	});
	return outfile;
}

async function runChild(): Promise<PdfkitFigures> {
	const script = await bundleSelf();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [script, '--pdfkit'], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as PdfkitFigures) : reject(new Error(`pdfkit child exited ${code}`))));
	});
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * RSS (MB) and CPU time (ms: user + system, with the reaped children's) of a process and all its
 * descendants, from /proc.
 */
function treeUsage(rootPid: number): { rssMb: number; cpuMs: number } {
	const parents = new Map<number, number>();
	const usage = new Map<number, { rssMb: number; cpuMs: number }>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Fields after the command name: state, ppid, … utime (14th field of the line), stime, cutime, cstime.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(entry), Number(fields[1]));
			const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
			const status = readFileSync(`/proc/${entry}/status`, 'utf8');
			usage.set(Number(entry), { rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, cpuMs: (ticks * 1000) / USER_HZ });
		} catch {
			/* the process ended meanwhile */
		}
	}
	const total = { rssMb: 0, cpuMs: 0 };
	for (const [pid, own] of usage) {
		let p: number | undefined = pid;
		while (p && p !== rootPid && p !== 1) p = parents.get(p);
		if (p === rootPid) {
			total.rssMb += own.rssMb;
			total.cpuMs += own.cpuMs;
		}
	}
	return total;
}

const treeRssMb = (rootPid: number) => treeUsage(rootPid).rssMb;

async function measureChromium() {
	const cv = aTwoPageCv();
	const files = new Map<string, Buffer>();
	for (const script of ['latin', 'arabic'] as const) {
		for (const weight of FONT_WEIGHTS) files.set(`/polices/${script}-${weight}.ttf`, readFileSync(fontPath(script, weight)));
	}
	const server = createServer((req, res) => {
		const body = files.get(req.url ?? '');
		if (!body) return void res.writeHead(404).end();
		res.writeHead(200, { 'content-type': 'font/ttf', 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' }).end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const html = renderCvHtml(cv, { fontBaseUrl: `${base}/polices` });
	files.set('/cv.html', Buffer.from(html));

	const { chromium } = await import('playwright-core');
	const profile = mkdtempSync(path.join(tmpdir(), 'tremplin-bench-cv-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-dev-shm-usage']
	});
	const browserPid = findBrowserPid(profile);
	const page = context.pages()[0] ?? (await context.newPage());
	const print = async () => {
		await page.setContent(html, { waitUntil: 'load' });
		await page.evaluate(() => document.fonts.ready.then(() => undefined));
		return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
	};
	for (let i = 0; i < WARMUP; i++) await print();
	const idleMb = browserPid ? treeRssMb(browserPid) : 0;
	let peakMb = idleMb;
	const sampler = setInterval(() => {
		if (browserPid) peakMb = Math.max(peakMb, treeRssMb(browserPid));
	}, 20);
	const runs = Math.max(20, Math.round(RUNS / 2));
	const times: number[] = [];
	let pageCount = 0;
	const cpuBefore = browserPid ? treeUsage(browserPid).cpuMs : 0;
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		const pdf = await print();
		times.push(performance.now() - started);
		pageCount = pages(pdf);
	}
	// CPU time of the browser's processes per print (the Node driver of playwright not counted).
	const cpuMs = browserPid ? (treeUsage(browserPid).cpuMs - cpuBefore) / runs : 0;
	clearInterval(sampler);
	if (browserPid) peakMb = Math.max(peakMb, treeRssMb(browserPid));
	await context.close();
	server.close();
	rmSync(profile, { recursive: true, force: true });
	times.sort((a, b) => a - b);
	return { p50: percentile(times, 50), p95: percentile(times, 95), peakMb, addedMb: peakMb - idleMb, pages: pageCount, runs, cpuMs };
}

/** The main Chromium process is the one started with our profile directory. */
function findBrowserPid(profile: string): number | null {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (cmdline.includes(profile) && !cmdline.includes('--type=')) return Number(entry);
		} catch {
			/* gone */
		}
	}
	return null;
}

if (process.argv.includes('--pdfkit')) {
	await measurePdfkit();
} else {
	console.log(`bench:cv — CV de 2 pages, ${RUNS} générations pdfkit, ${Math.max(20, Math.round(RUNS / 2))} impressions Chromium (${WARMUP} d'échauffement chacune)`);
	const pdfkit = await runChild();
	console.log(
		`pdfkit   : p50 ${round(pdfkit.p50)} ms, p95 ${round(pdfkit.p95)} ms, CPU ${round(pdfkit.cpuMs)} ms, mémoire max ${round(pdfkit.peakMb)} Mo (${round(pdfkit.baselineMb)} Mo polices chargées, +${round(pdfkit.addedMb)} Mo), ${pdfkit.pages} pages, ${round(pdfkit.bytes / 1024)} Ko`
	);
	const browser = await measureChromium();
	console.log(`Chromium : p50 ${round(browser.p50)} ms, p95 ${round(browser.p95)} ms, CPU ${round(browser.cpuMs)} ms, mémoire max ${round(browser.peakMb)} Mo (+${round(browser.addedMb)} Mo), ${browser.pages} pages`);
	const result = {
		runs: RUNS,
		pdfkitPages: pdfkit.pages,
		chromiumPages: browser.pages,
		pdfkitP50Ms: round(pdfkit.p50, 2),
		pdfkitP95Ms: round(pdfkit.p95, 2),
		pdfkitCpuMs: round(pdfkit.cpuMs, 2),
		pdfkitPeakMb: round(pdfkit.peakMb),
		pdfkitBaselineMb: round(pdfkit.baselineMb),
		pdfkitAddedMb: round(pdfkit.addedMb),
		chromiumP50Ms: round(browser.p50, 2),
		chromiumP95Ms: round(browser.p95, 2),
		chromiumCpuMs: round(browser.cpuMs, 2),
		chromiumPeakMb: round(browser.peakMb),
		chromiumAddedMb: round(browser.addedMb),
		speedRatioP50: round(browser.p50 / pdfkit.p50, 2),
		cpuRatio: round(browser.cpuMs / pdfkit.cpuMs, 2),
		memoryRatio: round(browser.peakMb / pdfkit.peakMb, 2)
	};
	console.log(JSON.stringify(result));
}
