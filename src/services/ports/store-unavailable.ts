import { DomainError } from "../../domain/domain-error.js";

/** How long a client should wait before asking again while the database is unreachable (HTTP Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The database cannot be reached now (refused, dropped, unreadable): a temporary outage, not a
 * bug. The store raises it in place of the driver's error, so each door answers it once (HTTP 503
 * with Retry-After, OPC UA BadResourceUnavailable) and the log says it once, not per request.
 */
export class StoreUnavailable extends DomainError {
  constructor(cause: unknown) {
    super("unavailable", "the MES cannot reach its database; try again shortly", { reason: "database_unreachable", retryAfterSeconds: RETRY_AFTER_SECONDS });
    this.name = "StoreUnavailable";
    this.cause = cause;
  }
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailable {
  return error instanceof StoreUnavailable;
}
