import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { judge, type Step } from '$lib/learning/content';
import { responseFromForm } from '$lib/learning/forms';
import StepView from './StepView.svelte';

/**
 * StepView's contract, as the server renders it (the page without JavaScript, and the authors'
 * preview): field names read by responseFromForm, cards, the video facade, the feedback.
 */
/** The server's HTML without Svelte's hydration comments and scoped classes. */
const html = (props: Record<string, unknown>) =>
	render(StepView, { props: { action: '?/answer', nextHref: '/suite', seed: 'graine', ...props } as never })
		.body.replace(/<!--[^>]*-->/g, '')
		.replace(/ class="svelte-[\w-]+"/g, '')
		.replace(/ svelte-[\w-]+"/g, '"');

const fieldNames = (body: string) => [...body.matchAll(/name="([^"]+)"/g)].map((m) => m[1]);

describe('StepView', () => {
	it('renders a card as paragraphs and lists, with a video link that leaves Tremplin (never an iframe)', () => {
		const step: Step = {
			kind: 'card',
			id: 'intro',
			title: 'Prévenir',
			body: 'Premier paragraphe\nsur deux lignes.\n\nUne liste :\n- un\n- deux\n\nFin.',
			video: { url: 'https://www.youtube.com/watch?v=abc', title: 'Le retard en 1 minute' }
		};
		const body = html({ step });
		expect(body).toContain('<p>Premier paragraphe sur deux lignes.</p>');
		expect(body).toMatch(/<p>Une liste :<\/p>\s*<ul><li>un<\/li><li>deux<\/li><\/ul>/);
		expect(body).toContain('Voir la vidéo sur youtube.com (s’ouvre dans un autre onglet)');
		expect(body).toMatch(/href="https:\/\/www\.youtube\.com\/watch\?v=abc"[^>]*target="_blank"|target="_blank"[^>]*href="https:\/\/www\.youtube\.com/);
		expect(body).not.toContain('<iframe');
		expect(body).toContain('href="/suite"');
		expect(body).not.toContain('<form');
	});

	it('renders each kind of question as a plain form whose fields responseFromForm reads', () => {
		const questions: Step[] = [
			{ kind: 'single', id: 'q1', prompt: 'Laquelle ?', choices: [{ id: 'a', label: 'A', correct: true }, { id: 'b', label: 'B', correct: false }], explanation: '…' },
			{ kind: 'multiple', id: 'q2', prompt: 'Lesquelles ?', choices: [{ id: 'a', label: 'A', correct: true }, { id: 'b', label: 'B', correct: true }], explanation: '…' },
			{ kind: 'true_false', id: 'q3', prompt: 'Vrai ?', answer: true, explanation: '…' },
			{ kind: 'order', id: 'q4', prompt: 'Ordre', items: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }, { id: 'z', label: 'Z' }], explanation: '…' },
			{ kind: 'situation', id: 'q5', situation: 'Tu es en retard.', prompt: 'Que fais-tu ?', choices: [{ id: 'a', label: 'Je préviens', verdict: 'best', feedback: 'Oui' }, { id: 'b', label: 'Rien', verdict: 'avoid', feedback: 'Non' }], explanation: '…' }
		];
		const expected: Record<string, string[]> = {
			q1: ['attemptId', 'choice', 'choice'],
			q2: ['attemptId', 'choice_a', 'choice_b'],
			q3: ['attemptId', 'value', 'value'],
			q4: ['attemptId', 'position_x', 'position_y', 'position_z'].sort(),
			q5: ['attemptId', 'choice', 'choice']
		};
		for (const step of questions) {
			const body = html({ step, hidden: { attemptId: 'p1' } });
			expect(body).toMatch(/<form method="POST" action="\?\/answer"/);
			expect(body).toMatch(/<fieldset[^>]*><legend[^>]*><h2[^>]*>/);
			const names = fieldNames(body);
			expect(step.kind === 'order' ? names.sort() : names).toEqual(expected[step.id]);
			expect(body).toContain('Valider');
			expect(body).not.toContain('Écouter'); // read-aloud appears only in the browser
		}
		// "Put in order": every place is given at first (shuffled), so the form is complete as it is.
		const order = questions[3]!;
		const body = html({ step: order });
		const values: Record<string, string> = {};
		for (const m of body.matchAll(/name="(position_\w+)"[^>]*>((?:(?!<\/select>)[\s\S])*)<\/select>/g)) {
			values[m[1]!] = /<option value="(\d+)" selected/.exec(m[2]!)![1]!;
		}
		const response = responseFromForm(order as never, values);
		expect(response).not.toBeNull();
		expect(judge(order as never, response).correct).toBe(false); // never shown in the right order
	});

	it('shows the answer, the verdict in kind words and the explanation once answered, and the error otherwise', () => {
		const step: Step = {
			kind: 'situation',
			id: 'q5',
			situation: 'Tu es en retard.',
			prompt: 'Que fais-tu ?',
			choices: [
				{ id: 'a', label: 'Je préviens', verdict: 'best', feedback: 'Oui, tout de suite.' },
				{ id: 'b', label: 'J’envoie un message après', verdict: 'acceptable', feedback: 'Mieux que rien.' },
				{ id: 'c', label: 'Rien', verdict: 'avoid', feedback: 'On s’inquiète pour toi.' }
			],
			explanation: 'Prévenir avant l’heure.'
		};
		for (const [choice, title] of [['a', 'Très bonne réponse'], ['b', 'Ça peut marcher'], ['c', 'À éviter']] as const) {
			const answered = { response: { choice }, judgement: judge(step, { choice }) };
			const body = html({ step, answered, nextLabel: 'Voir mon bilan' });
			expect(body).not.toContain('<form');
			expect(body).toMatch(new RegExp(`id="retour-titre"[^>]*>[\\s\\S]*${title}`));
			expect(body).toContain('aria-live="polite"');
			expect(body).toContain('Prévenir avant l’heure.');
			expect(body).toContain('Voir mon bilan');
		}
		const withError = html({ step, error: 'Choisis une réponse avant de valider.' });
		expect(withError).toMatch(/role="alert"[^>]*>Choisis une réponse avant de valider\./);
	});
});
