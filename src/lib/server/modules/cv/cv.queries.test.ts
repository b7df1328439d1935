import { randomUUID } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { DomainError } from '$lib/server/platform/errors/errors';
import { aWorld, type World } from '$lib/server/testing/world';
import { aCv, aTwoPageCv } from './cv.fixtures';
import { downloadBaseName } from './cv.queries';
import { applyCvOperations, createCv, cvProgress, downloadCv, fromJsonResume, getCv, getCvOverview, setCvPhoto, toJsonResume, type CvContent } from './index';

let handle: DatabaseHandle;
let world: World;
let otherYouth: Actor;
const clock = new Date('2026-11-22T10:00:00Z');
const deps = () => ({ db: handle.db, now: () => clock });

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
	otherYouth = { userId: world.youths.otherYouth.id, role: 'youth', structureId: world.youths.otherYouth.structureId, networkId: null, companyId: null };
});
afterAll(() => handle.close());

const failure = async (promise: Promise<unknown>) => {
	try {
		await promise;
		return { code: 'ok', message: '' };
	} catch (error) {
		if (error instanceof DomainError) return { code: error.code, message: error.message };
		return { code: String(error), message: '' };
	}
};

/** A CV of the youth filled with the content given, through the builder's operations. */
async function aStoredCv(content: CvContent, name = 'CV complet') {
	const cv = await createCv(deps(), world.actors.youth, { name, from: 'empty' });
	const ops: unknown[] = (['contact', 'title', 'summary', 'skills', 'softSkills', 'languages', 'mobility', 'interests'] as const).map((field) => ({
		id: randomUUID(),
		op: 'set',
		field,
		value: content[field]
	}));
	for (const item of content.experiences) ops.push({ id: randomUUID(), op: 'upsert', list: 'experiences', item: { ...item, id: randomUUID() } });
	for (const item of content.trainings) ops.push({ id: randomUUID(), op: 'upsert', list: 'trainings', item: { ...item, id: randomUUID() } });
	const result = await applyCvOperations(deps(), world.actors.youth, cv.id, ops);
	expect(result.outcomes.filter((o) => o.status !== 'applied')).toEqual([]);
	return cv;
}

const pdfText = async (bytes: Uint8Array) => {
	const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
	let text = '';
	for (let p = 1; p <= pdf.numPages; p++) {
		for (const item of (await (await pdf.getPage(p)).getTextContent()).items) if ('str' in item) text += item.str + ' ';
	}
	return { pages: pdf.numPages, text: text.replace(/[\s\u00a0]+/g, ' ') };
};

describe('creating a CV from the list page', () => {
	it('starts empty when asked, without the account’s details', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV vierge', from: 'empty' });
		expect(cv.draft.contact).toMatchObject({ firstName: '', lastName: '' });
		expect(cv.draft.contact.email).toBeUndefined();
	});

	it('imports a JSON Resume file: a Tremplin export comes back the same, with ids for the builder', async () => {
		const source = aCv();
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV importé', jsonResume: '\uFEFF' + JSON.stringify(toJsonResume(source)) });
		expect(cv.draft.title).toBe(source.title);
		expect(cv.draft.experiences.map((e) => e.title)).toEqual(source.experiences.map((e) => e.title));
		expect(cv.draft.experiences.every((e) => e.id)).toBe(true);
		expect(cv.draft.trainings.every((t) => t.id)).toBe(true);
		expect(fromJsonResume(toJsonResume(cvContentOf(cv.draft)))).toEqual(fromJsonResume(toJsonResume(source)));
	});

	it('refuses a file that is not a CV with a French reason, and creates nothing', async () => {
		const before = (await handle.db.execute('select count(*)::int as n from cvs')) as unknown as { rows: { n: number }[] };
		const cases: [string, RegExp][] = [
			['pas du json', /n’est pas un fichier JSON lisible/],
			['[1, 2]', /ne ressemble pas à un CV/],
			[JSON.stringify({ basics: { name: 'Karim' } }), /Dis en quelques mots ce que tu cherches\. \(ce que tu cherches\)/],
			[JSON.stringify({ basics: { name: 'Karim', label: 'Vendeur' }, work: [{ position: 'x'.repeat(200) }] }), /\(expérience n° 1\)/],
			['{"a":"' + 'x'.repeat(600 * 1024) + '"}', /trop gros/]
		];
		for (const [text, message] of cases) {
			const result = await failure(createCv(deps(), world.actors.youth, { name: 'CV raté', jsonResume: text }));
			expect(result.code).toBe('cv.invalid_import');
			expect(result.message).toMatch(message);
		}
		const after = (await handle.db.execute('select count(*)::int as n from cvs')) as unknown as { rows: { n: number }[] };
		expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
	});
});

const cvContentOf = (draft: Awaited<ReturnType<typeof getCv>>['draft']) => draft as CvContent;

describe('the overview of a CV', () => {
	it('says first what is missing before the CV can be exported, and runs no check yet', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV début', from: 'empty' });
		const overview = await getCvOverview(deps(), world.actors.youth, cv.id);
		expect(overview.missing.map((m) => m.step)).toEqual(['coordonnees', 'titre']);
		expect(overview.checks).toEqual([]);
		expect(overview.pageCount).toBeNull();
		expect(overview.progress.filter((s) => s.done)).toEqual([]);
		expect(overview.progress.map((s) => s.slug)).toEqual(['coordonnees', 'titre', 'experiences', 'formations', 'competences', 'langues', 'mobilite', 'interets', 'resume']);
		expect((await failure(downloadCv(deps(), world.actors.youth, cv.id, 'pdf'))).code).toBe('cv.not_ready');
	});

	it('groups the counselor-like advice by the step that fixes it, with the PDF’s page count and the photo', async () => {
		const cv = await aStoredCv(aCv({ contact: { firstName: 'Inès', lastName: 'Haddad', email: 'bg-du-69@example.fr' }, languages: [] }));
		await setCvPhoto(deps(), world.actors.youth, cv.id, new Uint8Array(await sharp({ create: { width: 400, height: 500, channels: 3, background: '#888' } }).jpeg().toBuffer()));
		const overview = await getCvOverview(deps(), world.actors.youth, cv.id);
		expect(overview.missing).toEqual([]);
		expect(overview.pageCount).toBe(1);
		expect(overview.photo).toMatchObject({ width: 400, height: 500 });
		const contact = overview.checks.find((g) => g.step === 'coordonnees');
		expect(contact?.findings.map((f) => f.message).join(' ')).toMatch(/pseudo/);
		expect(contact?.findings[0]!.severity).toBe('warning');
		expect(overview.checks.find((g) => g.step === 'langues')).toBeTruthy();
		const steps = overview.checks.map((g) => g.step);
		expect(steps).toEqual([...steps].sort((a, b) => order(a) - order(b)));
		expect(overview.progress.find((s) => s.slug === 'experiences')).toMatchObject({ done: true });
		expect(overview.progress.find((s) => s.slug === 'langues')).toMatchObject({ done: false });
	});

	it('warns about a CV longer than two pages and about characters the PDF leaves out', async () => {
		const long = aTwoPageCv();
		const cv = await aStoredCv({ ...long, experiences: [...long.experiences, ...long.experiences.slice(0, 6)], title: `${long.title} 🚀` });
		const overview = await getCvOverview(deps(), world.actors.youth, cv.id);
		expect(overview.unprintable).toContain('🚀');
		expect(overview.pageCount).toBeGreaterThanOrEqual(2);
	});

	it('shows progress from the draft alone', () => {
		const progress = cvProgress({ ...aCv(), contact: { firstName: 'Inès', lastName: '', links: [] } });
		expect(progress.find((s) => s.slug === 'coordonnees')).toMatchObject({ done: false, detail: 'Inès · ni téléphone ni e-mail' });
		expect(progress.find((s) => s.slug === 'titre')).toMatchObject({ done: true });
	});

	it('is the youth’s own: another youth and staff get nothing', async () => {
		const cv = await aStoredCv(aCv(), 'CV secret');
		for (const format of ['pdf', 'txt', 'json'] as const) {
			expect((await failure(downloadCv(deps(), otherYouth, cv.id, format))).code).toBe('cv.not_found');
			expect((await failure(downloadCv(deps(), world.actors.counselor, cv.id, format))).code).toBe('access.forbidden');
		}
		expect((await failure(getCvOverview(deps(), otherYouth, cv.id))).code).toBe('cv.not_found');
		expect((await failure(getCvOverview(deps(), world.actors.counselor, cv.id))).code).toBe('access.forbidden');
		expect((await failure(getCvOverview(deps(), world.actors.youth, 'nimporte'))).code).toBe('cv.not_found');
	});
});

const order = (step: string | null) => [null, 'coordonnees', 'titre', 'experiences', 'formations', 'competences', 'langues', 'mobilite', 'interets', 'resume'].indexOf(step);

describe('downloading a CV', () => {
	it('gives the PDF in the chosen template with the photo, the plain text and the JSON Resume', async () => {
		const cv = await aStoredCv(aCv(), 'CV à télécharger');
		const pdf = await downloadCv(deps(), world.actors.youth, cv.id, 'pdf');
		expect(pdf.contentType).toBe('application/pdf');
		expect(pdf.fileName).toBe('CV-Inès-Haddad.pdf');
		const read = await pdfText(pdf.bytes);
		expect(read.text).toContain('Inès Haddad');
		expect(read.text).toContain(aCv().title.split(' ').slice(0, 4).join(' '));

		const text = await downloadCv(deps(), world.actors.youth, cv.id, 'txt');
		expect(text.contentType).toBe('text/plain; charset=utf-8');
		expect(new TextDecoder().decode(text.bytes)).toMatch(/^Inès Haddad\n/);
		const json = await downloadCv(deps(), world.actors.youth, cv.id, 'json');
		expect(JSON.parse(new TextDecoder().decode(json.bytes)).basics.label).toBe(aCv().title);
	});

	it('names the file after the person, without characters a file name cannot hold', () => {
		const named = (firstName: string, lastName: string, name = 'CV vente') =>
			downloadBaseName({ name, draft: { contact: { firstName, lastName } } } as Parameters<typeof downloadBaseName>[0]);
		expect(named('Karim', 'Ben Ali')).toBe('CV-Karim-Ben-Ali');
		expect(named('Jean-Éric', '../../etc "x"')).toBe('CV-Jean-Éric-etc-x');
		expect(named('', '')).toBe('CV-CV-vente');
		expect(named('\u202Eevil', '')).toBe('CV-evil');
	});
});
