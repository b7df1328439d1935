import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout. Secrets and tokens are redacted by path. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
	return pino({
		level,
		base: { service: 'tremplin' },
		timestamp: pino.stdTimeFunctions.isoTime,
		redact: {
			paths: ['password', '*.password', 'token', '*.token', 'code', '*.code', 'secret', '*.secret', 'req.headers.cookie'],
			censor: '[masqué]'
		}
	});
}
