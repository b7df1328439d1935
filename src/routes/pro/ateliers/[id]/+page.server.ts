import { error, redirect } from '@sveltejs/kit';
import { dateTimeInWords, parisDay, parisTime } from '$lib/appointments/time';
import { getApp } from '$lib/server/app';
import {
	addAdHocQuestion,
	addModuleQuestions,
	AD_HOC_CHOICES,
	deleteWorkshop,
	getWorkshopForStaff,
	getWorkshopResults,
	inviteYouth,
	listInvitableYouth,
	moveQuestion,
	openLobby,
	publishReplay,
	removeQuestion,
	uninviteYouth,
	updateWorkshop,
	WORKSHOP_DURATIONS
} from '$lib/server/modules/workshops';
import { isStaff, requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { failFrom, handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const NOTICES: Record<string, string> = {
	cree: 'Atelier créé. Ajoutez ses questions, puis invitez des jeunes.',
	modifie: 'Atelier modifié.',
	questions: 'Questions ajoutées.',
	question: 'Question ajoutée.',
	retiree: 'Question retirée.',
	invites: 'Invitations enregistrées : les jeunes voient l’atelier dans leurs rendez-vous.',
	desinvite: 'Invitation retirée.',
	publie: 'Le parcours solo est publié pour les jeunes de votre Mission Locale.'
};

const back = (id: string, ok: string, anchor = '') => `/pro/ateliers/${id}?ok=${ok}${anchor}`;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals.actor);
	if (!isStaff(actor)) error(403, 'Les ateliers sont réservés aux équipes des Missions Locales.');
	const app = await getApp();
	let details;
	try {
		details = await getWorkshopForStaff(app, actor, params.id);
	} catch (e) {
		if (isDomainError(e) && e.status === 404) error(404, e.message);
		throw e;
	}
	const w = details.workshop;
	const search = (url.searchParams.get('recherche') ?? '').trim().slice(0, 100);
	const invitable = w.phase === 'ended' ? { youth: [], more: false } : await listInvitableYouth(app, actor, search);
	const invitedIds = new Set(details.invited.map((i) => i.id));
	const results = w.phase === 'ended' ? await getWorkshopResults(app, actor, w.id) : null;
	return {
		notice: NOTICES[url.searchParams.get('ok') ?? ''] ?? null,
		workshop: { ...w, when: dateTimeInWords(w.startsAt) },
		planning: {
			title: w.title,
			day: parisDay(w.startsAt),
			time: parisTime(w.startsAt),
			durationMinutes: String(w.durationMinutes),
			mode: w.mode,
			siteId: w.siteId ?? '',
			remoteInfo: w.remoteInfo ?? '',
			capacity: String(w.capacity),
			timerSeconds: w.timerSeconds === null ? '' : String(w.timerSeconds)
		},
		questions: details.questions,
		questionsEditable: details.questionsEditable,
		maxQuestions: details.maxQuestions,
		modules: details.modules,
		sites: details.sites,
		durations: WORKSHOP_DURATIONS,
		adHocChoices: AD_HOC_CHOICES,
		invited: details.invited,
		playerCount: details.playerCount,
		search,
		invitable: invitable.youth.map((y) => ({ ...y, invited: invitedIds.has(y.id) })),
		moreInvitable: invitable.more,
		results
	};
};

export const actions: Actions = {
	modifier: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await updateWorkshop(app, locals.actor, params.id, values);
			redirect(303, back(params.id, 'modifie'));
		});
	},

	supprimer: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async () => {
			await deleteWorkshop(app, locals.actor, params.id);
			redirect(303, '/pro/ateliers?ok=supprime');
		});
	},

	ajouterParcours: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await addModuleQuestions(app, locals.actor, params.id, values.slug ?? '');
			redirect(303, back(params.id, 'questions', '#questions'));
		});
	},

	ajouterQuestion: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await addAdHocQuestion(app, locals.actor, params.id, values);
			redirect(303, back(params.id, 'question', '#questions'));
		});
	},

	retirerQuestion: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await removeQuestion(app, locals.actor, params.id, { index: Number(values.index), questionId: values.questionId });
			redirect(303, back(params.id, 'retiree', '#questions'));
		});
	},

	deplacerQuestion: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await moveQuestion(app, locals.actor, params.id, { index: Number(values.index), questionId: values.questionId, direction: values.direction });
			redirect(303, `/pro/ateliers/${params.id}#questions`);
		});
	},

	inviter: async ({ request, locals, params }) => {
		const app = await getApp();
		try {
			const data = await request.formData();
			const ids = data.getAll('youthId').filter((v): v is string => typeof v === 'string');
			await inviteYouth(app, locals.actor, params.id, ids);
		} catch (e) {
			return failFrom(e, { form: 'inviter' });
		}
		redirect(303, back(params.id, 'invites', '#invitations'));
	},

	desinviter: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await uninviteYouth(app, locals.actor, params.id, values.youthId ?? '');
			redirect(303, back(params.id, 'desinvite', '#invitations'));
		});
	},

	ouvrir: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async () => {
			await openLobby(app, locals.actor, params.id);
			redirect(303, `/pro/ateliers/${params.id}/animer`);
		});
	},

	publier: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async () => {
			await publishReplay(app, locals.actor, params.id);
			redirect(303, back(params.id, 'publie', '#rejouer'));
		});
	}
};
