import type { ActionFailure } from '@sveltejs/kit';
import { failFrom, readForm, type FormFailure } from '$lib/server/platform/http/forms';

/**
 * Runs a site form: like handleForm, but the postal code and INSEE code are sent back to refill the
 * form (the generic refill leaves out every field whose name contains "code", for one-time codes).
 */
export async function handleSiteForm(
	request: Request,
	fn: (values: Record<string, string>) => Promise<void>
): Promise<ActionFailure<FormFailure> | null> {
	let values: Record<string, string> = {};
	try {
		values = await readForm(request);
		await fn(values);
		return null;
	} catch (error) {
		const failure = failFrom(error, values);
		failure.data.values = {
			...failure.data.values,
			postalCode: (values.postalCode ?? '').slice(0, 10),
			communeCode: (values.communeCode ?? '').slice(0, 10)
		};
		return failure;
	}
}
