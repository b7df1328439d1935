import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequest } from '@sveltejs/kit/node';
import { describe, expect, it } from 'vitest';
import { readMessageForm } from '$lib/server/modules/messaging/messaging.forms';
import { failFrom, readForm, unreadableBody } from './forms';

const post = (body: string) =>
	new Request('http://localhost/x', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('reading a form', () => {
	it('keeps ordinary values', async () => {
		expect(await readForm(post('prenom=In%C3%A8s&message=Bonjour'))).toEqual({ prenom: 'Inès', message: 'Bonjour' });
	});

	it('refuses a NUL character (PostgreSQL cannot store it) with a French message on the field', async () => {
		await expect(readForm(post('prenom=A%00B'))).rejects.toMatchObject({
			code: 'validation.invalid',
			fields: { prenom: 'Ce texte contient un caractère invalide.' }
		});
	});

	it('refuses a value that is far too long', async () => {
		await expect(readForm(post(`message=${'a'.repeat(10_001)}`))).rejects.toMatchObject({ fields: { message: 'Ce texte est beaucoup trop long.' } });
	});
});

/**
 * Posts `body` to a loopback server that turns the request into a web Request the way adapter-node
 * does (`getRequest` with a body size limit of 1 kB) and hands it to `read`.
 */
async function throughAdapter<T>(body: string, contentType: string, read: (request: Request) => Promise<T>): Promise<T> {
	type Outcome = { ok: true; value: T } | { ok: false; error: unknown };
	let settle: (outcome: Outcome) => void = () => undefined;
	const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
	const server = createServer(async (req, res) => {
		const request = await getRequest({ base: 'http://localhost', request: req, bodySizeLimit: 1024 });
		settle(await read(request).then((value): Outcome => ({ ok: true, value }), (error: unknown): Outcome => ({ ok: false, error })));
		res.end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const { port } = server.address() as AddressInfo;
		await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body, headers: { 'content-type': contentType } }).catch(() => undefined);
		const settled = await outcome;
		if (!settled.ok) throw settled.error;
		return settled.value;
	} finally {
		server.close();
	}
}

describe('a body over the size limit (adapter-node cuts it)', () => {
	const urlencoded = 'application/x-www-form-urlencoded';

	it('readForm says it is too large (413), not "check the fields"', async () => {
		await expect(throughAdapter(`message=${'a'.repeat(5000)}`, urlencoded, readForm)).rejects.toMatchObject({
			code: 'request.too_large',
			status: 413,
			message: 'L’envoi est trop lourd : rien n’a été enregistré.'
		});
	});

	it('failFrom turns it into a form failure when an action read the body itself', async () => {
		const failure = await throughAdapter(`message=${'a'.repeat(5000)}`, urlencoded, async (request) => {
			try {
				await request.formData();
				return null;
			} catch (error) {
				return failFrom(error, {});
			}
		});
		expect(failure).toMatchObject({ status: 413, data: { code: 'request.too_large' } });
	});

	it('failFrom keeps the fields of a too-large DomainError already made', () => {
		const error = unreadableBody(Object.assign(new Error('cut'), { status: 413 }), { file: 'Trop lourd.' });
		expect(failFrom(error)).toMatchObject({ status: 413, data: { code: 'request.too_large', fields: { file: 'Trop lourd.' } } });
	});

	it('the message form puts it on the file field and says the text is not sent either', async () => {
		const boundary = 'xYz';
		const body = [`--${boundary}`, 'Content-Disposition: form-data; name="body"', '', 'Bonjour', `--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="scan.pdf"', 'Content-Type: application/pdf', '', 'x'.repeat(5000), `--${boundary}--`, ''].join('\r\n');
		await expect(throughAdapter(body, `multipart/form-data; boundary=${boundary}`, readMessageForm)).rejects.toMatchObject({
			code: 'request.too_large',
			fields: { file: 'Fichier trop lourd (10 Mo au plus) : le message n’est pas parti, texte compris.' }
		});
	});

	it('a malformed body under the limit stays "invalid"', async () => {
		await expect(throughAdapter('--nope', 'multipart/form-data; boundary=abc', readForm)).rejects.toMatchObject({ code: 'validation.invalid', status: 400 });
	});
});
