import { DomainError } from '$lib/server/platform/errors/errors';
import { MAX_SIGNAL_BYTES } from './calls.validation';

const tooLarge = () => new DomainError('calls.invalid_signal', 'invalid', { message: 'Ce message de connexion est trop volumineux.' });

/**
 * The JSON body of a signal request, read up to `limit` bytes (reading stops there: a huge body
 * is never buffered). Not JSON, or too large: `calls.invalid_signal`. The shape is checked later.
 */
export async function readSignalBody(request: Request, limit = MAX_SIGNAL_BYTES): Promise<unknown> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (Number.isFinite(declared) && declared > limit) throw tooLarge();
	const chunks: Uint8Array[] = [];
	if (request.body) {
		const reader = request.body.getReader();
		let size = 0;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > limit) {
				await reader.cancel().catch(() => {});
				throw tooLarge();
			}
			chunks.push(value);
		}
	}
	const text = new TextDecoder().decode(Buffer.concat(chunks));
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new DomainError('calls.invalid_signal', 'invalid', { message: "Ce message de connexion n'est pas du JSON valide." });
	}
}
