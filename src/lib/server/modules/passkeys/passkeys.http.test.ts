import { describe, expect, it } from 'vitest';
import { jsonError, readJsonBody } from './passkeys.http';
import { signInFailed } from './passkeys.errors';

const post = (body: string, type: string | null) =>
	new Request('https://tremplin.example/connexion/cle/options', {
		method: 'POST',
		body,
		headers: type ? { 'content-type': type } : {}
	});

describe('the JSON body of the WebAuthn endpoints', () => {
	it('is read when sent as application/json', async () => {
		await expect(readJsonBody(post('{"a":1}', 'application/json; charset=utf-8'))).resolves.toEqual({ a: 1 });
		await expect(readJsonBody(post('', 'application/json'))).resolves.toEqual({});
	});

	it('is refused with 415 when sent as a form (what a cross-site HTML form could send)', async () => {
		for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', null]) {
			const error = await readJsonBody(post('{"a":1}', type)).catch((e: unknown) => e);
			expect(jsonError(error).status).toBe(415);
		}
	});

	it('refuses broken JSON without a server error', async () => {
		const error = await readJsonBody(post('{nope', 'application/json')).catch((e: unknown) => e);
		expect(jsonError(error).status).toBe(400);
	});

	it('answers domain errors as { code, message } with their status', async () => {
		const response = jsonError(signInFailed());
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({ code: 'passkeys.sign_in_failed', message: expect.stringMatching(/^Connexion impossible/) });
	});
});
