import { describe, expect, it } from 'vitest';
import { judge, type MultipleQuestion, type OrderQuestion, type SingleQuestion, type SituationQuestion, type TrueFalseQuestion } from '$lib/learning/content';
import { responseFromForm } from './learning.forms';

const single: SingleQuestion = {
	kind: 'single',
	id: 'q1',
	prompt: 'Quelle adresse ?',
	choices: [
		{ id: 'a', label: 'prenom.nom@…', correct: true },
		{ id: 'b', label: 'surnom@…', correct: false }
	],
	explanation: 'La plus simple.'
};
const multiple: MultipleQuestion = {
	kind: 'multiple',
	id: 'q2',
	prompt: 'Lesquelles ?',
	choices: [
		{ id: 'a', label: 'A', correct: true },
		{ id: 'b', label: 'B', correct: false },
		{ id: 'c', label: 'C', correct: true }
	],
	explanation: '…'
};
const trueFalse: TrueFalseQuestion = { kind: 'true_false', id: 'q3', prompt: 'Vrai ?', answer: false, explanation: '…' };
const order: OrderQuestion = {
	kind: 'order',
	id: 'q4',
	prompt: 'Dans l’ordre',
	items: [
		{ id: 'x', label: 'Premier' },
		{ id: 'y', label: 'Deuxième' },
		{ id: 'z', label: 'Troisième' }
	],
	explanation: '…'
};
const situation: SituationQuestion = {
	kind: 'situation',
	id: 'q5',
	situation: 'Tu es en retard.',
	prompt: 'Que fais-tu ?',
	choices: [
		{ id: 'a', label: 'Je préviens', verdict: 'best', feedback: 'Oui.' },
		{ id: 'b', label: 'Je ne dis rien', verdict: 'avoid', feedback: 'Non.' }
	],
	explanation: '…'
};

describe('responseFromForm', () => {
	it('reads a single choice, and refuses a missing or unknown one', () => {
		expect(responseFromForm(single, { choice: 'a' })).toEqual({ choice: 'a' });
		expect(responseFromForm(single, {})).toBeNull();
		expect(responseFromForm(single, { choice: '' })).toBeNull();
		expect(responseFromForm(single, { choice: 'zz' })).toBeNull();
	});

	it('reads a situation like a single choice', () => {
		expect(responseFromForm(situation, { choice: 'b' })).toEqual({ choice: 'b' });
		expect(judge(situation, responseFromForm(situation, { choice: 'b' }))).toMatchObject({ correct: false, verdict: 'avoid' });
		expect(responseFromForm(situation, { value: 'true' })).toBeNull();
	});

	it('reads ticked boxes in the order of the question, ignoring unknown fields', () => {
		expect(responseFromForm(multiple, { choice_c: 'on', choice_a: 'on', choice_zz: 'on', attemptId: 'x' })).toEqual({ choices: ['a', 'c'] });
		expect(judge(multiple, responseFromForm(multiple, { choice_c: 'on', choice_a: 'on' })).correct).toBe(true);
		expect(responseFromForm(multiple, { choice_b: 'on' })).toEqual({ choices: ['b'] });
		expect(responseFromForm(multiple, {})).toBeNull();
		expect(responseFromForm(multiple, { choice_a: '' })).toBeNull();
	});

	it('reads true or false and nothing else', () => {
		expect(responseFromForm(trueFalse, { value: 'true' })).toEqual({ value: true });
		expect(responseFromForm(trueFalse, { value: 'false' })).toEqual({ value: false });
		expect(judge(trueFalse, responseFromForm(trueFalse, { value: 'false' })).correct).toBe(true);
		expect(responseFromForm(trueFalse, { value: 'vrai' })).toBeNull();
		expect(responseFromForm(trueFalse, {})).toBeNull();
	});

	it('reads positions into an order', () => {
		expect(responseFromForm(order, { position_x: '1', position_y: '2', position_z: '3' })).toEqual({ order: ['x', 'y', 'z'] });
		expect(responseFromForm(order, { position_x: '3', position_y: '1', position_z: '2' })).toEqual({ order: ['y', 'z', 'x'] });
		expect(judge(order, responseFromForm(order, { position_x: '3', position_y: '1', position_z: '2' })).correct).toBe(false);
	});

	it('refuses an order with a position missing, repeated, out of range or not a whole number', () => {
		expect(responseFromForm(order, { position_x: '1', position_y: '2' })).toBeNull();
		expect(responseFromForm(order, { position_x: '1', position_y: '1', position_z: '3' })).toBeNull();
		expect(responseFromForm(order, { position_x: '1', position_y: '2', position_z: '4' })).toBeNull();
		expect(responseFromForm(order, { position_x: '0', position_y: '1', position_z: '2' })).toBeNull();
		expect(responseFromForm(order, { position_x: '1.5', position_y: '2', position_z: '3' })).toBeNull();
		expect(responseFromForm(order, { position_x: '', position_y: '2', position_z: '3' })).toBeNull();
	});
});
