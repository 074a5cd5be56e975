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
