import { server } from './context';
import type { ReceivedMail } from './mime';

export type { ReceivedMail } from './mime';

function sink(path: string): string {
	return new URL(path, server().mailSinkUrl).toString();
}

/** Every mail the SMTP sink received for this address (envelope or To header), oldest first. */
export async function mailsTo(address: string): Promise<ReceivedMail[]> {
	const response = await fetch(sink(`/mails?to=${encodeURIComponent(address)}`));
	if (!response.ok) throw new Error(`Boîte de test illisible : HTTP ${response.status}`);
	return (await response.json()) as ReceivedMail[];
}

/** Every mail the SMTP sink received since the start (or the last `clearMails`). */
export async function allMails(): Promise<ReceivedMail[]> {
	const response = await fetch(sink('/mails'));
	return (await response.json()) as ReceivedMail[];
}

export async function clearMails(): Promise<void> {
	await fetch(sink('/mails'), { method: 'DELETE' });
}

/**
 * Waits for a mail to this address, optionally one that `match` accepts (e.g. received after a
 * given date or with a given subject). Returns the newest matching mail.
 */
export async function waitForMail(
	address: string,
	options: { timeoutMs?: number; match?: (mail: ReceivedMail) => boolean; after?: Date } = {}
): Promise<ReceivedMail> {
	const deadline = Date.now() + (options.timeoutMs ?? 10_000);
	for (;;) {
		const found = (await mailsTo(address)).filter(
			(m) => (!options.after || new Date(m.receivedAt) >= options.after) && (!options.match || options.match(m))
		);
		const last = found.at(-1);
		if (last) return last;
		if (Date.now() > deadline) throw new Error(`Aucun mail reçu pour ${address} dans le délai.`);
		await new Promise((r) => setTimeout(r, 150));
	}
}
