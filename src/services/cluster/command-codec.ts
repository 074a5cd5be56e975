import { DomainError, type DomainErrorCode } from "../../domain/domain-error.js";

/**
 * How a command's arguments and its answer travel through cluster_command: JSON that keeps what
 * plain JSON loses on the way (dates, and undefined in argument lists, where an optional argument
 * left out must not arrive as null). Pure, so both ends agree byte for byte.
 */

/** What the owner answered: the service method's result, or its refusal. */
export type CommandAnswer = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: EncodedError };

export interface EncodedError {
  /** A DomainError's code; "internal" for anything else (a bug on the owner). */
  readonly code: DomainErrorCode | "internal";
  readonly message: string;
  readonly details: Record<string, unknown>;
}

const DATE = "$date";
const UNDEFINED = "$undefined";

export function encodeValue(value: unknown): string {
  return JSON.stringify({ v: value }, function (this: Record<string, unknown>, key: string, encoded: unknown) {
    // JSON.stringify has already called Date.toJSON on `encoded`; the holder still has the Date.
    const raw = this[key];
    if (raw instanceof Date) return { [DATE]: Number.isNaN(raw.getTime()) ? null : raw.toISOString() };
    if (raw === undefined && Array.isArray(this)) return { [UNDEFINED]: true };
    return encoded;
  });
}

export function decodeValue(text: string): unknown {
  const parsed = JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === DATE) {
        const iso = (value as Record<string, unknown>)[DATE];
        return new Date(typeof iso === "string" ? iso : Number.NaN);
      }
      if (keys.length === 1 && keys[0] === UNDEFINED) return undefined;
    }
    return value;
  }) as { v: unknown };
  return parsed.v;
}

export function encodeAnswer(outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): string {
  if (outcome.ok) return encodeValue({ ok: true, value: outcome.value });
  const { error } = outcome;
  const encoded: EncodedError =
    error instanceof DomainError
      ? { code: error.code, message: error.message, details: error.details }
      : { code: "internal", message: error instanceof Error ? error.message : String(error), details: {} };
  return encodeValue({ ok: false, error: encoded });
}

export function decodeAnswer(text: string): CommandAnswer {
  return decodeValue(text) as CommandAnswer;
}

/** The refusal as the caller throws it: the same DomainError a local call throws (code, message, details). */
export function errorOf(error: EncodedError): Error {
  if (error.code === "internal") return new Error(error.message);
  return new DomainError(error.code, error.message, error.details);
}
