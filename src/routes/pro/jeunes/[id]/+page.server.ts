import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { changeReferent, createAccountsRepository, parisToday, updateSituation } from '$lib/server/modules/accounts';
import {
	addJournalEntry,
	addStep,
	deleteJournalEntry,
	deleteStep,
	editJournalEntry,
	editStep,
	listJournal,
	listSteps,
	moveStep,
	nextAppointmentOf,
	setStepStatus,
	transferInput,
	transferYouth
} from '$lib/server/modules/follow-up';
import { listSharedCvsOfYouth } from '$lib/server/modules/cv';
import { getYouthLearningProgress } from '$lib/server/modules/learning';
import { getYouthDiagnostics } from '$lib/server/modules/diagnostic';
import { getYouthWorkshops } from '$lib/server/modules/workshops';
import { listTransferTargets } from '$lib/server/modules/structures';
import { isStaff, requireActor } from '$lib/server/platform/access';
import { DomainError } from '$lib/server/platform/errors/errors';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = "Ce jeune n'existe pas ou n'est pas suivi par votre Mission Locale.";

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const repo = createAccountsRepository({ db: app.db, actor, now: app.now });
	const file = await repo.getYouthFile(params.id);
	// Unknown and out-of-scope youth look the same: nothing reveals that the id exists.
	if (!file || !isStaff(actor)) error(404, NOT_FOUND);
	const now = app.now();
	const [counselors, learning, journal, steps, targets, nextAppointment, sharedCvs] = await Promise.all([
		repo.listStructureCounselors(),
		// "Parcours": the youth's learning progress (null outside the youth's Mission Locale).
		getYouthLearningProgress(app, actor, params.id),
		listJournal(app, actor, file.id),
		listSteps(app, actor, file.id),
		listTransferTargets(app.db, file.structureId),
		nextAppointmentOf(app.db, file.id, now),
		// The CVs the youth shared with their Mission Locale (CV module).
		listSharedCvsOfYouth(app, actor, file.id)
	]);
	// Digital-skills diagnostic: latest levels and the « besoin d'accompagnement » flag (diagnostic module).
	const diagnostic = await getYouthDiagnostics(app, actor, file.id);
	const digital = { done: diagnostic.attempts.length, needsSupport: diagnostic.needsSupport.map((a) => a.title) };
	// Live workshops the youth took part in while signed in (workshops module).
	const workshops = (await getYouthWorkshops(app, actor, file.id)) ?? [];
	return { file, counselors, learning, journal, steps, targets, nextAppointment, sharedCvs, digital, workshops, today: parisToday(now), now };
};

export const actions: Actions = {
	referent: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await changeReferent(app, locals.actor, {
				youthId: params.id,
				counselorId: values.counselorId ?? '',
				reason: values.reason
			});
			return { done: 'referent' as const };
		});
	},
	situation: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await updateSituation(app, locals.actor, { youthId: params.id, situation: values.situation as never, since: values.since ?? '' });
			return { done: 'situation' as const };
		});
	},
	journal: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await addJournalEntry(app, locals.actor, { ...values, youthId: params.id });
			return { done: 'journal' as const };
		});
	},
	journalEdit: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await editJournalEntry(app, locals.actor, values);
			return { done: 'journalEdit' as const };
		});
	},
	journalDelete: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await deleteJournalEntry(app, locals.actor, { entryId: values.entryId ?? '' });
			return { done: 'journalDelete' as const };
		});
	},
	step: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await addStep(app, locals.actor, { ...values, youthId: params.id });
			return { done: 'step' as const };
		});
	},
	stepEdit: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await editStep(app, locals.actor, values);
			return { done: 'stepEdit' as const };
		});
	},
	stepStatus: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await setStepStatus(app, locals.actor, { stepId: values.stepId ?? '', status: values.status ?? '' });
			return { done: 'stepStatus' as const };
		});
	},
	stepMove: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await moveStep(app, locals.actor, values);
			return { done: 'stepMove' as const };
		});
	},
	stepDelete: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await deleteStep(app, locals.actor, { stepId: values.stepId ?? '' });
			return { done: 'stepDelete' as const };
		});
	},
	transfer: async ({ request, locals, params }) => {
		const app = await getApp();
		const result = await handleForm(request, async (values) => {
			// A transfer cannot be undone by the sender: the box must be ticked (checked here too, not only by the browser).
			if (values.confirm !== 'oui') {
				const fields: Record<string, string> = { confirm: 'Cochez la case pour confirmer le transfert.' };
				const parsed = transferInput.safeParse({ ...values, youthId: params.id });
				for (const issue of parsed.error?.issues ?? []) fields[String(issue.path[0])] ??= issue.message;
				throw new DomainError('validation.invalid', 'invalid', { fields });
			}
			return transferYouth(app, locals.actor, { ...values, youthId: params.id });
		});
		// The file is no longer ours: back to the list, which says where the youth went.
		if ('toStructureId' in result) redirect(303, `/pro?transfere=${result.toStructureId}`);
		return result;
	}
};
