import { AttributeIds, DataType, StatusCodes, VariantArrayType, type ClientSession } from "node-opcua";
import { DomainError } from "../../../domain/domain-error.js";
import { tagsOf, type WorkUnit } from "../../../domain/plant/plant.js";
import { isGood, type SignalSample } from "../../../domain/signal-sample.js";
import type { EventBus } from "../../../services/event-bus.js";

/**
 * A step that did not finish: the driver turns it into a held job with this text as the comment,
 * unless the link was lost (`linkLost`): then the step is taken up again once the PLC is back.
 */
export class HandshakeError extends Error {
  constructor(
    message: string,
    readonly linkLost = false,
  ) {
    super(message);
    this.name = "HandshakeError";
  }
}

export interface SessionRunner {
  readonly connected: boolean;
  withSession<T>(work: (session: ClientSession, resolve: (nodeId: string) => string) => Promise<T>): Promise<T>;
}

interface Waiter {
  readonly tag: string;
  readonly accepts: (value: unknown) => boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One work unit's PLC tags as the handshake sees them: their last values from the MES's own
 * mirror (the PLC subscription every signal already has), waits that end on the change that
 * answers them or on a timeout, and writes through the PLC session with the tag's own DataType.
 */
export class TagIo {
  private readonly latest = new Map<string, SignalSample>();
  private readonly waiters = new Set<Waiter>();
  private readonly dataTypes = new Map<string, DataType>();
  private readonly nodeIds: Map<string, string>;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly unit: WorkUnit,
    private readonly plc: SessionRunner,
    private readonly bus: EventBus,
  ) {
    this.nodeIds = new Map(tagsOf(unit).map((tag) => [tag.name, tag.nodeId]));
  }

  /** Listens; `onChange` hears every good new value of every signal of the unit. */
  start(onChange: (tag: string, value: unknown) => void, onConnection: (state: string) => void): void {
    this.unsubscribe.push(
      this.bus.on("signal.changed", ({ workUnitId, signal, sample }) => {
        if (workUnitId !== this.unit.id) return;
        this.latest.set(signal, sample);
        if (!isGood(sample)) return;
        for (const waiter of [...this.waiters]) {
          if (waiter.tag === signal && waiter.accepts(sample.value)) {
            this.waiters.delete(waiter);
            waiter.resolve(sample.value);
          }
        }
        onChange(signal, sample.value);
      }),
      this.bus.on("plc.connection", ({ plcId, state, fromPeer }) => {
        if (plcId !== this.unit.plcId || fromPeer) return;
        if (state !== "connected") {
          this.dataTypes.clear();
          this.failAll(new HandshakeError(`PLC ${plcId} ${state === "disconnected" ? "disconnected" : "reconnecting"}`, true));
        }
        onConnection(state);
      }),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    // Not the station's fault either: the job stays as it is, as after a lost link.
    this.failAll(new HandshakeError("the MES is stopping", true));
  }

  /** The tag's last good value, or undefined. */
  value(tag: string): unknown {
    const sample = this.latest.get(tag);
    return sample && isGood(sample) ? sample.value : undefined;
  }

  has(tag: string): boolean {
    return this.latest.has(tag);
  }

  /** Resolves with the tag's value once it satisfies `accepts` (at once if it does already); rejects after `timeoutMs`. */
  waitFor(tag: string, accepts: (value: unknown) => boolean, timeoutMs: number, what: string): Promise<unknown> {
    const now = this.value(tag);
    if (now !== undefined && accepts(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new HandshakeError(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        tag,
        accepts,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Writes a value with the tag's DataType (read from the PLC once per connection); a refusal is a HandshakeError. */
  async write(tag: string, value: number | boolean | Int32Array): Promise<void> {
    const configured = this.nodeIds.get(tag);
    if (!configured) throw new HandshakeError(`no tag ${tag} on ${this.unit.id}`);
    const status = await this.plc
      .withSession(async (session, resolve) => {
        const nodeId = resolve(configured);
        const dataType = this.dataTypes.get(tag) ?? (await this.readDataType(session, nodeId, tag));
        const array = value instanceof Int32Array;
        const result = await session.write({ nodeId, attributeId: AttributeIds.Value, value: { value: { dataType, arrayType: array ? VariantArrayType.Array : VariantArrayType.Scalar, value } } });
        return result;
      })
      .catch((error: Error) => {
        if (error instanceof HandshakeError) throw error;
        // The connection refuses while the PLC is away; a request that died with the link is the same.
        const linkLost = (error instanceof DomainError && error.code === "unavailable") || !this.plc.connected;
        throw new HandshakeError(`writing ${tag} failed: ${error.message}`, linkLost);
      });
    if (!status.isGood()) throw new HandshakeError(`the PLC refused ${tag} = ${value instanceof Int32Array ? `[${[...value.slice(0, 4)].join(", ")}, ...]` : String(value)}: ${status.name}`);
  }

  private async readDataType(session: ClientSession, nodeId: string, tag: string): Promise<DataType> {
    const read = await session.read({ nodeId, attributeId: AttributeIds.DataType });
    if (read.statusCode.value !== StatusCodes.Good.value) throw new HandshakeError(`cannot read the DataType of ${tag}: ${read.statusCode.name}`);
    const id = read.value.value as { namespace: number; value: number };
    // A PLC-defined type (an enumeration, an alias) is written as the Int32 it stands on.
    const dataType = id.namespace === 0 && typeof id.value === "number" && id.value <= 25 ? (id.value as DataType) : DataType.Int32;
    this.dataTypes.set(tag, dataType);
    return dataType;
  }

  private failAll(error: Error): void {
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter.reject(error);
    }
  }
}
