import { MODULE_FORMAT, type ModuleContent, type Step } from '$lib/learning/content';
import type { Database } from '$lib/server/db/client';
import { publishVersion } from './learning.catalogue';
import { learningModules, type ModuleScope } from './learning.schema';

let counter = 0;

/** A small valid module: one card and four questions (single, multiple, true/false, order) + a situation. */
export function aModuleContent(overrides: Partial<ModuleContent> = {}): ModuleContent {
	const steps: Step[] = [
		{ kind: 'card', id: 'intro', title: 'Avant de commencer', body: 'Une carte de leçon.\n\n- un point\n- un autre' },
		{
			kind: 'single',
			id: 'q1',
			prompt: 'Quelle heure est la bonne ?',
			choices: [
				{ id: 'a', label: 'En avance', correct: true, feedback: 'Oui.' },
				{ id: 'b', label: 'En retard', correct: false, feedback: 'Non.' }
			],
			explanation: 'Arriver un peu en avance rassure.'
		},
		{
			kind: 'multiple',
			id: 'q2',
			prompt: 'Que prendre ?',
			choices: [
				{ id: 'a', label: 'Un CV', correct: true },
				{ id: 'b', label: 'Un stylo', correct: true },
				{ id: 'c', label: 'Un ballon', correct: false }
			],
			explanation: 'Le CV et de quoi noter.'
		},
		{ kind: 'true_false', id: 'q3', prompt: 'On peut prévenir par SMS.', answer: true, explanation: 'Oui, avant l’heure.' },
		{
			kind: 'order',
			id: 'q4',
			prompt: 'Dans l’ordre :',
			items: [
				{ id: 'a', label: 'Dire bonjour' },
				{ id: 'b', label: 'Se présenter' },
				{ id: 'c', label: 'Répondre aux questions' }
			],
			explanation: 'On commence par saluer.'
		},
		{
			kind: 'situation',
			id: 'q5',
			situation: 'Ton bus est en retard.',
			prompt: 'Que fais-tu ?',
			choices: [
				{ id: 'a', label: 'J’appelle pour prévenir', verdict: 'best', feedback: 'Parfait.' },
				{ id: 'b', label: 'J’envoie un SMS', verdict: 'acceptable', feedback: 'Ça marche aussi.' },
				{ id: 'c', label: 'Je ne dis rien', verdict: 'avoid', feedback: 'On t’attendrait.' }
			],
			explanation: 'Prévenir avant l’heure, c’est l’essentiel.'
		}
	];
	const n = ++counter;
	return {
		format: MODULE_FORMAT,
		slug: `module-test-${Date.now().toString(36)}-${n}`,
		title: `Module de test ${n}`,
		summary: 'Un module pour les tests.',
		theme: 'Au travail',
		emoji: '🧪',
		minutes: 5,
		steps,
		...overrides
	};
}

/** The right answers of aModuleContent(), by question id. */
export const RIGHT_ANSWERS = {
	q1: { choice: 'a' },
	q2: { choices: ['a', 'b'] },
	q3: { value: true },
	q4: { order: ['a', 'b', 'c'] },
	q5: { choice: 'b' }
} as const;

export const WRONG_ANSWERS = {
	q1: { choice: 'b' },
	q2: { choices: ['a'] },
	q3: { value: false },
	q4: { order: ['b', 'a', 'c'] },
	q5: { choice: 'c' }
} as const;

/** A published module (one version). Owner and scope default to Tremplin / everyone. */
export async function aPublishedModule(
	db: Database,
	options: { content?: ModuleContent; scope?: ModuleScope; ownerStructureId?: string | null; ownerNetworkId?: string | null } = {}
) {
	const content = options.content ?? aModuleContent();
	const [row] = await db
		.insert(learningModules)
		.values({
			slug: content.slug,
			scope: options.scope ?? 'everyone',
			ownerStructureId: options.ownerStructureId ?? null,
			ownerNetworkId: options.ownerNetworkId ?? null,
			status: 'draft',
			draft: content
		})
		.returning();
	const version = await publishVersion(db, { moduleId: row!.id, content, publishedBy: null });
	return { id: row!.id, slug: content.slug, content, versionId: version.versionId };
}
