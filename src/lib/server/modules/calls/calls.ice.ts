import { createHmac } from 'node:crypto';
import type { IceConfig } from '$lib/server/platform/config/config';

/** What a browser's `RTCPeerConnection` receives as `iceServers`. */
export interface IceServer {
	urls: string[];
	username?: string;
	credential?: string;
}

/**
 * Time-limited TURN credentials of the coturn "TURN REST API" scheme (`use-auth-secret`):
 * username = `<expiry unix seconds>:<user id>`, credential = base64(HMAC-SHA1(secret, username)).
 * The TURN server recomputes the HMAC with the shared secret and refuses expired usernames.
 */
export function turnCredentials(secret: string, userId: string, now: Date, ttlSeconds: number): { username: string; credential: string } {
	const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
	const username = `${expiry}:${userId}`;
	const credential = createHmac('sha1', secret).update(username).digest('base64');
	return { username, credential };
}

/** The ICE servers a participant's browser uses: STUN as configured, TURN with their credentials. */
export function iceServersFor(ice: IceConfig, userId: string, now: Date): IceServer[] {
	const servers: IceServer[] = [];
	if (ice.stunUrls.length > 0) servers.push({ urls: [...ice.stunUrls] });
	if (ice.turnUrls.length > 0) {
		if (ice.turnSecret) {
			servers.push({ urls: [...ice.turnUrls], ...turnCredentials(ice.turnSecret, userId, now, ice.turnTtlSeconds) });
		} else if (ice.turnUsername && ice.turnCredential) {
			servers.push({ urls: [...ice.turnUrls], username: ice.turnUsername, credential: ice.turnCredential });
		}
	}
	return servers;
}
