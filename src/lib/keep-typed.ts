/**
 * What a person typed or chose before the JavaScript arrived survives hydration.
 *
 * On a slow network a page is usable from its HTML alone, and people start filling in forms. When
 * the JavaScript arrives, Svelte hydrates each `value={…}` / `checked={…}` by writing the server's
 * value into the field — over what was typed meanwhile. A field whose state differs from its HTML
 * default (`defaultValue`, `defaultChecked`, `defaultSelected`) before hydration was changed by the
 * person (or restored by the browser): this takes note of it, and the returned function puts it
 * back once hydration is done (and tells the page, with `input` and `change` events, so that
 * bindings follow).
 *
 * Call it at the top of the root layout's script — it runs before any field of the page is
 * hydrated — and call what it returns in the layout's `onMount`, which runs after.
 */
export function keepWhatWasTypedBeforeHydration(): () => void {
	const restorers: (() => void)[] = [];
	for (const field of document.querySelectorAll('input, textarea, select')) {
		if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) {
			if (field.checked === field.defaultChecked) continue;
			const checked = field.checked;
			restorers.push(() => restore(field, field.checked !== checked, () => (field.checked = checked)));
		} else if (field instanceof HTMLTextAreaElement || (field instanceof HTMLInputElement && field.type !== 'file' && field.type !== 'hidden')) {
			if (field.value === field.defaultValue) continue;
			const value = field.value;
			restorers.push(() => restore(field, field.value !== value, () => (field.value = value)));
		} else if (field instanceof HTMLSelectElement) {
			const options = [...field.options];
			if (options.every((o) => o.selected === o.defaultSelected)) continue;
			const selected = options.map((o) => o.selected);
			restorers.push(() =>
				restore(field, options.some((o, i) => o.selected !== selected[i]), () => options.forEach((o, i) => (o.selected = selected[i]!)))
			);
		}
	}
	return () => {
		for (const restorer of restorers) restorer();
	};
}

function restore(field: HTMLElement, changedSince: boolean, apply: () => void) {
	if (!field.isConnected || !changedSince) return;
	apply();
	field.dispatchEvent(new Event('input', { bubbles: true }));
	field.dispatchEvent(new Event('change', { bubbles: true }));
}
