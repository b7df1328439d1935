import { randomUUID } from 'node:crypto';
import type { Database } from '$lib/server/db/client';
import type { Actor } from '$lib/server/platform/access';
import { aPublishedModule, RIGHT_ANSWERS } from '../learning/learning.fixtures';
import { recordAnswers } from '../learning';

/** A published module the youth has completed (all questions answered): a `learning_module` achievement. */
export async function aCompletedModule(deps: { db: Database; now: () => Date }, youth: Actor) {
	const module = await aPublishedModule(deps.db);
	const at = deps.now().toISOString();
	await recordAnswers(deps, { actor: youth, guestId: null }, {
		attempts: [
			{
				id: randomUUID(),
				moduleId: module.id,
				versionId: module.versionId,
				kind: 'module',
				answers: Object.entries(RIGHT_ANSWERS).map(([stepId, response]) => ({ id: randomUUID(), stepId, response, answeredAt: at }))
			}
		]
	});
	return module;
}

/** A published module the youth has only started. */
export async function aStartedModule(deps: { db: Database; now: () => Date }, youth: Actor) {
	const module = await aPublishedModule(deps.db);
	await recordAnswers(deps, { actor: youth, guestId: null }, {
		attempts: [
			{
				id: randomUUID(),
				moduleId: module.id,
				versionId: module.versionId,
				kind: 'module',
				answers: [{ id: randomUUID(), stepId: 'q1', response: RIGHT_ANSWERS.q1, answeredAt: deps.now().toISOString() }]
			}
		]
	});
	return module;
}
