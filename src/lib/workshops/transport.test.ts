import { describe, expect, it } from 'vitest';
import type { PlayerQuestion } from './live';
import { AnswerBodyProblem, MAX_ANSWER_BYTES, playerCookieValue, readAnswerBody, readPlayerCookie, responseFromForm } from './transport';

const WORKSHOP = '0b9f6c1e-3f2a-4c1d-9e8b-7a6d5c4b3a21';
const OTHER = '1c8e5d2f-4a3b-4d2e-8f9c-6b5a4c3d2e10';
const SECRET = 'Zx3_k9-QmP2vL8rT4wYs7uBn';

const post = (body: string, headers: Record<string, string> = {}) =>
	new Request('https://tremplin.test/atelier/session/x/reponse', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

const form = (entries: [string, string][]) => {
	const data = new FormData();
	for (const [k, v] of entries) data.append(k, v);
	return data;
};

describe('player cookie', () => {
	it('reads back what it wrote, for the same workshop only', () => {
		const value = playerCookieValue(WORKSHOP, SECRET);
		expect(readPlayerCookie(value, WORKSHOP)).toEqual({ workshopId: WORKSHOP, secret: SECRET });
		expect(readPlayerCookie(value, WORKSHOP.toUpperCase())).toEqual({ workshopId: WORKSHOP, secret: SECRET });
		expect(readPlayerCookie(value, OTHER)).toBeNull();
	});

	it('refuses absent, malformed and forged values', () => {
		for (const bad of [undefined, '', 'abc', `${WORKSHOP}`, `${WORKSHOP}.`, `pas-un-uuid.${SECRET}`, `${WORKSHOP}.a b c d e f g h i`, `${WORKSHOP}.<script>alert</script>`]) {
			expect(readPlayerCookie(bad, WORKSHOP)).toBeNull();
		}
	});
});

describe('answer body', () => {
	it('reads { index, response }', async () => {
		await expect(readAnswerBody(post(JSON.stringify({ index: 2, response: { choice: 'a' } })))).resolves.toEqual({ index: 2, response: { choice: 'a' } });
	});

	it('refuses bodies over 4 KB, by declared length or by actual bytes', async () => {
		const big = JSON.stringify({ index: 0, response: { choice: 'x'.repeat(MAX_ANSWER_BYTES) } });
		await expect(readAnswerBody(post(big))).rejects.toMatchObject({ reason: 'too_large' });
		await expect(readAnswerBody(post('{}', { 'content-length': String(MAX_ANSWER_BYTES + 1) }))).rejects.toBeInstanceOf(AnswerBodyProblem);
	});

	it('refuses what is not an answer', async () => {
		for (const body of ['pas du json', '[]', 'null', '{"index":"1","response":{}}', '{"index":-1,"response":{}}', '{"index":1.5,"response":{}}', '{"index":0}', '{"index":0,"response":"a"}']) {
			await expect(readAnswerBody(post(body))).rejects.toMatchObject({ reason: 'invalid' });
		}
	});
});

describe('response from a plain form', () => {
	const single: PlayerQuestion = { kind: 'single', id: 'q1', prompt: '?', choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] };
	const multiple: PlayerQuestion = { ...single, kind: 'multiple' };
	const trueFalse: PlayerQuestion = { kind: 'true_false', id: 'q3', prompt: '?' };
	const order: PlayerQuestion = { kind: 'order', id: 'q4', prompt: '?', items: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }, { id: 'z', label: 'Z' }] };

	it('single and situation: the choice', () => {
		expect(responseFromForm(single, form([['choice', 'b']]))).toEqual({ choice: 'b' });
		expect(responseFromForm(single, form([]))).toBeNull();
	});

	it('multiple: every ticked choice', () => {
		expect(responseFromForm(multiple, form([['choices', 'a'], ['choices', 'b']]))).toEqual({ choices: ['a', 'b'] });
		expect(responseFromForm(multiple, form([]))).toBeNull();
	});

	it('true or false: « vrai » / « faux » only', () => {
		expect(responseFromForm(trueFalse, form([['value', 'vrai']]))).toEqual({ value: true });
		expect(responseFromForm(trueFalse, form([['value', 'faux']]))).toEqual({ value: false });
		expect(responseFromForm(trueFalse, form([['value', 'oui']]))).toBeNull();
	});

	it('order: items sorted by the positions given, ties and blanks in the order shown', () => {
		expect(responseFromForm(order, form([['position-x', '3'], ['position-y', '1'], ['position-z', '2']]))).toEqual({ order: ['y', 'z', 'x'] });
		expect(responseFromForm(order, form([['position-x', '1'], ['position-y', '1']]))).toEqual({ order: ['x', 'y', 'z'] });
	});
});
