import { DomainError } from "../domain-error.js";

/**
 * ISA-95 method ReturnStatus, a UInt64 bit field (OPC 10031-4 v2 Annex B.2, Table 95).
 * Bit 0 is set on success, so success is 1, not 0.
 */
export const ReturnStatus = {
  NoError: 1,
  UnknownJobOrderId: 2 ** 1,
  InvalidJobOrderStatus: 2 ** 3,
  UnableToAcceptJobOrder: 2 ** 4,
  InvalidRequest: 2 ** 32,
} as const;

/** What a refused service call means to an OPC UA caller; anything that is no DomainError is a bug and is rethrown. */
export function returnStatusOf(error: unknown): number {
  if (!(error instanceof DomainError)) throw error;
  switch (error.code) {
    case "not_found":
      return ReturnStatus.UnknownJobOrderId;
    case "conflict":
      return error.details.reason === "duplicate" || error.details.reason === "limit" ? ReturnStatus.UnableToAcceptJobOrder : ReturnStatus.InvalidJobOrderStatus;
    case "invalid_input":
      return ReturnStatus.InvalidRequest;
    case "unavailable":
    case "rate_limited":
      return ReturnStatus.UnableToAcceptJobOrder;
    case "unauthenticated":
    case "forbidden":
      return ReturnStatus.InvalidRequest;
  }
}

/** A ReturnStatus a machine answered, with the names of its bits, for logs and comments. */
export function returnStatusText(status: number): string {
  const names = Object.entries(ReturnStatus)
    .filter(([name, bit]) => name !== "NoError" && Math.floor(status / bit) % 2 === 1)
    .map(([name]) => name);
  return `ReturnStatus ${status}${names.length > 0 ? ` (${names.join(", ")})` : ""}`;
}
