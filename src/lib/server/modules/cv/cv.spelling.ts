import type { HunspellFactory, Hunspell } from 'hunspell-asm';

/**
 * French spelling with Hunspell itself (compiled to WebAssembly by `hunspell-asm`) and the
 * French dictionary of the `dictionary-fr` package (Grammalecte's, "classique" spelling + 1990
 * reform). Loaded once per process on first use (about half a second, a few tens of MB); checking
 * a word takes microseconds, a suggestion much longer — suggestions are asked for a few words only.
 */

let checker: Promise<Hunspell> | null = null;

export function frenchSpelling(): Promise<Hunspell> {
	checker ??= (async () => {
		const [{ loadModule }, { default: dictionary }] = await Promise.all([import('hunspell-asm'), import('dictionary-fr')]);
		const factory: HunspellFactory = await loadModule();
		const aff = factory.mountBuffer(dictionary.aff, 'fr.aff');
		const dic = factory.mountBuffer(dictionary.dic, 'fr.dic');
		return factory.create(aff, dic);
	})();
	return checker;
}

/** Words worth checking: no digits, no e-mail or address, no acronym, no proper noun inside a sentence. */
export function wordsToCheck(text: string): string[] {
	const words: string[] = [];
	const cleaned = text.replace(/\b\S+@\S+\b|https?:\/\/\S+/g, ' ');
	const pattern = /[\p{L}][\p{L}'’-]*[\p{L}]|[\p{L}]/gu;
	for (const match of cleaned.matchAll(pattern)) {
		const word = match[0].replace(/’/g, "'").replace(/^-+|-+$/g, '');
		if (word.length < 3) continue;
		if (/^\p{Lu}{2,}$/u.test(word)) continue; // HACCP, CAP, BAFA…
		const start = match.index ?? 0;
		const before = cleaned.slice(0, start).trimEnd();
		const startsSentence = before === '' || /[.!?:•\n-]$/.test(before);
		if (/^\p{Lu}/u.test(word) && !startsSentence) continue; // a name: Villeurbanne, Décathlon…
		words.push(word);
	}
	return words;
}
