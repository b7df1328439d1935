import type { Actor } from '$lib/server/platform/access';
import type { SessionInfo } from '$lib/server/platform/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			requestId: string;
			actor: Actor | null;
			session: SessionInfo | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
