/**
 * A refusal the user can act on, with a machine-readable code. Each door turns the code into its
 * own status once (HTTP in the Koa error middleware, OPC UA in the method adapter).
 */
export type DomainErrorCode = "not_found" | "invalid_input" | "conflict" | "unavailable" | "unauthenticated" | "forbidden" | "rate_limited";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}
