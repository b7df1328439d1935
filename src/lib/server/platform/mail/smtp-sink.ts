import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on the loopback interface that keeps what it receives, for tests that must
 * prove an e-mail really leaves through SMTP (nodemailer → SMTP → here).
 *
 *   const sink = await startSmtpSink();
 *   const deps = buildDeps(handle, { config: readConfig({ SMTP_URL: sink.url, TREMPLIN_DEMO: '0' }) });
 *   … send …
 *   const mail = await sink.waitForMessage((m) => m.to.includes('jeune@exemple.test'));
 *   expect(mail.decoded).toContain('https://…');
 *   await sink.close();
 */

export interface ReceivedMail {
	from: string;
	to: string[];
	/** The message exactly as received (headers + MIME body). */
	raw: string;
	/** The raw message with quoted-printable soft breaks undone and base64 parts decoded: easy to search. */
	decoded: string;
}

export interface SmtpSink {
	/** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
	url: string;
	port: number;
	messages: ReceivedMail[];
	/** Resolves with the first message (already received or to come) that matches. */
	waitForMessage(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
	close(): Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
	const unfolded = text.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < unfolded.length; i++) {
		const c = unfolded[i]!;
		const hex = unfolded.slice(i + 1, i + 3);
		if (c === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(c, 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

/** Decodes what a test needs to read: base64 parts, then quoted-printable escapes everywhere. */
export function decodeMime(raw: string): string {
	const withBase64 = raw.replace(
		/(Content-Transfer-Encoding:\s*base64[^\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)([A-Za-z0-9+/=\r\n]+)/gi,
		(_all, headers: string, body: string) => headers + Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') + '\r\n'
	);
	return decodeQuotedPrintable(withBase64);
}

export async function startSmtpSink(): Promise<SmtpSink> {
	const messages: ReceivedMail[] = [];
	const waiters: { predicate: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = [];

	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		disableReverseLookup: true,
		closeTimeout: 1000,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('error', callback);
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const mail: ReceivedMail = {
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw,
					decoded: decodeMime(raw)
				};
				messages.push(mail);
				for (const waiter of [...waiters]) {
					if (waiter.predicate(mail)) {
						waiters.splice(waiters.indexOf(waiter), 1);
						waiter.resolve(mail);
					}
				}
				callback();
			});
		}
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.server.address() as AddressInfo).port;

	return {
		url: `smtp://127.0.0.1:${port}`,
		port,
		messages,
		waitForMessage(predicate = () => true, timeoutMs = 5000) {
			const already = messages.find(predicate);
			if (already) return Promise.resolve(already);
			return new Promise((resolve, reject) => {
				const waiter = {
					predicate,
					resolve: (m: ReceivedMail) => {
						clearTimeout(timer);
						resolve(m);
					}
				};
				const timer = setTimeout(() => {
					waiters.splice(waiters.indexOf(waiter), 1);
					reject(new Error(`no matching e-mail received by the SMTP sink within ${timeoutMs} ms`));
				}, timeoutMs);
				waiters.push(waiter);
			});
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
