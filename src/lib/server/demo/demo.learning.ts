import { eq } from 'drizzle-orm';
import { isQuestion, MODULE_FORMAT, type ModuleContent, type Question, type Response } from '$lib/learning/content';
import type { Deps } from '../app';
import type { Actor } from '../platform/access';
import {
	getCatalogue,
	getVersionContent,
	importModule,
	publishModule,
	recordAnswers,
	startAttempt,
	type Viewer
} from '../modules/learning';
// The seed is a privileged loader: it looks a module up by its address directly.
import { learningModules } from '../modules/learning/learning.schema';

/**
 * Demo content of the "Parcours" feature: a module written by the Lyon counselor for the youth of
 * the Mission Locale de Lyon, and some progress for jeune@tremplin.test so that the counselor's
 * view of the youth file is not empty. Everything goes through the use cases (import, publish,
 * start, answer) with fixed ids: running it again changes nothing.
 */

export const LYON_MODULE: ModuleContent = {
	format: MODULE_FORMAT,
	slug: 'bienvenue-mission-locale-lyon',
	title: 'Bienvenue à la Mission Locale de Lyon',
	summary: 'Ce que fait la Mission Locale, ce qu’il faut apporter au premier rendez-vous, et comment rester en contact.',
	theme: 'Mes droits',
	emoji: '👋',
	minutes: 6,
	steps: [
		{
			kind: 'card',
			id: 'accueil',
			emoji: '🏠',
			title: 'La Mission Locale, c’est pour toi',
			body: 'La Mission Locale accueille les jeunes de 16 à 25 ans qui ont quitté l’école.\n\nC’est gratuit. Tu peux venir avec ou sans diplôme.\n\nUn conseiller ou une conseillère t’aide pour :\n- trouver un emploi ou une formation\n- le logement, la santé, le permis\n- tes démarches et tes droits'
		},
		{
			kind: 'true_false',
			id: 'gratuit',
			prompt: 'L’accompagnement de la Mission Locale est payant.',
			answer: false,
			explanation: 'C’est gratuit. Tu ne paies rien pour être accompagné·e.'
		},
		{
			kind: 'single',
			id: 'age',
			prompt: 'Qui peut être accompagné par la Mission Locale ?',
			choices: [
				{ id: 'a', label: 'Les jeunes de 16 à 25 ans sortis de l’école', correct: true },
				{ id: 'b', label: 'Seulement les jeunes qui ont le bac', correct: false, feedback: 'Non : avec ou sans diplôme, tu es le bienvenu ou la bienvenue.' },
				{ id: 'c', label: 'Seulement les jeunes qui ont déjà travaillé', correct: false, feedback: 'Non : même sans expérience, tu peux venir.' }
			],
			explanation: 'La Mission Locale accueille les 16–25 ans qui ont quitté l’école, avec ou sans diplôme.'
		},
		{
			kind: 'multiple',
			id: 'sujets',
			prompt: 'Pour quels sujets peux-tu demander de l’aide ? Coche tout ce qui est vrai.',
			choices: [
				{ id: 'a', label: 'Trouver un emploi', correct: true },
				{ id: 'b', label: 'Choisir une formation', correct: true },
				{ id: 'c', label: 'Chercher un logement', correct: true },
				{ id: 'd', label: 'Faire tes devoirs de lycée', correct: false, feedback: 'La Mission Locale accompagne les jeunes qui ont quitté l’école.' }
			],
			explanation: 'Emploi, formation, mais aussi logement, santé, mobilité : on regarde ta situation en entier.'
		},
		{
			kind: 'card',
			id: 'premier-rdv',
			emoji: '📅',
			title: 'Ton premier rendez-vous',
			body: 'Le premier rendez-vous dure en général 45 minutes à 1 heure.\n\nTu parles de toi : ce que tu as fait, ce que tu aimes, ce que tu cherches.\n\nApporte si tu peux :\n- une pièce d’identité\n- ta carte Vitale ou ton attestation de Sécurité sociale\n- un justificatif de domicile\n- ton CV, si tu en as un\n\nIl te manque un papier ? Viens quand même : on t’aide à le refaire.'
		},
		{
			kind: 'multiple',
			id: 'papiers',
			prompt: 'Que peux-tu apporter au premier rendez-vous ?',
			choices: [
				{ id: 'a', label: 'Une pièce d’identité', correct: true },
				{ id: 'b', label: 'Ta carte Vitale', correct: true },
				{ id: 'c', label: 'Ton bulletin de notes de 6e', correct: false, feedback: 'Pas besoin : on parle de ce que tu sais faire aujourd’hui.' },
				{ id: 'd', label: 'Ton CV, si tu en as un', correct: true }
			],
			explanation: 'Identité, carte Vitale, justificatif de domicile et CV si tu en as un. S’il manque un papier, viens quand même.'
		},
		{
			kind: 'true_false',
			id: 'sans-papier',
			prompt: 'S’il te manque un papier, il vaut mieux annuler ton rendez-vous.',
			answer: false,
			explanation: 'Viens quand même. Ton conseiller ou ta conseillère t’aide à refaire les papiers qui manquent.'
		},
		{
			kind: 'order',
			id: 'etapes-rdv',
			prompt: 'Remets dans l’ordre ton arrivée au premier rendez-vous.',
			items: [
				{ id: 'a', label: 'Tu arrives 5 minutes en avance' },
				{ id: 'b', label: 'Tu te présentes à l’accueil' },
				{ id: 'c', label: 'Tu attends qu’on t’appelle' },
				{ id: 'd', label: 'Tu parles de ta situation avec le conseiller' }
			],
			explanation: 'Un peu d’avance, l’accueil, puis l’entretien : c’est simple.'
		},
		{
			kind: 'situation',
			id: 'retard',
			situation: 'Ton rendez-vous est à 14 h. Il est 13 h 50 et ton tram est bloqué. Tu vas arriver avec 20 minutes de retard.',
			prompt: 'Que fais-tu ?',
			choices: [
				{ id: 'a', label: 'J’appelle la Mission Locale ou j’envoie un message pour prévenir', verdict: 'best', feedback: 'Parfait : on peut décaler ou te recevoir un peu plus tard.' },
				{ id: 'b', label: 'J’arrive en retard sans rien dire', verdict: 'acceptable', feedback: 'Tu viens, c’est bien. Mais préviens : ton conseiller a peut-être un autre rendez-vous après.' },
				{ id: 'c', label: 'Je rentre chez moi et je ne dis rien', verdict: 'avoid', feedback: 'Dommage : personne ne sait ce qui s’est passé. Un message suffit pour trouver une autre date.' }
			],
			explanation: 'Un retard arrive à tout le monde. Le bon réflexe : prévenir avant l’heure.'
		},
		{
			kind: 'card',
			id: 'cej',
			emoji: '🚀',
			title: 'Le Contrat d’engagement jeune',
			body: 'Le Contrat d’engagement jeune (CEJ) est un accompagnement intensif pour aller vers l’emploi.\n\nTu as un conseiller ou une conseillère qui te suit de près, avec 15 à 20 heures d’activités par semaine : ateliers, stages, formation.\n\nSelon tes ressources, une allocation peut t’être versée. Demande si c’est pour toi.'
		},
		{
			kind: 'single',
			id: 'cej-heures',
			prompt: 'Dans le Contrat d’engagement jeune, combien d’heures d’activités par semaine sont prévues ?',
			choices: [
				{ id: 'a', label: '2 à 3 heures', correct: false },
				{ id: 'b', label: '15 à 20 heures', correct: true },
				{ id: 'c', label: '35 heures', correct: false }
			],
			explanation: '15 à 20 heures par semaine : ateliers, stages, formation, démarches.'
		},
		{
			kind: 'true_false',
			id: 'cej-allocation',
			prompt: 'Avec le Contrat d’engagement jeune, une allocation peut être versée selon tes ressources.',
			answer: true,
			explanation: 'Oui. Le montant dépend de ta situation : ton conseiller ou ta conseillère te l’explique.'
		},
		{
			kind: 'card',
			id: 'contact',
			emoji: '💬',
			title: 'Rester en contact',
			body: 'Avec Tremplin, tu peux écrire à ton conseiller ou ta conseillère, même le soir.\n\nLa réponse arrive aux heures d’ouverture. Si c’est urgent, appelle la Mission Locale.'
		},
		{
			kind: 'situation',
			id: 'message-soir',
			situation: 'Il est 23 h. Tu viens de voir une offre d’emploi qui t’intéresse et tu as une question pour ton conseiller.',
			prompt: 'Que fais-tu ?',
			choices: [
				{ id: 'a', label: 'J’écris un message sur Tremplin maintenant', verdict: 'best', feedback: 'Oui : ton message sera lu dès l’ouverture.' },
				{ id: 'b', label: 'J’attends le lendemain pour appeler', verdict: 'acceptable', feedback: 'Ça marche aussi. Note bien ta question pour ne pas l’oublier.' },
				{ id: 'c', label: 'Je laisse tomber l’offre', verdict: 'avoid', feedback: 'Dommage : une question n’est jamais un problème.' }
			],
			explanation: 'Tu peux écrire à toute heure. La réponse arrive aux heures d’ouverture.'
		},
		{
			kind: 'single',
			id: 'urgence',
			prompt: 'Tu as un problème urgent pendant les heures d’ouverture. Quel est le plus rapide ?',
			choices: [
				{ id: 'a', label: 'Appeler la Mission Locale', correct: true, feedback: 'Oui : au téléphone, on te répond tout de suite.' },
				{ id: 'b', label: 'Attendre ton prochain rendez-vous', correct: false, feedback: 'Il peut être dans plusieurs semaines : n’attends pas.' }
			],
			explanation: 'Pour une urgence, le téléphone reste le plus rapide.'
		}
	]
};

/** A response to a question: the right one, or a plausible wrong one. */
export function demoResponse(question: Question, right: boolean): Response {
	switch (question.kind) {
		case 'single': {
			const choice = question.choices.find((c) => c.correct === right) ?? question.choices[0]!;
			return { choice: choice.id };
		}
		case 'multiple': {
			const correct = question.choices.filter((c) => c.correct).map((c) => c.id);
			return { choices: right || correct.length < 2 ? correct : correct.slice(1) };
		}
		case 'true_false':
			return { value: right ? question.answer : !question.answer };
		case 'order': {
			const ids = question.items.map((i) => i.id);
			return { order: right ? ids : [ids[1]!, ids[0]!, ...ids.slice(2)] };
		}
		case 'situation': {
			const choice = question.choices.find((c) => (right ? c.verdict === 'best' : c.verdict === 'avoid')) ?? question.choices[0]!;
			return { choice: choice.id };
		}
	}
}

type DemoId = (key: string) => string;

/**
 * Plays `count` questions of a published module for a youth, `wrong` of them answered wrongly, on
 * a given day. Fixed ids (from `key`): a second run finds everything already recorded.
 */
async function play(
	deps: Deps,
	viewer: Viewer,
	demoId: DemoId,
	input: { key: string; slug: string; moduleId: string; versionId: string; content: ModuleContent; at: Date; count?: number; wrong?: string[] }
) {
	const attemptId = demoId(`learning-attempt:${input.key}`);
	await startAttempt({ ...deps, now: () => input.at }, viewer, { slug: input.slug, attemptId });
	const questions = input.content.steps.filter(isQuestion).slice(0, input.count ?? Infinity);
	// Answers 40 s apart; the server's clock is after the last one (it keeps answers in the past).
	const end = new Date(input.at.getTime() + (questions.length + 1) * 40_000);
	await recordAnswers({ ...deps, now: () => end }, viewer, {
		attempts: [
			{
				id: attemptId,
				moduleId: input.moduleId,
				versionId: input.versionId,
				kind: 'module',
				startedAt: input.at.toISOString(),
				answers: questions.map((q, i) => ({
					id: demoId(`learning-answer:${input.key}:${q.id}`),
					stepId: q.id,
					response: demoResponse(q, !(input.wrong ?? []).includes(q.id)),
					answeredAt: new Date(input.at.getTime() + i * 40_000).toISOString()
				}))
			}
		]
	});
}

export async function seedLearning(
	deps: Deps,
	input: { counselor: Actor; youth: Actor; demoId: DemoId; daysAgo: (days: number) => Date }
): Promise<void> {
	const { db } = deps;
	// 1. The Lyon counselor's module, for the youth of the Mission Locale de Lyon.
	const [existing] = await db.select({ id: learningModules.id }).from(learningModules).where(eq(learningModules.slug, LYON_MODULE.slug));
	if (!existing) {
		const at = { ...deps, now: () => input.daysAgo(12) };
		const imported = await importModule(at, input.counselor, { text: JSON.stringify(LYON_MODULE), scope: 'structure' });
		if (!imported.ok) throw new Error(`demo seed: Lyon module invalid: ${JSON.stringify(imported.issues)}`);
		const published = await publishModule(at, input.counselor, imported.id);
		if (!published.ok) throw new Error(`demo seed: Lyon module not published: ${JSON.stringify(published.issues)}`);
	}

	// 2. Karim's progress: the Lyon module twice (a first try, then better), Tremplin's own modules
	//    when they are loaded (one finished, one in progress).
	const viewer: Viewer = { actor: input.youth, guestId: null };
	const catalogue = await getCatalogue(deps, viewer);
	const lyon = catalogue.modules.find((m) => m.slug === LYON_MODULE.slug);
	if (!lyon) return;
	const lyonVersion = { moduleId: lyon.id, versionId: lyon.versionId, slug: lyon.slug, content: LYON_MODULE };
	await play(deps, viewer, input.demoId, { key: 'karim:lyon:1', ...lyonVersion, at: input.daysAgo(9), wrong: ['papiers', 'etapes-rdv', 'cej-heures', 'urgence'] });
	await play(deps, viewer, input.demoId, { key: 'karim:lyon:2', ...lyonVersion, at: input.daysAgo(2), wrong: ['cej-heures'] });

	// By slug, not by catalogue order (which moves with the youth's progress): the same two each run.
	const tremplin = catalogue.modules.filter((m) => m.author === 'Tremplin').sort((a, b) => a.slug.localeCompare(b.slug));
	const versions = await Promise.all(tremplin.slice(0, 2).map((m) => getVersionContent(deps, viewer, { moduleId: m.id, versionId: m.versionId })));
	const [done, started] = versions;
	if (done) {
		const wrong = done.content.steps.filter(isQuestion).slice(1, 3).map((q) => q.id);
		await play(deps, viewer, input.demoId, { key: `karim:${done.content.slug}:1`, moduleId: done.moduleId, versionId: done.versionId, slug: done.content.slug, content: done.content, at: input.daysAgo(5), wrong });
	}
	if (started) {
		await play(deps, viewer, input.demoId, {
			key: `karim:${started.content.slug}:1`,
			moduleId: started.moduleId,
			versionId: started.versionId,
			slug: started.content.slug,
			content: started.content,
			at: input.daysAgo(1),
			count: 3
		});
	}
}
