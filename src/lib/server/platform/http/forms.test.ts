import { describe, expect, it } from 'vitest';
import { readForm } from './forms';

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
