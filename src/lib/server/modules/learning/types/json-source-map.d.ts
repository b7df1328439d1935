/** json-source-map 0.6 ships no types: the part Tremplin uses (learning module import). */
declare module 'json-source-map' {
	export interface Location {
		/** 0-based. */
		line: number;
		/** 0-based; a tab counts as 4. */
		column: number;
		pos: number;
	}
	export interface Pointer {
		key?: Location;
		keyEnd?: Location;
		value: Location;
		valueEnd: Location;
	}
	/** Throws a SyntaxError ("Unexpected token x in JSON at position n", "Unexpected end of JSON input"). */
	export function parse(source: string): { data: unknown; pointers: Record<string, Pointer> };
	export function stringify(data: unknown, replacer?: unknown, space?: string | number): { json: string; pointers: Record<string, Pointer> };
	const jsonMap: { parse: typeof parse; stringify: typeof stringify };
	export default jsonMap;
}
