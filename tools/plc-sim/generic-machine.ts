import { DataType } from "node-opcua";
import type { GenericMachineConfig } from "./config.js";
import { deriveSeed, exponential, seededRandom, type Random } from "./random.js";
import type { TagTable } from "./tag-table.js";

/** PLC state codes of a generic machine (the MES maps them in plant.yaml). */
export const MACHINE_STATE_CODES = { idle: 0, running: 1, setup: 2, faulted: 3, stopped: 4 } as const;
export type MachineStateName = keyof typeof MACHINE_STATE_CODES;
const GAUGE_SEED = 0x6a06e;
const NAMES = Object.keys(MACHINE_STATE_CODES) as MachineStateName[];

/**
 * A machine that runs, idles, changes over and breaks down, counting good and rejected parts on
 * cumulative counters that wrap like a PLC's. Tags: `ns=2;s=<Name>.State|GoodCount|RejectCount|
 * CurrentJob|FaultCode|Speed|Temperature`.
 */
export class GenericMachine {
  private stateName: MachineStateName = "running";
  private remainingMs = 0;
  private cycleProgressMs = 0;
  private partsSinceSetup = 0;
  private jobNumber = 1;
  private gaugedParts = 0;
  /** The gauge's own stream: measuring leaves the machine's sequence of faults and rejects as it was. */
  private readonly gaugeRandom: Random;

  constructor(
    readonly config: GenericMachineConfig,
    private readonly tags: TagTable,
    private readonly random: Random,
  ) {
    const tag = (name: string, dataType: DataType, initial: unknown) =>
      tags.define({ id: `${config.name}.${name}`, browseName: name, folder: [config.name], dataType, initial });
    tag("State", DataType.Int32, MACHINE_STATE_CODES.running);
    tag("GoodCount", DataType.UInt32, 0);
    tag("RejectCount", DataType.UInt32, 0);
    tag("CurrentJob", DataType.String, jobName(1));
    tag("FaultCode", DataType.Int32, 0);
    tag("Speed", DataType.Double, 0);
    tag("Temperature", DataType.Double, 25);
    this.gaugeRandom = seededRandom(deriveSeed(GAUGE_SEED, config.name));
    if (config.gauge) tag(config.gauge.tag, DataType.Double, config.gauge.nominal);
  }

  get state(): MachineStateName {
    return this.stateName;
  }

  get goodCount(): number {
    return this.tags.get(this.id("GoodCount")) as number;
  }

  get rejectCount(): number {
    return this.tags.get(this.id("RejectCount")) as number;
  }

  get currentJob(): string {
    return this.tags.get(this.id("CurrentJob")) as string;
  }

  setState(state: MachineStateName | number, faultCode = 0): void {
    const name = typeof state === "number" ? NAMES[state] : state;
    if (!name) throw new Error(`no machine state ${state}`);
    this.stateName = name;
    this.remainingMs = Number.POSITIVE_INFINITY; // held until the next setState or, with autoRun, forever
    this.tags.set(this.id("State"), MACHINE_STATE_CODES[name]);
    this.tags.set(this.id("FaultCode"), name === "faulted" ? faultCode : 0);
    this.tags.set(this.id("Speed"), name === "running" ? this.nominalSpeed() : 0);
  }

  produce(good: number, reject = 0): void {
    const wrap = this.config.counterRolloverAt;
    if (good > 0) this.tags.set(this.id("GoodCount"), (this.goodCount + good) % wrap);
    if (reject > 0) this.tags.set(this.id("RejectCount"), (this.rejectCount + reject) % wrap);
  }

  setCounters(good: number, reject: number): void {
    this.tags.set(this.id("GoodCount"), good);
    this.tags.set(this.id("RejectCount"), reject);
  }

  setCurrentJob(job: string): void {
    this.tags.set(this.id("CurrentJob"), job);
  }

  /** One step of simulated time: the machine's own behaviour, driven by its seeded random source. */
  tick(dtMs: number): void {
    const { config, random } = this;
    this.drift(dtMs);
    if (this.stateName !== "running") {
      if (this.stateName === "stopped" || !Number.isFinite(this.remainingMs)) return;
      this.remainingMs -= dtMs;
      if (this.remainingMs <= 0) this.enter("running", 0);
      return;
    }
    const perTick = dtMs / 3_600_000;
    if (random() < config.faultsPerHour * perTick) {
      this.enter("faulted", exponential(random, config.meanRepairMs), config.faultCodes[Math.floor(random() * config.faultCodes.length)]);
      return;
    }
    if (random() < config.idlesPerHour * perTick) {
      this.enter("idle", exponential(random, config.meanIdleMs));
      return;
    }
    this.cycleProgressMs += dtMs;
    while (this.cycleProgressMs >= config.cycleTimeMs) {
      this.cycleProgressMs -= config.cycleTimeMs;
      if (random() < config.rejectRate) this.produce(0, 1);
      else {
        this.produce(1, 0);
        this.measure();
      }
      this.partsSinceSetup++;
    }
    if (config.setupEveryParts > 0 && this.partsSinceSetup >= config.setupEveryParts) {
      this.partsSinceSetup = 0;
      this.setCurrentJob(jobName(++this.jobNumber));
      this.enter("setup", config.setupMs);
    }
  }

  /** The gauge's reading of the part just made (no gauge: nothing). */
  measure(): void {
    const gauge = this.config.gauge;
    if (!gauge) return;
    this.gaugedParts++;
    const value = gauge.nominal + gauge.driftPerPart * this.gaugedParts + (this.gaugeRandom() - 0.5) * gauge.noise;
    this.tags.set(this.id(gauge.tag), Math.round(value * 10_000) / 10_000);
  }

  private enter(state: MachineStateName, durationMs: number, faultCode = 0): void {
    this.stateName = state;
    this.remainingMs = durationMs;
    this.tags.set(this.id("State"), MACHINE_STATE_CODES[state]);
    this.tags.set(this.id("FaultCode"), faultCode);
    this.tags.set(this.id("Speed"), state === "running" ? this.nominalSpeed() : 0);
  }

  /** Temperature follows the machine's load slowly, with a little noise. */
  private drift(dtMs: number): void {
    const current = this.tags.get(this.id("Temperature")) as number;
    const target = this.stateName === "running" ? 60 : 25;
    const next = current + (target - current) * Math.min(1, dtMs / 60_000) + (this.random() - 0.5) * 0.2;
    this.tags.set(this.id("Temperature"), Math.round(next * 100) / 100);
  }

  private nominalSpeed(): number {
    return Math.round((60_000 / this.config.cycleTimeMs) * 100) / 100;
  }

  private id(tag: string): string {
    return `${this.config.name}.${tag}`;
  }
}

function jobName(n: number): string {
  return `JOB-${String(n).padStart(4, "0")}`;
}
