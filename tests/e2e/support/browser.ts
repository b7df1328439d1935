import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Response } from 'playwright-core';
import { baseUrl } from './context';

const root = path.resolve(import.meta.dirname, '../../..');

/** Password of every demo account (demo mode only). */
export const DEMO_PASSWORD = 'tremplin-demo';

export const CHROMIUM_ARGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-dev-shm-usage'
];

export function chromiumPath(): string {
	return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Fake camera and microphone, permission granted without a prompt (visio tests). */
export const FAKE_MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

/**
 * The system Chromium (CHROMIUM_PATH or /usr/bin/chromium), headless. Never downloads a browser.
 * `fakeMedia`: a synthetic camera and microphone, allowed without asking (WebRTC tests).
 */
export async function launchBrowser(options: { fakeMedia?: boolean } = {}): Promise<Browser> {
	const executablePath = chromiumPath();
	if (!existsSync(executablePath)) {
		throw new Error(`Chromium introuvable (${executablePath}). Installez-le : apt-get install -y chromium, ou définissez CHROMIUM_PATH.`);
	}
	return chromium.launch({ executablePath, headless: true, args: options.fakeMedia ? [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS] : CHROMIUM_ARGS });
}

/** A phone: 360×800, touch, French. Relative URLs (`page.goto('/connexion')`) go to the server under test. */
export function newMobileContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
	return browser.newContext({
		baseURL: baseUrl(),
		viewport: { width: 360, height: 800 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		...options
	});
}

/** A desktop screen: 1280×800, French. */
export function newDesktopContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
	return browser.newContext({
		baseURL: baseUrl(),
		viewport: { width: 1280, height: 800 },
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		...options
	});
}

// ---------------------------------------------------------------------------------------------
// Accessibility

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let axeSource: string | null = null;

interface AxeNode {
	target: unknown[];
	failureSummary?: string;
	html: string;
}
interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	helpUrl: string;
	nodes: AxeNode[];
}

export interface A11yOptions {
	/** CSS selectors left out of the analysis (use sparingly and say why). */
	exclude?: string[];
	/** axe rule ids switched off for this page (use sparingly and say why). */
	disableRules?: string[];
}

/**
 * Runs axe-core (WCAG 2.1 A and AA) on the current page and throws a readable list when a
 * `serious` or `critical` violation is found. Minor and moderate findings are returned.
 */
export async function checkA11y(page: Page, options: A11yOptions = {}): Promise<AxeViolation[]> {
	axeSource ??= readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
	const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
	if (!present) {
		// page.addScriptTag would be blocked by the page's CSP (no inline scripts): evaluate the
		// library through the DevTools protocol instead, which the CSP does not govern.
		await page.evaluate(`${axeSource}\n;void 0`);
	}
	const violations = (await page.evaluate(
		async ({ tags, exclude, disableRules }) => {
			const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
			const context = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
			const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]));
			const result = await axe.run(context, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
			return result.violations;
		},
		{ tags: AXE_TAGS, exclude: options.exclude ?? [], disableRules: options.disableRules ?? [] }
	)) as AxeViolation[];
	const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	if (blocking.length > 0) {
		const lines = blocking.flatMap((v) => [
			`• [${v.impact}] ${v.id} — ${v.help} (${v.helpUrl})`,
			...v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`),
			...(v.nodes.length > 5 ? [`    … et ${v.nodes.length - 5} autre(s) élément(s)`] : [])
		]);
		throw new Error(`Accessibilité : ${blocking.length} violation(s) grave(s) sur ${page.url()}\n${lines.join('\n')}`);
	}
	return violations;
}

// ---------------------------------------------------------------------------------------------
// Navigation

export interface VisitOptions extends A11yOptions {
	/** Skip the axe check (only for pages that are not ours, e.g. a raw JSON response). */
	a11y?: boolean;
	/** Expected HTTP status of the main response (default: any status below 400). */
	status?: number;
	waitUntil?: 'load' | 'domcontentloaded' | 'networkidle';
}

/**
 * Goes to a path of the server under test, waits for the page, checks its status and runs axe —
 * the project rule is that every page an e2e test visits is checked. Returns the main response.
 */
export async function visit(page: Page, target: string, options: VisitOptions = {}): Promise<Response> {
	const response = await page.goto(new URL(target, baseUrl()).toString(), { waitUntil: options.waitUntil ?? 'load' });
	if (!response) throw new Error(`Pas de réponse pour ${target}`);
	const status = response.status();
	if (options.status !== undefined ? status !== options.status : status >= 400) {
		throw new Error(`${target} a répondu ${status} (attendu ${options.status ?? '< 400'})`);
	}
	if (options.a11y !== false) await checkA11y(page, options);
	return response;
}

/**
 * Waits after an action that navigates (form submission, link) until the URL satisfies `until`,
 * then runs axe on the page reached.
 */
export async function arriveAt(page: Page, until: (url: URL) => boolean, options: A11yOptions & { a11y?: boolean } = {}) {
	await page.waitForURL(until, { waitUntil: 'load' });
	if (options.a11y !== false) await checkA11y(page, options);
}

/**
 * Signs in through the real `/connexion` form (inputs `email` and `password`) and waits until the
 * browser has left the sign-in page. Throws with the page's message when it stays there.
 * The page reached is checked with axe.
 */
export async function signIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
	await visit(page, '/connexion');
	const form = page.locator('form:has(input[name="password"])').first();
	await form.locator('input[name="email"]').fill(email);
	await form.locator('input[name="password"]').fill(password);
	const submit = form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first();
	// 30 s: two e2e servers and browsers share the 2 cores of CI (a password check alone takes 1–2 s).
	const left = page.waitForURL((u) => u.pathname !== '/connexion', { timeout: 30_000, waitUntil: 'load' });
	await submit.click();
	try {
		await left;
	} catch {
		const message = await page
			.locator('[role="alert"], .alert, .field-error')
			.allInnerTexts()
			.catch(() => []);
		const picture = await screenshot(page, `connexion-echec-${Date.now()}`).catch(() => null);
		const filled = await form.locator('input[name="email"]').inputValue().catch(() => '?');
		throw new Error(
			`Connexion impossible pour ${email} : la page /connexion est restée affichée (champ e-mail : « ${filled} »). ${message.join(' ')}${picture ? ` Capture : ${picture}` : ''}`.trim()
		);
	}
	await checkA11y(page);
}

/**
 * Signs in through the plain HTML form, for a context created with `javaScriptEnabled: false`
 * (axe cannot run there: no accessibility check; the same pages are checked with JavaScript).
 */
export async function signInWithoutJavaScript(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
	await visit(page, '/connexion', { a11y: false });
	const form = page.locator('form:has(input[name="password"])').first();
	await form.locator('input[name="email"]').fill(email);
	await form.locator('input[name="password"]').fill(password);
	await Promise.all([
		page.waitForURL((u) => u.pathname !== '/connexion', { waitUntil: 'load' }),
		form.locator('button:not([type]), button[type="submit"]').first().click()
	]);
}

// ---------------------------------------------------------------------------------------------
// Layout and pictures

/** How many CSS pixels the page overflows horizontally (0 when it fits the viewport). */
export function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

/** Full-page screenshot in `test-results/screenshots/<name>.png`; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	const dir = path.join(root, 'test-results', 'screenshots');
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
	await page.screenshot({ path: file, fullPage: true });
	return file;
}

/**
 * Records uncaught page errors and console errors (CSP violations show up there) so that a test
 * can assert none happened: `const errors = collectPageErrors(page); …; expect(errors).toEqual([])`.
 */
export function collectPageErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(`console: ${message.text()}`);
	});
	return errors;
}

/** A person in their own browser context: its page and the errors it collects (see collectPageErrors). */
export interface Visitor {
	context: BrowserContext;
	page: Page;
	errors: string[];
}

/**
 * A new context at phone (360×800) or desk (1280×800) size, its page and collected errors, signed in
 * as `email` (a demo account with the demo password) unless null.
 */
export async function openAs(
	browser: Browser,
	email: string | null,
	size: 'mobile' | 'desktop' = 'mobile',
	options: BrowserContextOptions = {}
): Promise<Visitor> {
	const context = size === 'mobile' ? await newMobileContext(browser, options) : await newDesktopContext(browser, options);
	const page = await context.newPage();
	const errors = collectPageErrors(page);
	if (email) await signIn(page, email);
	return { context, page, errors };
}
