import type { Judgement, Response, Step } from './content';

/**
 * What the play page hands to the player (src/routes/parcours/[slug]/jouer): one step rendered on
 * the server, plus what the browser needs to take over (ids, the plan, answers so far). The "shell"
 * is the same page without any attempt: the service worker keeps it so that a module opened once
 * plays offline, from the device's own store (offline.ts).
 */
export interface PlanStep {
	id: string;
	question: boolean;
}

export interface ServerAnswer {
	id: string;
	response: Response;
	answeredAt: string;
}

export type PlayPageData =
	| { shell: true; slug: string }
	| {
			shell: false;
			slug: string;
			module: { id: string; title: string; emoji: string };
			versionId: string;
			attempt: { id: string; kind: 'module' | 'review'; completed: boolean };
			plan: PlanStep[];
			/** 0-based index of the step shown (the address says `etape=index+1`). */
			index: number;
			step: Step;
			answers: Record<string, ServerAnswer>;
			answered: { response: unknown; judgement: Judgement } | null;
			/** A fresh id for the answer form: submitting it twice records one answer. */
			answerId: string;
	  };

/** Addresses use 1-based step numbers: `etape=1` is the first step. */
export const playHref = (slug: string, attemptId: string, index: number) =>
	`/parcours/${slug}/jouer?partie=${encodeURIComponent(attemptId)}&etape=${index + 1}`;

/** Without a step number: the play page resumes after the last answered step. */
export const resumeHref = (slug: string, attemptId: string) => `/parcours/${slug}/jouer?partie=${encodeURIComponent(attemptId)}`;

export const bilanHref = (slug: string, attemptId: string) => `/parcours/${slug}/bilan?partie=${encodeURIComponent(attemptId)}`;

/** The step index asked by `etape` (1-based), or where to resume: after the last answered step. */
export function stepIndex(etape: string | null, planIds: readonly string[], answered: (id: string) => boolean): number {
	const n = Number(etape);
	if (Number.isInteger(n) && n >= 1 && n <= planIds.length) return n - 1;
	let last = -1;
	planIds.forEach((id, i) => {
		if (answered(id)) last = i;
	});
	return Math.min(last + 1, planIds.length - 1);
}

/** Position of a step among the questions: "Question 3 sur 12". */
export function questionNumber(plan: readonly PlanStep[], index: number): { number: number; total: number } | null {
	if (!plan[index]?.question) return null;
	return { number: plan.slice(0, index + 1).filter((s) => s.question).length, total: plan.filter((s) => s.question).length };
}
