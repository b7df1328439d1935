#!/usr/bin/env node
// `npm test` : tout ce qui ne demande aucun service extérieur.
//   1. Vitest : tests unitaires et de base de données (src/**/*.test.ts) sur PGlite en mémoire ;
//   2. les tests e2e si un Chromium est trouvé (CHROMIUM_PATH ou /usr/bin/chromium), sinon un
//      message clair — et une erreur si TREMPLIN_REQUIRE_E2E=1 (c'est le cas dans .ci/run).
// Dernière ligne : « N passed, N failed[, N skipped] » (unitaires + e2e).
//
// `npm run test:db` (= node scripts/test.js --postgres) : les mêmes tests Vitest sur PostgreSQL
// (TEST_DATABASE_URL, par défaut postgres://postgres@127.0.0.1:5432/test), sans e2e.
import { appendFileSync } from 'node:fs';
import net from 'node:net';
import {
	chromiumMissingMessage,
	duration,
	e2eRequired,
	findChromium,
	runE2e,
	runVitest,
	summaryLine
} from './e2e.js';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

function reachable(databaseUrl) {
	const target = new URL(databaseUrl);
	return new Promise((resolve) => {
		const socket = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
		socket.setTimeout(3000);
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', () => resolve(false));
	});
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let failed = false;

function add(result, label) {
	if (result.counts) {
		totals.passed += result.counts.passed;
		totals.failed += result.counts.failed;
		totals.skipped += result.counts.skipped;
	} else {
		// Vitest stopped before writing its report (configuration error, global setup failure…).
		totals.failed += 1;
		console.error(`\n${label} : Vitest s’est arrêté avant la fin (voir les messages ci-dessus).`);
	}
	if (result.code !== 0 || (result.counts && result.counts.failed > 0)) failed = true;
}

function finish(timings) {
	// .ci/run adds up the totals of its test steps and repeats them at the very end.
	if (process.env.TREMPLIN_TEST_TOTALS_FILE) {
		appendFileSync(process.env.TREMPLIN_TEST_TOTALS_FILE, `${totals.passed} ${totals.failed} ${totals.skipped}\n`);
	}
	console.log('');
	for (const [label, ms] of timings) console.log(`${label.padEnd(32)} ${duration(ms)}`);
	console.log(summaryLine(totals));
	process.exit(failed ? 1 : 0);
}

const args = process.argv.slice(2);
const timings = [];

if (args.includes('--postgres')) {
	const databaseUrl = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
	if (!(await reachable(databaseUrl))) {
		console.error(
			[
				`PostgreSQL ne répond pas (${new URL(databaseUrl).host}).`,
				'Démarrez-le (par exemple : sudo pg_ctlcluster 15 main start) ou indiquez une autre base',
				'de test : TEST_DATABASE_URL=postgres://utilisateur@hôte:5432/base npm run test:db',
				'Chaque fichier de test y crée puis supprime sa propre base.'
			].join('\n')
		);
		process.exit(1);
	}
	console.log(`\n▶ Tests unitaires et de base de données sur PostgreSQL (${new URL(databaseUrl).host})\n`);
	const rest = args.filter((a) => a !== '--postgres');
	const result = await runVitest({ name: 'postgres', args: rest, env: { ...process.env, TEST_DATABASE_URL: databaseUrl } });
	add(result, 'Tests sur PostgreSQL');
	timings.push(['Tests sur PostgreSQL', result.ms]);
	finish(timings);
}

console.log('\n▶ Tests unitaires et de base de données (Vitest, PGlite en mémoire)\n');
const unit = await runVitest({ name: 'unit', args });
add(unit, 'Tests unitaires');
timings.push(['Tests unitaires et base', unit.ms]);

const chromium = findChromium();
if (!chromium) {
	if (e2eRequired()) {
		console.error(`\nERREUR : tests e2e exigés (TREMPLIN_REQUIRE_E2E=1) mais ${chromiumMissingMessage()}`);
		failed = true;
		totals.failed += 1;
	} else {
		console.log(`\nTests e2e ignorés : ${chromiumMissingMessage()}`);
	}
} else if (args.length > 0) {
	console.log('\nTests e2e non lancés : des fichiers ou filtres ont été donnés (npm run test:e2e pour les e2e).');
} else {
	console.log(`\n▶ Tests e2e (Chromium : ${chromium})\n`);
	const e2e = await runE2e([], { ...process.env, CHROMIUM_PATH: chromium });
	add(e2e, 'Tests e2e');
	timings.push(['Tests e2e (construction comprise)', e2e.ms]);
}

finish(timings);
