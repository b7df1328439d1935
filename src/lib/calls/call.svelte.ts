/**
 * The browser side of a Tremplin visio: one RTCPeerConnection per join, signalled through
 * `POST /visio/<id>/signal` and the server-sent events of `GET /visio/<id>/flux`.
 *
 * Protocol (see the calls module README):
 * - Each side's peer connection has a random `session`; every signal carries it, and offers,
 *   answers and candidates also carry `to` (the session they are meant for). Messages from or to
 *   another session (an older tab, a closed connection) are ignored. Events from oneself too.
 * - `join` announces a (new) connection. The staff side makes the first offer, to the youth's
 *   session it learnt from a youth `join` received after its own join; when the staff joins, the
 *   youth answers with a `join` (a fresh connection if the old one was already negotiated).
 * - Perfect negotiation for everything after that (the youth is polite): either side may offer
 *   again (ICE restart), collisions are resolved by the polite side rolling back.
 * - Media: the staff side creates one audio and one video transceiver; tracks are swapped with
 *   `replaceTrack`, so camera off, "Audio seulement" and back never need a new negotiation. In
 *   audio-only mode no camera is requested at all and nothing is sent on the video transceiver.
 */

export type CallMode = 'video' | 'audio';
export type CallPhase =
	| 'idle' // not joined yet (preview)
	| 'waiting' // joined, the other person is not there yet
	| 'connecting'
	| 'connected'
	| 'failed' // WebRTC could not connect: show the fallback
	| 'ended'
	| 'unsupported' // no WebRTC or no camera/micro API
	| 'denied'; // camera/micro refused

export interface IceServerInit {
	urls: string[];
	username?: string;
	credential?: string;
}

export interface CallOptions {
	callId: string;
	userId: string;
	polite: boolean;
	mode: CallMode;
	iceServers: IceServerInit[];
	afterEventId: number;
	/** No connection this long after the other person is there: failure (fallback shown). */
	connectTimeoutMs?: number;
}

interface SignalEvent {
	from: string;
	session: string | null;
	to: string | null;
	data: unknown;
}

const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
	width: { ideal: 640 },
	height: { ideal: 480 },
	frameRate: { ideal: 24, max: 30 }
};

const randomSession = () =>
	Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

export function webRtcAvailable(): boolean {
	return typeof RTCPeerConnection !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

export class CallController {
	phase = $state<CallPhase>('idle');
	mode = $state<CallMode>('video');
	micOn = $state(true);
	camOn = $state(true);
	/** Set when the other person left or a signal was refused, for the page to say. */
	notice = $state<string | null>(null);
	peerHungUp = $state(false);
	/** The current RTCPeerConnection's `connectionState` ('none' without one), shown in `data-connection`. */
	connection = $state<RTCPeerConnectionState | 'none'>('none');
	localStream = $state<MediaStream | null>(null);
	remoteStream = $state<MediaStream | null>(null);

	private readonly options: CallOptions;
	private readonly isStaff: boolean;
	private pc: RTCPeerConnection | null = null;
	private session: string | null = null;
	private peerSession: string | null = null;
	private joined = false;
	private makingOffer = false;
	private ignoreOffer = false;
	private source: EventSource | null = null;
	private outgoing: Promise<unknown> = Promise.resolve();
	private incoming: Promise<unknown> = Promise.resolve();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private destroyed = false;

	constructor(options: CallOptions) {
		this.options = options;
		this.isStaff = !options.polite;
		this.mode = options.mode;
	}

	// ---- lifecycle -------------------------------------------------------------------------

	/** Opens the signalling stream (to see the other person arrive) and the preview. */
	async start(): Promise<void> {
		if (!webRtcAvailable()) {
			this.phase = 'unsupported';
			return;
		}
		this.listen();
		await this.preview();
	}

	/** Camera/micro for the chosen mode; audio-only asks for no camera at all. */
	async preview(): Promise<boolean> {
		try {
			const wanted = this.mode === 'video';
			const current = this.localStream;
			if (current && current.getAudioTracks().length > 0 && (current.getVideoTracks().length > 0) === wanted) return true;
			current?.getTracks().forEach((t) => t.stop());
			const stream = await navigator.mediaDevices.getUserMedia({
				audio: { echoCancellation: true, noiseSuppression: true },
				video: wanted ? VIDEO_CONSTRAINTS : false
			});
			stream.getAudioTracks().forEach((t) => (t.enabled = this.micOn));
			stream.getVideoTracks().forEach((t) => (t.enabled = this.camOn));
			this.localStream = stream;
			return true;
		} catch (error) {
			const name = (error as { name?: string })?.name;
			this.phase = name === 'NotAllowedError' || name === 'SecurityError' || name === 'NotFoundError' ? 'denied' : 'failed';
			return false;
		}
	}

	/** "Rejoindre" / "Réessayer": a fresh connection announced with `join`. */
	async join(): Promise<void> {
		if (this.phase === 'ended' || this.phase === 'unsupported') return;
		this.notice = null;
		this.peerHungUp = false;
		if (!(await this.preview())) return;
		this.listen();
		this.joined = true;
		// The staff side waits for the youth's (re)announcement after its own join.
		if (this.isStaff) this.peerSession = null;
		this.newConnection();
		this.phase = 'waiting';
		this.send('join', { mode: this.mode });
	}

	async hangUp(): Promise<void> {
		if (this.phase === 'ended') return;
		this.send('hangup', {});
		await this.outgoing;
		this.finish();
	}

	/** Stops everything (page left). */
	destroy(): void {
		this.destroyed = true;
		this.closeConnection();
		this.source?.close();
		this.source = null;
		this.localStream?.getTracks().forEach((t) => t.stop());
	}

	// ---- controls --------------------------------------------------------------------------

	toggleMic(): void {
		this.micOn = !this.micOn;
		this.localStream?.getAudioTracks().forEach((t) => (t.enabled = this.micOn));
	}

	toggleCam(): void {
		this.camOn = !this.camOn;
		this.localStream?.getVideoTracks().forEach((t) => (t.enabled = this.camOn));
	}

	/** "Audio seulement" or back to video, for both sides (the other follows the `mode` signal). */
	async setMode(mode: CallMode, announce = true): Promise<void> {
		if (mode === this.mode) return;
		this.mode = mode;
		if (mode === 'audio') {
			this.localStream?.getVideoTracks().forEach((t) => {
				t.stop();
				this.localStream?.removeTrack(t);
			});
			// Keep the same stream object observable by the page.
			if (this.localStream) this.localStream = new MediaStream(this.localStream.getTracks());
		} else if (this.localStream) {
			try {
				const video = await navigator.mediaDevices.getUserMedia({ video: VIDEO_CONSTRAINTS });
				const track = video.getVideoTracks()[0];
				if (track) {
					track.enabled = this.camOn;
					this.localStream = new MediaStream([...this.localStream.getAudioTracks(), track]);
				}
			} catch {
				this.mode = 'audio';
				this.notice = "La caméra n'est pas disponible : l'appel reste en audio seulement.";
			}
		} else if (!(await this.preview())) {
			return;
		}
		await this.attachTracks();
		if (announce && this.joined) this.send('mode', { mode: this.mode });
	}

	// ---- signalling ------------------------------------------------------------------------

	private listen(): void {
		if (this.source || this.destroyed) return;
		const source = new EventSource(`/visio/${this.options.callId}/flux?depuis=${this.options.afterEventId}`);
		for (const type of ['join', 'offer', 'answer', 'candidate', 'hangup', 'mode']) {
			source.addEventListener(type, (event) => {
				let payload: SignalEvent;
				try {
					payload = JSON.parse((event as MessageEvent<string>).data) as SignalEvent;
				} catch {
					return;
				}
				if (!payload || payload.from === this.options.userId) return;
				// One at a time, in order.
				this.incoming = this.incoming.then(() => this.receive(type, payload)).catch(() => {});
			});
		}
		this.source = source;
	}

	private send(type: string, data: unknown, to?: string | null): void {
		const body = JSON.stringify({ type, session: this.session ?? undefined, ...(to !== undefined ? { to } : {}), data });
		this.outgoing = this.outgoing.then(async () => {
			try {
				const response = await fetch(`/visio/${this.options.callId}/signal`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body
				});
				if (response.status === 409) this.finish('Cet appel est terminé.');
				else if (response.status === 404) this.finish("Cet appel n'est plus accessible.");
				else if (response.status === 429) this.notice = 'Trop de tentatives de connexion : attends un moment puis réessaie.';
			} catch {
				this.notice = 'Connexion au serveur perdue. Vérifie ta connexion internet.';
			}
		});
	}

	private async receive(type: string, event: SignalEvent): Promise<void> {
		if (this.destroyed || this.phase === 'ended') return;
		switch (type) {
			case 'hangup':
				this.peerHungUp = true;
				this.finish();
				return;
			case 'mode': {
				const mode = (event.data as { mode?: CallMode })?.mode;
				if (mode === 'audio' || mode === 'video') await this.setMode(mode, false);
				return;
			}
			case 'join':
				return this.onPeerJoin(event);
			case 'offer':
			case 'answer':
				return this.onDescription(type, event);
			case 'candidate':
				return this.onCandidate(event);
		}
	}

	private async onPeerJoin(event: SignalEvent): Promise<void> {
		const mode = (event.data as { mode?: CallMode })?.mode;
		if (!this.joined || !event.session) {
			if (mode === 'audio' || mode === 'video') await this.setMode(mode, false);
			return;
		}
		// At a join, audio only wins: whoever is on a weak connection keeps its bandwidth.
		if (mode === 'audio' && this.mode === 'video') await this.setMode('audio', false);
		if (this.isStaff) {
			// A re-announcement of the connection we already talk to changes nothing.
			if (event.session === this.peerSession && this.pc && this.pc.connectionState !== 'failed' && this.pc.connectionState !== 'closed') return;
			this.peerSession = event.session;
			// Its negotiationneeded event makes the offer (to `peerSession`).
			this.newConnection();
			this.phase = 'connecting';
			this.armTimeout();
		} else {
			// The staff (re)joined: announce ourselves, on a fresh connection if the current one
			// was already negotiated with an older staff connection.
			if (!this.pc || this.pc.remoteDescription) this.newConnection();
			this.peerSession = null;
			this.phase = 'connecting';
			this.armTimeout();
			this.send('join', { mode: this.mode });
		}
		if (mode === 'video' && this.mode === 'audio') this.send('mode', { mode: 'audio' });
	}

	private async onDescription(type: 'offer' | 'answer', event: SignalEvent): Promise<void> {
		const pc = this.pc;
		const sdp = (event.data as { sdp?: string })?.sdp;
		if (!pc || !sdp || !event.session || event.to !== this.session) return;
		if (this.isStaff) {
			if (event.session !== this.peerSession) return;
		} else if (this.peerSession === null || !pc.remoteDescription) {
			// First offer of a staff connection to our current session.
			if (type !== 'offer') return;
			this.peerSession = event.session;
			if (this.phase !== 'connected') {
				this.phase = 'connecting';
				this.armTimeout();
			}
		} else if (event.session !== this.peerSession) {
			return;
		}
		const collision = type === 'offer' && (this.makingOffer || pc.signalingState !== 'stable');
		this.ignoreOffer = !this.options.polite && collision;
		if (this.ignoreOffer) return;
		try {
			await pc.setRemoteDescription({ type, sdp });
			if (type === 'offer') {
				await this.attachTracks();
				await pc.setLocalDescription();
				if (pc.localDescription) this.send('answer', { sdp: pc.localDescription.sdp }, this.peerSession);
			}
		} catch {
			// A stale description (the other side moved on): the next offer will fix it.
		}
	}

	private async onCandidate(event: SignalEvent): Promise<void> {
		const pc = this.pc;
		if (!pc || event.to !== this.session || event.session !== this.peerSession) return;
		try {
			await pc.addIceCandidate((event.data as RTCIceCandidateInit | null) ?? undefined);
		} catch {
			if (!this.ignoreOffer) {
				// A candidate for a description we do not have: harmless.
			}
		}
	}

	// ---- the peer connection ---------------------------------------------------------------

	private newConnection(): void {
		this.closeConnection();
		this.session = randomSession();
		const pc = new RTCPeerConnection({ iceServers: this.options.iceServers });
		this.pc = pc;
		this.makingOffer = false;
		this.ignoreOffer = false;
		const remote = new MediaStream();
		this.remoteStream = remote;
		if (this.isStaff) {
			// The offerer decides the media lines once: one audio, one video (tracks swapped later).
			pc.addTransceiver('audio', { direction: 'sendrecv' });
			pc.addTransceiver('video', { direction: 'sendrecv' });
			void this.attachTracks();
		}
		pc.ontrack = (event) => {
			if (pc !== this.pc) return;
			if (!remote.getTracks().includes(event.track)) remote.addTrack(event.track);
			// A new object so that the page's media elements pick the track up.
			this.remoteStream = new MediaStream(remote.getTracks());
		};
		pc.onicecandidate = (event) => {
			if (pc !== this.pc || !this.peerSession) return;
			this.send('candidate', event.candidate ? event.candidate.toJSON() : null, this.peerSession);
		};
		pc.onnegotiationneeded = () => {
			if (pc !== this.pc) return;
			// The youth never makes the first offer (it answers the staff's).
			if (!this.isStaff && !pc.remoteDescription) return;
			void this.negotiate();
		};
		pc.onconnectionstatechange = () => {
			if (pc !== this.pc) return;
			this.connection = pc.connectionState;
			switch (pc.connectionState) {
				case 'connected':
					this.clearTimeout();
					this.phase = 'connected';
					this.notice = null;
					break;
				case 'connecting':
				case 'new':
					if (this.phase !== 'waiting') this.phase = 'connecting';
					break;
				case 'disconnected':
					this.phase = 'connecting';
					this.notice = 'La connexion est instable, on essaie de la rétablir…';
					this.armTimeout();
					break;
				case 'failed':
					this.fail();
					break;
			}
		};
		pc.oniceconnectionstatechange = () => {
			if (pc === this.pc && pc.iceConnectionState === 'failed') this.fail();
		};
	}

	private async negotiate(): Promise<void> {
		const pc = this.pc;
		if (!pc || !this.peerSession) return;
		try {
			this.makingOffer = true;
			await pc.setLocalDescription();
			if (pc === this.pc && pc.localDescription?.type === 'offer') {
				this.send('offer', { sdp: pc.localDescription.sdp }, this.peerSession);
			}
		} catch {
			// Collisions are settled by the perfect negotiation; a later offer retries.
		} finally {
			this.makingOffer = false;
		}
	}

	/** Puts the local tracks of the current mode on the transceivers (nothing sent when none). */
	private async attachTracks(): Promise<void> {
		const pc = this.pc;
		if (!pc) return;
		const stream = this.localStream;
		for (const transceiver of pc.getTransceivers()) {
			if (transceiver.currentDirection === 'stopped') continue;
			const kind = transceiver.receiver.track.kind;
			const track = (kind === 'audio' ? stream?.getAudioTracks()[0] : this.mode === 'video' ? stream?.getVideoTracks()[0] : undefined) ?? null;
			try {
				if (transceiver.direction !== 'sendrecv') transceiver.direction = 'sendrecv';
				// No setStreams: a stream change would need a negotiation; the other side gathers
				// the received tracks into its own stream (ontrack).
				if (transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track);
			} catch {
				// A closed connection: nothing to attach.
			}
		}
	}

	private armTimeout(): void {
		this.clearTimeout();
		this.timer = setTimeout(() => {
			if (this.phase !== 'connected' && this.phase !== 'ended') this.fail();
		}, this.options.connectTimeoutMs ?? 20_000);
	}

	private clearTimeout(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}

	private fail(): void {
		if (this.phase === 'ended') return;
		this.clearTimeout();
		this.closeConnection();
		// Still joined: if the other person rejoins, we reconnect without a click.
		this.phase = 'failed';
	}

	private finish(notice?: string): void {
		this.clearTimeout();
		this.closeConnection();
		this.joined = false;
		this.source?.close();
		this.source = null;
		this.localStream?.getTracks().forEach((t) => t.stop());
		this.localStream = null;
		if (notice) this.notice = notice;
		this.phase = 'ended';
	}

	private closeConnection(): void {
		const pc = this.pc;
		this.pc = null;
		if (pc) {
			pc.ontrack = null;
			pc.onicecandidate = null;
			pc.onnegotiationneeded = null;
			pc.onconnectionstatechange = null;
			pc.oniceconnectionstatechange = null;
			pc.close();
		}
		this.remoteStream = null;
		this.connection = 'none';
	}

}
