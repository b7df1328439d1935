import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMail, type ReceivedMail } from './mime';

/**
 * A real SMTP server on loopback that keeps every message in memory, plus a tiny HTTP endpoint
 * (also on loopback) through which the test files — which run in other processes — read them:
 *   GET    /mails            every mail, oldest first
 *   GET    /mails?to=a@b.fr  mails whose envelope or To header contains that address
 *   DELETE /mails            forget everything
 */
export interface MailSink {
	smtpUrl: string;
	httpUrl: string;
	mails: ReceivedMail[];
	close(): Promise<void>;
}

function listen(server: { listen(port: number, host: string, cb: () => void): unknown }, address: () => AddressInfo) {
	return new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve(address().port)));
}

export async function startMailSink(): Promise<MailSink> {
	const mails: ReceivedMail[] = [];

	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		banner: 'Tremplin e2e mail sink',
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('error', callback);
			stream.on('end', () => {
				const envelope = {
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address)
				};
				try {
					mails.push(parseMail(Buffer.concat(chunks), envelope));
					callback();
				} catch (error) {
					callback(error as Error);
				}
			});
		}
	});
	const smtpPort = await listen(smtp.server, () => smtp.server.address() as AddressInfo);

	const http: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		if (url.pathname !== '/mails') {
			response.writeHead(404).end();
			return;
		}
		if (request.method === 'DELETE') {
			mails.length = 0;
			response.writeHead(204).end();
			return;
		}
		const to = url.searchParams.get('to')?.toLowerCase();
		const selected = to
			? mails.filter((m) => m.envelope.to.some((a) => a.toLowerCase() === to) || m.to.toLowerCase().includes(to))
			: mails;
		response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(selected));
	});
	const httpPort = await listen(http, () => http.address() as AddressInfo);

	return {
		smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
		httpUrl: `http://127.0.0.1:${httpPort}`,
		mails,
		async close() {
			http.closeAllConnections();
			await new Promise<void>((resolve) => http.close(() => resolve()));
			await new Promise<void>((resolve) => smtp.close(() => resolve()));
		}
	};
}
