import { coerceUInt64, DataType, StatusCodes, VariantArrayType, type CallMethodResultOptions, type VariantOptions } from "node-opcua";
import { DomainError } from "../../domain/domain-error.js";

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

/**
 * A method result ending with its ReturnStatus (a UInt64 needs an explicit scalar arrayType).
 * OPC 10031-4 B.2: a Bad status would drop the output arguments, so a refusal is Uncertain.
 */
export function methodResult(returnStatus: number, outputsBefore: VariantOptions[] = []): CallMethodResultOptions {
  return {
    statusCode: returnStatus === ReturnStatus.NoError ? StatusCodes.Good : StatusCodes.Uncertain,
    outputArguments: [...outputsBefore, { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: coerceUInt64(returnStatus) }],
  };
}
