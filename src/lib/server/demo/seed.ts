import type { Deps } from '../app';

/** Demo data (idempotent). Filled in by the demo seed work. */
export async function seedDemo(deps: Deps): Promise<void> {
	deps.logger.debug('demo seed: nothing yet');
}
