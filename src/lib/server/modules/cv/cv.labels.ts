// The French words and date formats of a CV live in $lib/cv/labels.ts: the pages (browser) use them too.
export * from '$lib/cv/labels';
