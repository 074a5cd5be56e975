/**
 * One value of a PLC signal as the MES received it, kept protocol-neutral so services need no
 * OPC UA types, yet lossless so the OPC UA mirror can forward exactly what the PLC sent.
 */
export interface SignalSample {
  /** The decoded value (number, boolean, string, bigint-like [hi, lo] pair for 64-bit, array...). */
  readonly value: unknown;
  /** OPC UA built-in DataType id (1 Boolean ... 6 Int32, 7 UInt32, 11 Double, 12 String, ...); 0 when there is no value. */
  readonly dataType: number;
  /** OPC UA VariantArrayType: 0 scalar, 1 array, 2 matrix. */
  readonly arrayType: number;
  /** The OPC UA StatusCode value (0 is Good; 0x80000000 and above is Bad). */
  readonly statusCode: number;
  /** Its symbolic name (Good, BadNotConnected, ...) for people reading REST or logs. */
  readonly statusName?: string;
  /** The PLC's own source timestamp, forwarded unchanged. */
  readonly sourceTimestamp: Date | null;
}

/** OPC UA BadNotConnected: what a mirrored signal shows while its PLC is unreachable. */
export const STATUS_BAD_NOT_CONNECTED = 0x808a0000;
/** OPC UA BadWaitingForInitialData: a signal whose PLC has not answered yet since the MES started. */
export const STATUS_BAD_WAITING_FOR_INITIAL_DATA = 0x80320000;

export function isGood(sample: Pick<SignalSample, "statusCode">): boolean {
  return sample.statusCode >>> 30 === 0;
}

/** OPC UA Part 4 §7.39: the top two bits of a StatusCode give its severity. */
export function quality(sample: Pick<SignalSample, "statusCode">): "good" | "uncertain" | "bad" {
  const severity = sample.statusCode >>> 30;
  return severity === 0 ? "good" : severity === 1 ? "uncertain" : "bad";
}
