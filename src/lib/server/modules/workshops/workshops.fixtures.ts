/** Test builders for workshops (functions: every call makes new rows). */
import type { Database } from '$lib/server/db/client';
import { hashSecret } from './workshops.repository';
import { workshopPlayers, workshops, type WorkshopQuestion } from './workshops.schema';

/** Three questions of different kinds: a single choice, a true/false, a situation. */
export function defaultWorkshopQuestions(): WorkshopQuestion[] {
	return [
		{
			source: null,
			question: {
				kind: 'single',
				id: 'q-cv-pages',
				prompt: 'Combien de pages pour un premier CV ?',
				choices: [
					{ id: 'une', label: 'Une page', correct: true, feedback: 'Oui : une page suffit pour un premier emploi.' },
					{ id: 'trois', label: 'Trois pages', correct: false, feedback: 'C’est trop long pour un recruteur pressé.' },
					{ id: 'cinq', label: 'Cinq pages', correct: false }
				],
				explanation: 'Un recruteur lit un CV en moins d’une minute : une page claire suffit.'
			}
		},
		{
			source: null,
			question: {
				kind: 'true_false',
				id: 'q-lettre',
				prompt: 'On peut envoyer la même lettre de motivation à toutes les entreprises.',
				answer: false,
				explanation: 'Une lettre adaptée à chaque entreprise montre ton intérêt pour elle.'
			}
		},
		{
			source: null,
			question: {
				kind: 'situation',
				id: 'q-retard',
				situation: 'Ton bus est en panne et tu vas arriver en retard à ton entretien.',
				prompt: 'Que fais-tu ?',
				choices: [
					{ id: 'appeler', label: 'J’appelle pour prévenir', verdict: 'best', feedback: 'Prévenir montre que tu es fiable.' },
					{ id: 'mail', label: 'J’envoie un mail en arrivant', verdict: 'acceptable', feedback: 'Mieux que rien, mais un appel avant est plus sûr.' },
					{ id: 'rien', label: 'Je ne dis rien', verdict: 'avoid', feedback: 'Le recruteur risque de penser que tu ne viens pas.' }
				],
				explanation: 'Un imprévu arrive à tout le monde : ce qui compte, c’est de prévenir.'
			}
		}
	];
}

export async function aWorkshop(
	db: Database,
	input: { structureId: string; createdBy: string | null } & Partial<typeof workshops.$inferInsert>
) {
	const [row] = await db
		.insert(workshops)
		.values({
			title: 'Atelier CV et entretien',
			startsAt: new Date('2025-03-10T09:00:00Z'),
			timerSeconds: 30,
			questions: defaultWorkshopQuestions(),
			...input
		})
		.returning();
	return row!;
}

let counter = 0;

/** A guest player inserted directly (no checks, no event); returns the row and its secret. */
export async function aPlayer(
	db: Database,
	workshopId: string,
	overrides: Partial<typeof workshopPlayers.$inferInsert> = {}
) {
	const secret = `secret-${Date.now().toString(36)}-${(counter++).toString(36)}-abcdefghijkl`;
	const [row] = await db
		.insert(workshopPlayers)
		.values({ workshopId, nickname: `Joueur ${counter}`, secretHash: hashSecret(secret), ...overrides })
		.returning();
	return { player: row!, secret };
}
