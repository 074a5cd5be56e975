/** Samples of the signals a plant historizes: what the PLC sent, as it sent it. */
export interface SignalSampleRecord {
  readonly id: string;
  readonly equipmentId: string;
  /** The signal's browse name in the work unit. */
  readonly signal: string;
  /** The PLC's source timestamp (the server time when it sent none). */
  readonly sourceTime: Date;
  /** When the MES received it. */
  readonly serverTime: Date;
  /** A numeric value (booleans as 0/1), or else its text; both null when the sample has no value (a Bad status). */
  readonly valueNumber: number | null;
  readonly valueText: string | null;
  /** The OPC UA StatusCode, as the PLC sent it. */
  readonly statusCode: number;
}

export interface SignalSampleReader {
  /** Samples of one signal with sourceTime in [from, to), oldest first (newest first when reverse), at most `limit`; ties in the order stored. */
  findRange(equipmentId: string, signal: string, from: Date, to: Date, limit: number, reverse: boolean): Promise<SignalSampleRecord[]>;
  /** The source times of the signal's first and last sample (null: none). */
  bounds(equipmentId: string, signal: string): Promise<{ first: Date | null; last: Date | null }>;
}

export interface SignalSampleRepository extends SignalSampleReader {
  insertMany(samples: readonly SignalSampleRecord[]): Promise<void>;
  /** Deletes samples received before `before`; returns how many. */
  deleteReceivedBefore(before: Date): Promise<number>;
}
