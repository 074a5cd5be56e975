import { pino, stdTimeFunctions, type DestinationStream, type Logger } from "pino";
import { consoleLog, type Log, type LogFields } from "./log.js";

/** The log levels of mes.yaml `logging.level`; "silent" writes nothing. */
export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Field names that carry a secret wherever they turn up, at the top of a line's fields or one level
 * down (`headers.authorization`). No call of the MES passes one: this is the second line of defence,
 * for the day someone logs a request's headers or a login body.
 */
const SECRET_FIELDS = ["authorization", "cookie", "password", "newPassword", "currentPassword", "token", "secret", "csrfToken", '"set-cookie"', '"x-csrf-token"'];
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => (field.startsWith('"') ? [`[${field}]`, `*[${field}]`] : [field, `*.${field}`]));

/**
 * The MES's log as JSON lines (one object per line, for Loki, Elasticsearch or `jq`): level by
 * name, ISO time, the message as `msg` and the call's fields beside it. Writes to stdout unless a
 * destination is given (the tests capture one).
 */
export function pinoLog(level: LogLevel, destination?: DestinationStream): Log {
  const logger: Logger = pino(
    {
      level,
      base: { service: "opcua-mes", pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, error, fields) => logger.error({ ...fields, ...errorFields(error) }, message),
  };
}

/** An Error under `err` (pino's serializer gives type, message and stack); anything else under `detail`. */
function errorFields(error: unknown): LogFields {
  if (error === undefined) return {};
  return error instanceof Error ? { err: error } : { detail: String(error) };
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** The log mes.yaml `logging` asks for: JSON lines on stdout, or plain lines for a terminal, from `level` up. */
export function logFor(logging: { readonly level: LogLevel; readonly format: "json" | "text" }, text: Log = consoleLog): Log {
  if (logging.format === "json") return pinoLog(logging.level);
  const rank = RANK[logging.level];
  return {
    info: (message, fields) => rank <= RANK.info && text.info(message, fields),
    warn: (message, fields) => rank <= RANK.warn && text.warn(message, fields),
    error: (message, error, fields) => rank <= RANK.error && text.error(message, error, fields),
  };
}
