import { MAX_SDP_LENGTH } from './calls.validation';

/** A plausible (not negotiable) SDP of `length` characters, for size tests. */
export function fakeSdp(length = 600): string {
	const head = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
	return (head + 'a=x'.repeat(Math.ceil(length / 3))).slice(0, length);
}

export const biggestSdp = () => fakeSdp(MAX_SDP_LENGTH);

/** A host candidate line as browsers send it. */
export const fakeCandidate = () => ({
	candidate: 'candidate:842163049 1 udp 1677729535 192.0.2.10 50123 typ host generation 0 ufrag abcd network-cost 999',
	sdpMid: '0',
	sdpMLineIndex: 0,
	usernameFragment: 'abcd'
});

/** A JSON request to the signal route, as a browser would post it. */
export function signalRequest(body: string, headers: Record<string, string> = {}): Request {
	return new Request('http://localhost/visio/x/signal', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}
