import { describe, expect, it } from 'vitest';
import { checkNickname } from './workshops.nicknames';

describe('nicknames', () => {
	it('are tidied: trimmed, spaces collapsed, NFC', () => {
		expect(checkNickname('  Léa   la  best ')).toEqual({ ok: true, nickname: 'Léa la best' });
		expect(checkNickname('Le\u0301a')).toEqual({ ok: true, nickname: 'Léa' });
		expect(checkNickname('N’Golo')).toEqual({ ok: true, nickname: "N'Golo" });
	});

	it('have 2 to 20 characters among letters, digits, space and - _ \' .', () => {
		expect(checkNickname('A')).toEqual({ ok: false, code: 'too_short' });
		expect(checkNickname('   ')).toEqual({ ok: false, code: 'too_short' });
		expect(checkNickname(42)).toEqual({ ok: false, code: 'too_short' });
		expect(checkNickname('Abcdefghijklmnopqrstu')).toEqual({ ok: false, code: 'too_long' });
		expect(checkNickname('Karim 😎')).toEqual({ ok: false, code: 'characters' });
		expect(checkNickname('<script>')).toEqual({ ok: false, code: 'characters' });
		expect(checkNickname('Jean-Eudes_2.0')).toMatchObject({ ok: true });
	});

	const accepted = [
		'Pascal', 'Connor', 'Conan', 'Bitencourt', 'Salomé', 'Anaïs', 'Pierre-Louis', 'Nicolas', 'Sébastien',
		'Jade13', 'Léa2009', 'Coline', 'Constance', 'Hercule', 'Luc Ulysse', 'Scott', 'Bruno', 'Raphaël', 'Inès B.',
		'Salopette', 'Cassandre', 'Mongolie', 'Entraîneur'
	];
	it.each(accepted)('accept « %s »', (name) => {
		expect(checkNickname(name)).toMatchObject({ ok: true });
	});

	const refused = [
		'c0nnard', 'p u t e', 'P.U.T.E', 'salope', 'Sal0pe', 'encULé', 'CONNASSE', 'connnnard', 'le con',
		'Pute', 'putes', 'fdp', 'FdP 69', 'ta gueule', 'tagueule', 'N1qu3 ta m3r3', 'b@tard', 'pd', 'gouine',
		'bougnoule', 'Sale arabe', 'h1tl3r', 'enc-ulé', 'Pét@sse', '$alope'
	];
	it.each(refused)('refuse « %s »', (name) => {
		expect(checkNickname(name)).toEqual({ ok: false, code: 'insult' });
	});
});
