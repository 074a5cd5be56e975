import type { z } from "zod";
import { DomainError } from "../domain/domain-error.js";

/**
 * Parses request input with its schema; a refusal names the first offending field (as a path such
 * as `jobOrders[0].quantity`) and its reason, and lists every problem in details.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "query"): z.output<S> {
  const result = schema.safeParse(value ?? (where === "query" ? {} : undefined));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const keys = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys : [];
    const base = fieldPath(issue.path);
    const field = keys.length > 0 ? [base, keys[0]].filter(Boolean).join(".") : base || where;
    const message = issue.code === "unrecognized_keys" ? `unknown field${keys.length > 1 ? "s" : ""} ${keys.join(", ")}` : issue.message;
    return { field, message };
  });
  const [first] = problems;
  return throwInvalid(`${first.field}: ${first.message}`, { field: first.field, reason: first.message, ...(problems.length > 1 ? { problems } : {}) });
}

function throwInvalid(message: string, details: Record<string, unknown>): never {
  throw new DomainError("invalid_input", message, details);
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}
