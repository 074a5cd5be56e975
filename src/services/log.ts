import { isStoreUnavailable } from "./ports/store-unavailable.js";

/** Where services report what an operator of the MES should know; injected so tests stay quiet. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLog: Log = {
  info: (message) => console.log(`${new Date().toISOString()} ${message}`),
  warn: (message) => console.warn(`${new Date().toISOString()} WARN ${message}`),
  error: (message, error) => console.error(`${new Date().toISOString()} ERROR ${message}`, error instanceof Error ? error.message : (error ?? "")),
};

export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The log the services write to: a failure because the database is unreachable is left out, as
 * the store logs the outage itself (once when it begins, a summary while it lasts), so an outage
 * does not bury the log under one line per failed write.
 */
export function withoutStoreOutages(log: Log): Log {
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message, error) => {
      if (!isStoreUnavailable(error)) log.error(message, error);
    },
  };
}
