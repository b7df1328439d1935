import { describe, expect, it } from 'vitest';
import { linkSegments } from './links';

const ORIGIN = 'https://tremplin.example.org';
const links = (body: string) => linkSegments(body, ORIGIN).filter((s) => s.href);

describe('links in messages', () => {
	it('turns same-site paths into links, without the trailing punctuation', () => {
		expect(linkSegments('Regarde /parcours/entretien-d-embauche.', ORIGIN)).toEqual([
			{ text: 'Regarde ' },
			{ text: '/parcours/entretien-d-embauche', href: '/parcours/entretien-d-embauche' },
			{ text: '.' }
		]);
		expect(links('(voir /parcours) et /jeune/rendez-vous?vue=liste')).toEqual([
			{ text: '/parcours', href: '/parcours' },
			{ text: '/jeune/rendez-vous?vue=liste', href: '/jeune/rendez-vous?vue=liste' }
		]);
	});

	it('turns full addresses of Tremplin’s own origin into same-site links', () => {
		expect(links(`Va sur ${ORIGIN}/parcours/cv, c’est court !`)).toEqual([{ text: `${ORIGIN}/parcours/cv`, href: '/parcours/cv' }]);
	});

	it('leaves other sites, look-alike origins, protocol-relative and credentials as text', () => {
		for (const body of [
			'https://evil.example.com/parcours',
			'https://tremplin.example.org.evil.com/x',
			'http://tremplin.example.org/parcours',
			'//evil.example.com/x',
			'https://user:pw@tremplin.example.org/x',
			'javascript:alert(1)',
			'un/chemin/relatif',
			'1/2 journée'
		]) {
			expect(links(body), body).toEqual([]);
			expect(linkSegments(body, ORIGIN).map((s) => s.text).join('')).toBe(body);
		}
	});

	it('keeps every character of the text', () => {
		const body = 'Bonjour,\n/parcours puis https://tremplin.example.org/jeune. Fin';
		expect(linkSegments(body, ORIGIN).map((s) => s.text).join('')).toBe(body);
	});
});
