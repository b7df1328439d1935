/**
 * Reading a posted answer form. The implementation is shared with the browser's player
 * ($lib/learning/forms.ts), so that an answer reads the same with and without JavaScript.
 */
export { responseFromForm } from '$lib/learning/forms';
