/** Answer colours and shapes: never colour alone — a shape and the text label go with it. */
export const CHOICE_STYLES = [
	{ shape: '▲', name: 'triangle', colour: 'var(--c-brand)' },
	{ shape: '◆', name: 'losange', colour: 'var(--c-accent)' },
	{ shape: '●', name: 'rond', colour: 'var(--c-info)' },
	{ shape: '■', name: 'carré', colour: 'var(--c-success)' },
	{ shape: '★', name: 'étoile', colour: 'var(--c-danger)' },
	{ shape: '⬟', name: 'pentagone', colour: 'var(--c-warning)' }
] as const;

export const choiceStyle = (i: number): { shape: string; name: string; colour: string } => CHOICE_STYLES[i % CHOICE_STYLES.length]!;

export const TRUE_STYLE = { shape: '✓', colour: 'var(--c-success)' };
export const FALSE_STYLE = { shape: '✗', colour: 'var(--c-danger)' };
