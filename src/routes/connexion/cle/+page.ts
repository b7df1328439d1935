import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => {
	const redirection = url.searchParams.get('redirection');
	return { redirection: redirection && /^\/(?![/\\])/.test(redirection) ? redirection : undefined };
};
