import { isCompleteResponse, type Question, type Response } from './content';

/**
 * The answer of a plain HTML form (the player without JavaScript, see StepView.svelte), as the
 * Response the use cases record. Shared: the server reads posted forms with it, and the player
 * reads the same form with it when JavaScript answers in place, so both behave the same. Field names:
 * - single, situation: `choice` = the choice id;
 * - multiple: `choice_<choiceId>` present (a ticked checkbox sends "on");
 * - true_false: `value` = "true" | "false";
 * - order: `position_<itemId>` = 1…n (a select per item), each position used once.
 * Returns null when the answer is incomplete or names something the question does not have.
 */
export function responseFromForm(question: Question, values: Record<string, string>): Response | null {
	let response: Response | null = null;
	switch (question.kind) {
		case 'single':
		case 'situation': {
			const choice = values.choice?.trim();
			response = choice ? { choice } : null;
			break;
		}
		case 'multiple': {
			const choices = question.choices.filter((c) => (values[`choice_${c.id}`] ?? '') !== '').map((c) => c.id);
			response = choices.length ? { choices } : null;
			break;
		}
		case 'true_false': {
			const value = values.value?.trim();
			response = value === 'true' ? { value: true } : value === 'false' ? { value: false } : null;
			break;
		}
		case 'order': {
			const n = question.items.length;
			const placed = question.items.map((item) => ({ id: item.id, position: Number(values[`position_${item.id}`]?.trim() || NaN) }));
			const positions = new Set(placed.map((p) => p.position));
			const valid = placed.every((p) => Number.isInteger(p.position) && p.position >= 1 && p.position <= n) && positions.size === n;
			response = valid ? { order: placed.sort((a, b) => a.position - b.position).map((p) => p.id) } : null;
			break;
		}
	}
	return response && isCompleteResponse(question, response) ? response : null;
}
