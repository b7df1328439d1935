import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildDir, launchBrowser, newMobileContext, signIn, url } from '../support';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('le contrôle de santé', () => {
	it('répond que la base embarquée est disponible', async () => {
		const response = await fetch(url('/healthz'));
		expect(response.status).toBe(200);
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toMatchObject({ status: 'ok', database: 'pglite' });
		expect(typeof body.version).toBe('string');
		expect(response.headers.get('cache-control')).toContain('no-store');
	});
});

describe('les en-têtes de sécurité', () => {
	it('sont présents sur une page, avec une CSP sans unsafe-eval', async () => {
		const response = await fetch(url('/'));
		const h = response.headers;
		const csp = h.get('content-security-policy') ?? '';
		expect(csp).toContain("default-src 'self'");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).not.toContain('unsafe-eval');
		expect(csp).toMatch(/script-src [^;]*'self'/);
		expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
		expect(h.get('x-frame-options')).toBe('DENY');
		expect(h.get('x-content-type-options')).toBe('nosniff');
		expect(h.get('referrer-policy')).toBeTruthy();
		expect(h.get('x-request-id')).toMatch(/^[\w-]+$/);
	});
});

describe('la session', () => {
	it('est un cookie __Host- HttpOnly, Secure et SameSite=Lax après la connexion d’un conseiller', async () => {
		const context = await newMobileContext(browser);
		const page = await context.newPage();
		await signIn(page, 'conseiller@tremplin.test');
		const cookies = await context.cookies();
		const session = cookies.find((c) => c.name.startsWith('__Host-'));
		expect(session, `cookies reçus : ${cookies.map((c) => c.name).join(', ') || 'aucun'}`).toBeDefined();
		expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
		expect(session!.domain).toBe('localhost');
		await context.close();
	});
});

describe('la protection contre les requêtes d’un autre site', () => {
	it('refuse un formulaire de connexion posté depuis un autre site (403)', async () => {
		const response = await fetch(url('/connexion'), {
			method: 'POST',
			headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'conseiller@tremplin.test', password: 'tremplin-demo' }),
			redirect: 'manual'
		});
		expect(response.status).toBe(403);
		expect(response.headers.get('set-cookie') ?? '').not.toContain('__Host-');
	});

	it('laisse passer le même formulaire posté depuis Tremplin', async () => {
		const response = await fetch(url('/connexion'), {
			method: 'POST',
			headers: { origin: new URL(url('/')).origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'personne@tremplin.test', password: 'mauvais-mot-de-passe' }),
			redirect: 'manual'
		});
		expect(response.status).not.toBe(403);
	});
});

describe('l’application installable', () => {
	it('publie un manifeste en français avec des icônes 192 et 512 px', async () => {
		const html = await (await fetch(url('/'))).text();
		const href = /<link[^>]+rel="manifest"[^>]*href="([^"]+)"|<link[^>]+href="([^"]+)"[^>]*rel="manifest"/.exec(html);
		expect(href, 'un <link rel="manifest"> dans la page d’accueil').not.toBeNull();
		const manifestUrl = new URL(href![1] ?? href![2]!, url('/'));
		const response = await fetch(manifestUrl);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/json/);
		const manifest = (await response.json()) as {
			name?: string;
			short_name?: string;
			start_url?: string;
			display?: string;
			lang?: string;
			icons?: { src: string; sizes?: string; type?: string }[];
		};
		expect(manifest.name).toMatch(/Tremplin/);
		expect(manifest.start_url).toBeTruthy();
		expect(manifest.display).toMatch(/standalone|minimal-ui|fullscreen/);
		const icons = manifest.icons ?? [];
		const sizes = icons.flatMap((i) => (i.sizes ?? '').split(/\s+/));
		expect(sizes).toContain('192x192');
		expect(sizes).toContain('512x512');
		for (const icon of icons) {
			const iconResponse = await fetch(new URL(icon.src, manifestUrl));
			expect(iconResponse.status, icon.src).toBe(200);
			expect(iconResponse.headers.get('content-type'), icon.src).toMatch(/^image\//);
		}
	});

	it('a un service worker dans la construction, servi à la racine', async () => {
		expect(existsSync(path.join(buildDir(), 'client', 'service-worker.js'))).toBe(true);
		const response = await fetch(url('/service-worker.js'));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/javascript/);
	});
});
