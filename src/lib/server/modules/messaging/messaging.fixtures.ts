import { randomUUID } from 'node:crypto';
import type { Deps } from '$lib/server/app';
import type { Actor } from '$lib/server/platform/access';
import { openConversation, sendMessage } from './messaging.usecases';

type MessagingDeps = Pick<Deps, 'db' | 'now'>;

/** A conversation of `youthId`, opened by `actor` (the youth or staff of their structure). */
export async function aConversation(deps: MessagingDeps, actor: Actor, youthId: string) {
	return openConversation(deps, actor, youthId);
}

/** Sends `count` messages (bodies "<prefix> 1", "<prefix> 2"…) one after the other. */
export async function someMessages(deps: MessagingDeps, actor: Actor, conversationId: string, count: number, prefix = 'Message') {
	const sent = [];
	for (let i = 1; i <= count; i++) {
		sent.push(await sendMessage(deps, actor, { conversationId, clientId: randomUUID(), body: `${prefix} ${i}` }));
	}
	return sent;
}
