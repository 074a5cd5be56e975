import { Writable } from "node:stream";
import type { Log } from "../../src/services/log.js";
import { pinoLog, type LogLevel } from "../../src/services/pino-log.js";

export interface CapturedLog {
  /** The MES's real JSON log (pino, with its redaction), written here instead of stdout. */
  readonly log: Log;
  /** Everything written, as the bytes a log collector would get. */
  text(): string;
  /** Each line parsed. */
  lines(): Record<string, any>[];
}

export function capturedLog(level: LogLevel = "info"): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const text = () => chunks.join("");
  return {
    log: pinoLog(level, destination),
    text,
    lines: () => text().split("\n").filter(Boolean).map((line) => JSON.parse(line)),
  };
}
