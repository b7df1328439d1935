#!/usr/bin/env node
// `npm start`: builds when the sources are newer than the last build, then serves Tremplin.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

const inputs = ['src', 'static', 'drizzle', 'svelte.config.js', 'vite.config.ts', 'package-lock.json', 'package.json'];
function newest(p) {
	if (!existsSync(p)) return 0;
	const s = statSync(p);
	if (!s.isDirectory()) return s.mtimeMs;
	let max = s.mtimeMs;
	for (const entry of readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
	return max;
}

const stamp = path.join(root, 'build', '.tremplin-build-stamp');
const sourcesAt = Math.max(...inputs.map(newest));
const builtAt = existsSync(stamp) ? Number(readFileSync(stamp, 'utf8')) : 0;
if (!existsSync(path.join(root, 'build', 'index.js')) || builtAt < sourcesAt) {
	console.log('Tremplin : construction de l’application (première fois ou sources modifiées)…');
	const t0 = Date.now();
	const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
		stdio: ['ignore', 'ignore', 'inherit']
	});
	if (result.status !== 0) {
		console.error('La construction a échoué.');
		process.exit(result.status ?? 1);
	}
	writeFileSync(stamp, String(sourcesAt));
	console.log(`Construction terminée en ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}

const port = process.env.PORT || '3000';
const demo =
	process.env.TREMPLIN_DEMO !== undefined && process.env.TREMPLIN_DEMO !== ''
		? ['1', 'true', 'yes', 'on'].includes(process.env.TREMPLIN_DEMO.toLowerCase())
		: !process.env.DATABASE_URL;

const env = {
	...process.env,
	PORT: port,
	ORIGIN: process.env.ORIGIN || `http://localhost:${port}`,
	BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '12M'
};
const child = spawn(process.execPath, [path.join(root, 'build', 'index.js')], { stdio: ['ignore', 'pipe', 'inherit'], env });

let announced = false;
child.stdout.on('data', (chunk) => {
	process.stdout.write(chunk);
	if (!announced && /Listening on/.test(String(chunk))) {
		announced = true;
		const url = `http://localhost:${port}`;
		console.log(`\nTremplin est prêt : ${url}`);
		if (demo) {
			console.log('\nComptes de démonstration (mot de passe : tremplin-demo) :');
			for (const [email, who] of [
				['jeune@tremplin.test', 'jeune, Mission Locale de Lyon'],
				['conseiller@tremplin.test', 'conseiller, Mission Locale de Lyon'],
				['direction@tremplin.test', 'direction, Mission Locale de Lyon'],
				['reseau@tremplin.test', 'référente réseau, Missions Locales du Rhône'],
				['conseiller2@tremplin.test', 'conseillère, Mission Locale de Villeurbanne'],
				['jeune2@tremplin.test', 'jeune, Mission Locale de Villeurbanne'],
				['mentor@tremplin.test', 'mentor, entreprise partenaire'],
				['entreprise@tremplin.test', 'contact entreprise'],
				['admin@tremplin.test', 'administration de la plateforme']
			]) {
				console.log(`  ${email.padEnd(28)} ${who}`);
			}
			console.log('');
		}
	}
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
