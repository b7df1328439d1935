#!/usr/bin/env node
// `npm run test:e2e [-- <fichiers ou filtres Vitest>]` : les tests de bout en bout.
// Playwright (playwright-core) pilote le Chromium du système — jamais de navigateur téléchargé —
// contre une construction de production ; Vitest les exécute (vitest.e2e.config.ts).
// Ce fichier sert aussi de boîte à outils à scripts/test.js.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(import.meta.dirname, '..');
export const resultsDir = path.join(root, 'test-results');

/** The Chromium to drive: CHROMIUM_PATH, or Debian's /usr/bin/chromium. `null` when absent. */
export function findChromium(env = process.env) {
	const candidate = env.CHROMIUM_PATH || '/usr/bin/chromium';
	return existsSync(candidate) ? candidate : null;
}

export function e2eRequired(env = process.env) {
	return ['1', 'true', 'yes', 'on'].includes(String(env.TREMPLIN_REQUIRE_E2E ?? '').toLowerCase());
}

export function chromiumMissingMessage(env = process.env) {
	const looked = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${env.CHROMIUM_PATH}` : '/usr/bin/chromium';
	return [
		`Chromium est introuvable (${looked}).`,
		'Pour lancer les tests e2e, installez-le :  sudo apt-get install -y chromium',
		'ou indiquez un Chromium déjà installé :   CHROMIUM_PATH=/chemin/vers/chromium npm test'
	].join('\n');
}

/** Human duration: `42,3 s` or `2 min 05 s`. */
export function duration(ms) {
	const s = ms / 1000;
	if (s < 60) return `${s.toFixed(1).replace('.', ',')} s`;
	return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
}

/**
 * Reads a Vitest JSON report. A test file that failed before running its tests (import error,
 * failing hook) counts as one failure so that it never disappears from the totals.
 */
export function readCounts(jsonFile) {
	if (!existsSync(jsonFile)) return null;
	const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
	const brokenFiles = (report.testResults ?? []).filter(
		(file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')
	).length;
	return {
		passed: report.numPassedTests ?? 0,
		failed: (report.numFailedTests ?? 0) + brokenFiles,
		skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
	};
}

function safeCounts(jsonFile) {
	try {
		return readCounts(jsonFile);
	} catch {
		return null;
	}
}

/**
 * Runs `vitest run` with the default reporter on screen and a JSON report in test-results/.
 * Resolves with the exit code, the counts (null if Vitest wrote no report) and the time taken.
 */
export function runVitest({ name, args = [], env = process.env }) {
	mkdirSync(resultsDir, { recursive: true });
	// One report per run: two `npm test` at once (two terminals, two checkouts' tools) never mix.
	const jsonFile = path.join(resultsDir, `vitest-${name}-${process.pid}.json`);
	rmSync(jsonFile, { force: true });
	const started = Date.now();
	return new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			[
				path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
				'run',
				'--reporter=default',
				'--reporter=json',
				`--outputFile.json=${jsonFile}`,
				...args
			],
			{ cwd: root, env, stdio: 'inherit' }
		);
		const forward = (signal) => child.kill(signal);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		child.on('close', (code, signal) => {
			process.off('SIGINT', forward);
			process.off('SIGTERM', forward);
			const counts = safeCounts(jsonFile);
			if (process.env.TREMPLIN_KEEP_TEST_REPORTS !== '1') rmSync(jsonFile, { force: true });
			resolve({ code: code ?? (signal ? 1 : 0), counts, ms: Date.now() - started });
		});
	});
}

/** Runs the e2e suite (the browser must have been found). Extra arguments go to Vitest. */
export function runE2e(args = [], env = process.env) {
	return runVitest({ name: 'e2e', args: ['--config', 'vitest.e2e.config.ts', ...args], env });
}

export function summaryLine({ passed, failed, skipped }) {
	return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

async function main() {
	const chromium = findChromium();
	if (!chromium) {
		console.error(`\nTests e2e impossibles : ${chromiumMissingMessage()}`);
		process.exit(1);
	}
	console.log(`\n▶ Tests e2e (Chromium : ${chromium})\n`);
	const result = await runE2e(process.argv.slice(2), { ...process.env, CHROMIUM_PATH: chromium });
	const counts = result.counts ?? { passed: 0, failed: 1, skipped: 0 };
	if (!result.counts) console.error('\nLes tests e2e n’ont pas pu démarrer (voir les messages ci-dessus).');
	console.log(`\nTests e2e : ${duration(result.ms)}`);
	console.log(summaryLine(counts));
	process.exit(result.code !== 0 || counts.failed > 0 ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	await main();
}
