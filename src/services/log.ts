import { isStoreUnavailable } from "./ports/store-unavailable.js";

/**
 * What a log line says besides its message, for whoever reads the log with a query (`event`,
 * `plcId`, `route`...). Never a secret: tokens, passwords and cookies stay out of every call.
 */
export type LogFields = Readonly<Record<string, unknown>>;

/** Where services report what an operator of the MES should know; injected so tests stay quiet. */
export interface Log {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, error?: unknown, fields?: LogFields): void;
}

const shown = (fields?: LogFields) => (fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "");

/** Plain lines for a terminal and the tools; `npm start` logs JSON (src/services/pino-log.ts). */
export const consoleLog: Log = {
  info: (message, fields) => console.log(`${new Date().toISOString()} ${message}${shown(fields)}`),
  warn: (message, fields) => console.warn(`${new Date().toISOString()} WARN ${message}${shown(fields)}`),
  error: (message, error, fields) => console.error(`${new Date().toISOString()} ERROR ${message}${shown(fields)}`, error instanceof Error ? error.message : (error ?? "")),
};

export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The log the services write to: a failure because the database is unreachable is left out, as
 * the store logs the outage itself (once when it begins, a summary while it lasts), so an outage
 * does not bury the log under one line per failed write.
 */
export function withoutStoreOutages(log: Log): Log {
  return {
    info: (message, fields) => log.info(message, fields),
    warn: (message, fields) => log.warn(message, fields),
    error: (message, error, fields) => {
      if (!isStoreUnavailable(error)) log.error(message, error, fields);
    },
  };
}
