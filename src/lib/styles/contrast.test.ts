import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Reads the design tokens from app.css and checks every colour pair the interface uses for text
// (WCAG 2.1 AA: 4.5:1) and for non-text elements such as focus rings and input borders (3:1).
const css = readFileSync(fileURLToPath(new URL('./app.css', import.meta.url)), 'utf8');
const tokens = Object.fromEntries([...css.matchAll(/--(c-[\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));

const channel = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => channel(parseInt(hex.slice(i, i + 2), 16) / 255));
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi! + 0.05) / (lo! + 0.05);
}
const colour = (name: string) => {
	const value = name.startsWith('#') ? name : tokens[name];
	if (!value) throw new Error(`unknown token ${name}`);
	return value;
};

const TEXT_PAIRS: [string, string][] = [
	['c-text', 'c-bg'],
	['c-text', 'c-surface'],
	['c-text-muted', 'c-bg'],
	['c-text-muted', 'c-surface'],
	['c-text-muted', 'c-brand-soft'],
	['c-brand', 'c-surface'],
	['c-brand', 'c-bg'],
	['c-brand', 'c-brand-soft'],
	['c-brand-strong', 'c-brand-soft'],
	['c-on-brand', 'c-brand'],
	['c-on-brand', 'c-brand-strong'],
	['c-on-brand', 'c-danger'],
	['c-accent', 'c-surface'],
	['c-accent', 'c-accent-soft'],
	['c-danger', 'c-surface'],
	['c-danger', 'c-danger-soft'],
	['c-success', 'c-success-soft'],
	['c-warning', 'c-warning-soft'],
	['c-info', 'c-info-soft'],
	['c-soon', 'c-soon-soft'],
	['c-text', 'c-accent-soft'],
	['c-text', 'c-danger-soft'],
	['c-text', 'c-success-soft'],
	['c-text', 'c-warning-soft'],
	['c-text', 'c-info-soft'],
	['c-text', 'c-brand-soft'],
	['c-text', 'c-soon-soft']
];
const NON_TEXT_PAIRS: [string, string][] = [
	['c-focus', 'c-bg'],
	['c-focus', 'c-surface'],
	['c-border', 'c-surface'],
	['c-brand', 'c-bg']
];

describe('design tokens', () => {
	it.each(TEXT_PAIRS)('text in %s on %s reaches 4.5:1', (fg, bg) => {
		expect(contrast(colour(fg), colour(bg))).toBeGreaterThanOrEqual(4.5);
	});
	it.each(NON_TEXT_PAIRS)('%s next to %s reaches 3:1', (fg, bg) => {
		expect(contrast(colour(fg), colour(bg))).toBeGreaterThanOrEqual(3);
	});
	it('computes the known extremes', () => {
		expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrast('#777777', '#777777')).toBe(1);
	});
});
