import { z } from "zod";
import { readYamlFile } from "../../src/config/read-yaml.js";

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "use letters, digits or '_', starting with a letter");

export const genericMachineSchema = z.strictObject({
  name,
  cycleTimeMs: z.number().int().min(50).default(2000),
  /** Share of produced parts that are rejects. */
  rejectRate: z.number().min(0).max(1).default(0.02),
  faultsPerHour: z.number().min(0).default(4),
  meanRepairMs: z.number().int().min(100).default(20_000),
  /** The codes a fault shows on FaultCode, one drawn at random per fault; the MES maps them to reasons (config/oee.yaml faultCodeReasons). */
  faultCodes: z.array(z.number().int().min(1).max(2 ** 31 - 1)).min(1).default([1, 2, 3, 4]),
  idlesPerHour: z.number().min(0).default(6),
  meanIdleMs: z.number().int().min(100).default(15_000),
  /** A changeover to the next job after this many parts (0: never). */
  setupEveryParts: z.number().int().min(0).default(100),
  setupMs: z.number().int().min(0).default(20_000),
  counterRolloverAt: z.number().int().positive().default(2 ** 32),
  /**
   * An in-line gauge measuring each good part on an extra Double tag `<Name>.<tag>`: the nominal
   * plus a slow drift per part (a worn tool) and uniform noise of ±noise/2, so an SPC chart fed
   * from it goes out of control after a while.
   */
  gauge: z.strictObject({ tag: name, nominal: z.number(), noise: z.number().min(0).default(0.01), driftPerPart: z.number().default(0) }).optional(),
});

export const cpLabStationSchema = z.strictObject({
  name,
  /** Time between a carrier leaving and the next one arriving. */
  carrierIntervalMs: z.number().int().min(10).default(8000),
  rfidWriteMs: z.number().int().min(0).default(300),
  echoMs: z.number().int().min(0).default(100),
  processingMs: z.number().int().min(0).default(4000),
  passThroughMs: z.number().int().min(0).default(500),
  /** A carrier nobody serves leaves after this long. */
  mesTimeoutMs: z.number().int().min(100).default(30_000),
  rejectRate: z.number().min(0).max(1).default(0.05),
  /** Carriers on the conveyor and the order id each carries on its RFID tag at start (0: none). */
  carriers: z.array(z.strictObject({ id: z.number().int().min(1), orderId: z.number().int().min(0) })).min(1).default([{ id: 1, orderId: 0 }]),
});

/** A machine that takes job orders over OPC 40001-3 (Machinery Jobs) instead of tags. */
export const machineryStationSchema = z.strictObject({
  name,
  cycleTimeMs: z.number().int().min(10).default(1000),
  rejectRate: z.number().min(0).max(1).default(0.02),
});

export const simulatedPlcSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
  port: z.number().int().min(0).max(65535),
  machines: z.array(genericMachineSchema).default([]),
  /** At most one: a CP Lab cell has one S7 per station. */
  cplab: cpLabStationSchema.optional(),
  machinery: machineryStationSchema.optional(),
  benchTags: z.strictObject({ count: z.number().int().min(1).max(200_000), changesPerSecond: z.number().min(0).max(1_000_000) }).optional(),
  /**
   * A PLC that is secured as a plant would have it: only Basic256Sha256 SignAndEncrypt (no None
   * endpoint), client certificates only from its own trust list (an unknown one lands in its
   * rejected folder), and, with users, no anonymous session.
   */
  security: z
    .strictObject({
      users: z.array(z.strictObject({ userName: z.string().min(1), password: z.string().min(1) })).default([]),
    })
    .optional(),
});

export const plcSimConfigSchema = z.strictObject({
  seed: z.number().int().default(1),
  tickMs: z.number().int().min(10).max(10_000).default(100),
  plcs: z.array(simulatedPlcSchema).min(1),
});

export type GenericMachineConfig = z.infer<typeof genericMachineSchema>;
export type CpLabStationConfig = z.infer<typeof cpLabStationSchema>;
export type MachineryStationConfig = z.infer<typeof machineryStationSchema>;
export type SimulatedPlcConfig = z.infer<typeof simulatedPlcSchema>;
export type PlcSimConfig = z.infer<typeof plcSimConfigSchema>;

/** Reads and validates the simulator's YAML; errors name the file and the path in it. */
export function loadPlcSimConfig(file: string): PlcSimConfig {
  return readYamlFile(file, plcSimConfigSchema);
}
