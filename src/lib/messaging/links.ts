/**
 * Message text cut into plain text and links to Tremplin itself. Only same-site paths
 * ("/parcours/entretien-d-embauche") and full addresses of Tremplin's own origin become links;
 * any other address stays plain text (a message can never send someone elsewhere with a click).
 * Nothing is ever rendered as HTML.
 */
export interface Segment {
	text: string;
	/** A same-site path (with its query and fragment) when this part is a link. */
	href?: string;
}

// A full address, or a path starting a word. Trailing punctuation is not part of a link.
const CANDIDATE = /(https?:\/\/[^\s<>"'`]+)|(?:^|(?<=[\s(«"]))(\/(?!\/)[A-Za-z0-9\-._~%/?=&#+]*)/g;
const TRAILING = /[.,;:!?)»"']+$/;
const SAFE_PATH = /^\/(?!\/)[A-Za-z0-9\-._~%/?=&#+]*$/;

function sameSiteHref(candidate: string, origin: string): string | null {
	if (candidate.startsWith('/')) return SAFE_PATH.test(candidate) && !candidate.includes('\\') ? candidate : null;
	let url: URL;
	try {
		url = new URL(candidate);
	} catch {
		return null;
	}
	if (url.origin !== origin || url.username || url.password) return null;
	return `${url.pathname}${url.search}${url.hash}`;
}

export function linkSegments(body: string, origin: string): Segment[] {
	const parts: Segment[] = [];
	let last = 0;
	for (const match of body.matchAll(CANDIDATE)) {
		const raw = match[0];
		const candidate = raw.replace(TRAILING, '');
		if (candidate.length <= 1) continue;
		const href = sameSiteHref(candidate, origin);
		if (!href) continue;
		const start = match.index;
		if (start > last) parts.push({ text: body.slice(last, start) });
		parts.push({ text: candidate, href });
		last = start + candidate.length;
	}
	if (last < body.length) parts.push({ text: body.slice(last) });
	return parts;
}
