/**
 * How job orders reach a station: `none` (the MES only watches), `methods` (the PLC calls the
 * MES's Dispatch methods), `tag-handshake` (the MES drives the PLC's tags), `machinery-jobs` (the
 * MES calls the machine's OPC 40001-3 JobOrderReceiver).
 */
export type Dispatch = { readonly driver: "none" } | { readonly driver: "methods" } | TagHandshakeDispatch | MachineryJobsDispatch;

export type DispatchDriverName = Dispatch["driver"];

/**
 * The CP Lab RFID handshake, generalised: each role names one of the work unit's mirrored tags
 * (a signal of role `tag` or `faultCode`), so an engineer sees in UaExpert what the driver sees.
 */
export interface TagHandshakeDispatch {
  readonly driver: "tag-handshake";
  readonly tags: {
    /** True when an RFID read finished: a carrier is at the station. */
    readonly readComplete: string;
    readonly carrierId: string;
    /** The order number written on the carrier; 0 for a blank carrier. */
    readonly carrierOrderId: string;
    /** Int32 words written to the carrier: [carrierId, orderNumber, 0...]. */
    readonly writeData: string;
    readonly rfidWrite: string;
    readonly rfidWriteDone: string;
    readonly taskCode: string;
    /** The PLC echoes the task code here before exec may be set; absent: no echo is awaited. */
    readonly taskCodeEcho?: string;
    readonly execOrder: string;
    readonly orderComplete: string;
  };
  /** Product id -> task code. A product not listed takes the job order's `taskCodeParameter`. */
  readonly taskCodes: Readonly<Record<string, number>>;
  readonly taskCodeParameter: string;
  /** The code that lets a carrier pass uncounted (its order is unknown). */
  readonly passThroughCode: number;
  /** Length of the writeData packet in words. */
  readonly writeWords: number;
  readonly timeouts: {
    readonly rfidWriteMs: number;
    readonly echoMs: number;
    /** From exec_order to order_complete: the longest a part may take. */
    readonly completeMs: number;
  };
}

/** An OPC 40001-3 machine: the MES is the client of its JobManagement objects. */
export interface MachineryJobsDispatch {
  readonly driver: "machinery-jobs";
  /** The machine's ISA95JobOrderReceiverObjectType instance (JobManagement/JobOrderControl). */
  readonly jobOrderControl: string;
  /** The machine's ISA95JobResponseProviderObjectType instance (JobManagement/JobOrderResults). */
  readonly jobOrderResults: string;
}

/** The drivers in which the MES starts and ends the running job itself; `methods` is a door the PLC calls, and `none` does nothing. */
export function mesRunsJobs(dispatch: Dispatch): dispatch is TagHandshakeDispatch | MachineryJobsDispatch {
  return dispatch.driver === "tag-handshake" || dispatch.driver === "machinery-jobs";
}
