import { DomainError } from '../platform/errors/errors';

/** The DomainError a use case was expected to throw (anything else, or no error, fails the test). */
export async function failure(promise: Promise<unknown>): Promise<DomainError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof DomainError) return error;
		throw error;
	}
	throw new Error('expected a DomainError');
}
