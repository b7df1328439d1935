/**
 * Just enough MIME decoding to read the mails Tremplin sends through nodemailer in the e2e tests:
 * headers with RFC 2047 encoded words, multipart bodies, quoted-printable and base64 parts.
 */

export interface ReceivedMail {
	/** Envelope sender and recipients, as the SMTP client gave them. */
	envelope: { from: string; to: string[] };
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string | null;
	receivedAt: string;
}

type Headers = Map<string, string>;

function splitHeaders(raw: string): { headers: Headers; body: string } {
	const separator = raw.search(/\r?\n\r?\n/);
	const head = separator === -1 ? raw : raw.slice(0, separator);
	const body = separator === -1 ? '' : raw.slice(separator).replace(/^\r?\n\r?\n/, '');
	const headers: Headers = new Map();
	// Unfold continuation lines, then read `Name: value`.
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
	}
	return { headers, body };
}

function decodeQuotedPrintable(binary: string): Buffer {
	const soft = binary.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < soft.length; i++) {
		const char = soft[i]!;
		const hex = soft.slice(i + 1, i + 3);
		if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else {
			bytes.push(soft.charCodeAt(i) & 0xff);
		}
	}
	return Buffer.from(bytes);
}

function charsetDecode(bytes: Buffer, charset: string | undefined): string {
	const label = (charset ?? 'utf-8').toLowerCase();
	try {
		return new TextDecoder(label).decode(bytes);
	} catch {
		return bytes.toString('utf8');
	}
}

/** `=?UTF-8?Q?Ton_code?= =?UTF-8?B?...?=` → readable text. */
export function decodeWords(value: string): string {
	const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
	return joined.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, charset: string, encoding: string, data: string) => {
		const bytes =
			encoding.toUpperCase() === 'B'
				? Buffer.from(data, 'base64')
				: decodeQuotedPrintable(data.replace(/_/g, ' '));
		return charsetDecode(bytes, charset.replace(/\*.*$/, ''));
	});
}

function parameter(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	const match = new RegExp(`;\\s*${name}\\s*=\\s*("([^"]*)"|[^;\\s]+)`, 'i').exec(header);
	return match ? (match[2] ?? match[1]) : undefined;
}

interface Part {
	type: string;
	content: string;
}

function parts(headers: Headers, body: string): Part[] {
	const contentType = headers.get('content-type') ?? 'text/plain; charset=utf-8';
	const type = contentType.split(';')[0]!.trim().toLowerCase();
	if (type.startsWith('multipart/')) {
		const boundary = parameter(contentType, 'boundary');
		if (!boundary) return [];
		const result: Part[] = [];
		const chunks = body.split(`--${boundary}`);
		// chunks[0] is the preamble, the last one starts with `--` (epilogue).
		for (const chunk of chunks.slice(1)) {
			if (chunk.startsWith('--')) break;
			const inner = splitHeaders(chunk.replace(/^\r?\n/, ''));
			result.push(...parts(inner.headers, inner.body));
		}
		return result;
	}
	const transfer = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
	const bytes =
		transfer === 'base64'
			? Buffer.from(body.replace(/\s+/g, ''), 'base64')
			: transfer === 'quoted-printable'
				? decodeQuotedPrintable(body)
				: Buffer.from(body, 'latin1');
	return [{ type, content: charsetDecode(bytes, parameter(contentType, 'charset')).replace(/\r\n/g, '\n') }];
}

/** Decodes a raw message (bytes as received by the SMTP server). */
export function parseMail(raw: Buffer, envelope: ReceivedMail['envelope'], receivedAt = new Date()): ReceivedMail {
	const { headers, body } = splitHeaders(raw.toString('latin1'));
	const all = parts(headers, body);
	const header = (name: string) => decodeWords(charsetDecode(Buffer.from(headers.get(name) ?? '', 'latin1'), 'utf-8'));
	return {
		envelope,
		from: header('from'),
		to: header('to'),
		subject: header('subject'),
		text: (all.find((p) => p.type === 'text/plain')?.content ?? '').trimEnd(),
		html: all.find((p) => p.type === 'text/html')?.content ?? null,
		receivedAt: receivedAt.toISOString()
	};
}
