import { coerceUInt64, DataType, StatusCodes, VariantArrayType, type CallMethodResultOptions, type VariantOptions } from "node-opcua";
import { ReturnStatus } from "../../domain/job-control/return-status.js";

// The vocabulary lives in the domain, shared with the PLC side; the OPC UA method result is this door's.
export { ReturnStatus, returnStatusOf } from "../../domain/job-control/return-status.js";

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
