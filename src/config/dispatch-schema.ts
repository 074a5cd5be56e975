import { z } from "zod";

/** A mirrored tag of the same work unit (`signals.tags[].name`): the driver reads its changes from the mirror and writes through its node. */
const tagRef = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "the name of one of this work unit's signals.tags");

/** A PLC node: `ns=3;s="DB".tag`, `i=2258`, or `nsu=<namespace URI>;s=...`. */
const plcNodeId = z.string().regex(/^(ns=\d+;|nsu=[^;]+;)?[isgb]=.+$/, "expected an OPC UA NodeId such as ns=3;s=Tag or nsu=urn:x;s=Tag");

/**
 * The CP Lab RFID handshake, generalised: each role names one of the work unit's mirrored tags,
 * so an engineer sees in UaExpert exactly what the driver sees.
 */
export const tagHandshakeDispatchSchema = z.strictObject({
  driver: z.literal("tag-handshake"),
  tags: z.strictObject({
    /** True when an RFID read finished: a carrier is at the station. */
    readComplete: tagRef,
    carrierId: tagRef,
    /** The order number written on the carrier; 0 for a blank carrier. */
    carrierOrderId: tagRef,
    /** Int32 words written to the carrier: [carrierId, orderNumber, 0...]. */
    writeData: tagRef,
    rfidWrite: tagRef,
    rfidWriteDone: tagRef,
    taskCode: tagRef,
    /** The PLC echoes the task code here before exec may be set; absent: no echo is awaited. */
    taskCodeEcho: tagRef.optional(),
    execOrder: tagRef,
    orderComplete: tagRef,
  }),
  /** Product id -> task code. A product not listed takes the job order's `taskCodeParameter`. */
  taskCodes: z.record(z.string(), z.number().int().min(-32768).max(32767)).default({}),
  taskCodeParameter: z.string().min(1).max(64).default("TaskCode"),
  /** The code that lets a carrier pass uncounted (its order is unknown). */
  passThroughCode: z.number().int().min(-32768).max(32767).default(-1),
  /** Length of the writeData packet in words. */
  writeWords: z.number().int().min(2).max(256).default(32),
  timeouts: z
    .strictObject({
      rfidWriteMs: z.number().int().min(10).max(600_000).default(5000),
      echoMs: z.number().int().min(10).max(600_000).default(5000),
      /** From exec_order to order_complete: the longest a part may take. */
      completeMs: z.number().int().min(10).max(3_600_000).default(120_000),
    })
    .prefault({}),
});

/** An OPC 40001-3 machine: the MES is the client of its JobManagement objects. */
export const machineryJobsDispatchSchema = z.strictObject({
  driver: z.literal("machinery-jobs"),
  /** The machine's ISA95JobOrderReceiverObjectType instance (JobManagement/JobOrderControl). */
  jobOrderControl: plcNodeId,
  /** The machine's ISA95JobResponseProviderObjectType instance (JobManagement/JobOrderResults). */
  jobOrderResults: plcNodeId,
});

/**
 * How job orders reach the station: `none` (the MES only watches), `methods` (the PLC calls the
 * MES's Dispatch methods), `tag-handshake` (the MES drives the PLC's tags), `machinery-jobs` (the
 * MES calls the machine's OPC 40001-3 JobOrderReceiver).
 */
export const dispatchSchema = z
  .discriminatedUnion("driver", [
    z.strictObject({ driver: z.literal("none") }),
    z.strictObject({ driver: z.literal("methods") }),
    tagHandshakeDispatchSchema,
    machineryJobsDispatchSchema,
  ])
  .default({ driver: "none" });
