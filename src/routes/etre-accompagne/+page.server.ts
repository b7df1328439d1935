import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import {
	FIRST_NAME_MAX,
	MESSAGE_MAX,
	PREFERRED_TIME_LABELS,
	RETENTION_DAYS,
	submitContactRequest
} from '$lib/server/modules/contact-requests';
import {
	findCommunesByPostalCode,
	findDepartment,
	findMissionLocaleFor,
	searchCommunes,
	type Commune
} from '$lib/server/modules/structures';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

interface Choice {
	code: string;
	label: string;
	missionLocale: string;
}

type Step =
	| { kind: 'start' }
	| { kind: 'invalid'; message: string }
	| { kind: 'uncovered'; place: string }
	| { kind: 'form'; postalCode: string; communes: Choice[]; uncovered: string[] };

const labelOf = (c: Commune, postalCode: string | null) => {
	const department = findDepartment(c.departmentCode);
	return `${c.name} (${postalCode ?? c.postalCodes[0] ?? ''}${department ? `, ${department.name}` : ''})`;
};

async function resolve(q: string): Promise<Step> {
	if (!q) return { kind: 'start' };
	const app = await getApp();
	let communes: Commune[];
	let postalCode = '';
	if (/^\d{5}$/.test(q)) {
		communes = findCommunesByPostalCode(q);
		postalCode = q;
		if (communes.length === 0) return { kind: 'invalid', message: `Le code postal ${q} n’existe pas. Vérifie-le, par exemple 69003.` };
	} else if (/^\d+$/.test(q)) {
		return { kind: 'invalid', message: 'Un code postal a 5 chiffres, par exemple 69003.' };
	} else if (q.length < 2) {
		return { kind: 'invalid', message: 'Écris ton code postal (5 chiffres) ou au moins 2 lettres du nom de ta commune.' };
	} else {
		communes = searchCommunes(q, 8);
		if (communes.length === 0) return { kind: 'invalid', message: `Aucune commune ne s’appelle « ${q} ». Essaie plutôt avec ton code postal.` };
	}
	const choices: Choice[] = [];
	const uncovered: string[] = [];
	for (const commune of communes) {
		const [match] = await findMissionLocaleFor(app.db, { communeCode: commune.code }, app.now());
		if (match) choices.push({ code: commune.code, label: labelOf(commune, postalCode || null), missionLocale: match.name });
		else uncovered.push(commune.name);
	}
	if (choices.length === 0) return { kind: 'uncovered', place: postalCode ? `${postalCode} (${communes.map((c) => c.name).join(', ')})` : q };
	return { kind: 'form', postalCode, communes: choices, uncovered };
}

export const load: PageServerLoad = async ({ url }) => {
	const q = (url.searchParams.get('cp') ?? '').trim().slice(0, 80);
	return {
		q,
		step: await resolve(q),
		times: Object.entries(PREFERRED_TIME_LABELS).map(([value, label]) => ({ value, label })),
		firstNameMax: FIRST_NAME_MAX,
		messageMax: MESSAGE_MAX,
		retentionMonths: Math.round(RETENTION_DAYS / 30.4)
	};
};

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const app = await getApp();
		const result = await handleForm(request, async (values) => {
			const out = await submitContactRequest(app, { values, ip: getClientAddress() });
			return { sent: out };
		});
		if ('sent' in result) {
			redirect(303, `/etre-accompagne/merci?commune=${result.sent.communeCode}&ml=${result.sent.structureId}`);
		}
		return result;
	}
};
