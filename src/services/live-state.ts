import type { MachineState } from "../domain/machine-state.js";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { PlcConnectionState } from "../domain/plc-connection.js";
import { STATUS_BAD_WAITING_FOR_INITIAL_DATA, type SignalSample } from "../domain/signal-sample.js";
import type { EventBus } from "./event-bus.js";

export interface WorkUnitLive {
  readonly workUnitId: string;
  readonly plcId: string;
  readonly machineState: MachineState;
  readonly stateSince: Date | null;
  /** Latest sample of each mapped signal, in configuration order. */
  readonly signals: ReadonlyMap<string, SignalSample>;
}

export interface PlcLive {
  readonly plcId: string;
  readonly endpointUrl: string;
  readonly state: PlcConnectionState;
  readonly since: Date | null;
  readonly lastError: string | null;
}

const WAITING: SignalSample = { value: null, dataType: 0, arrayType: 0, statusCode: STATUS_BAD_WAITING_FOR_INITIAL_DATA, statusName: "BadWaitingForInitialData", sourceTimestamp: null };

/** The plant as it is right now, kept from bus events: what REST and the UI read without touching the PLCs. */
export class LiveState {
  private readonly units = new Map<string, { plcId: string; machineState: MachineState; stateSince: Date | null; signals: Map<string, SignalSample> }>();
  private readonly plcs = new Map<string, { endpointUrl: string; state: PlcConnectionState; since: Date | null; lastError: string | null }>();
  private readonly unsubscribe: (() => void)[];

  constructor(plant: Plant, bus: EventBus) {
    for (const plc of plant.plcs) this.plcs.set(plc.id, { endpointUrl: plc.endpointUrl, state: "disconnected", since: null, lastError: null });
    for (const unit of workUnitsOf(plant)) {
      const signals = new Map<string, SignalSample>(unit.signals.map(({ name }) => [name, WAITING]));
      this.units.set(unit.id, { plcId: unit.plcId, machineState: "unknown", stateSince: null, signals });
    }

    this.unsubscribe = [
      bus.on("signal.changed", ({ workUnitId, signal, sample }) => {
        this.units.get(workUnitId)?.signals.set(signal, sample);
      }),
      bus.on("machine.state", ({ workUnitId, state, at }) => {
        const unit = this.units.get(workUnitId);
        if (unit) Object.assign(unit, { machineState: state, stateSince: at });
      }),
      bus.on("plc.connection", ({ plcId, state, at, error }) => {
        const plc = this.plcs.get(plcId);
        if (plc) Object.assign(plc, { state, since: at, lastError: error ?? (state === "connected" ? null : plc.lastError) });
      }),
    ];
  }

  workUnit(id: string): WorkUnitLive | undefined {
    const unit = this.units.get(id);
    return unit && { workUnitId: id, plcId: unit.plcId, machineState: unit.machineState, stateSince: unit.stateSince, signals: new Map(unit.signals) };
  }

  plc(id: string): PlcLive | undefined {
    const plc = this.plcs.get(id);
    return plc && { plcId: id, ...plc };
  }

  allPlcs(): PlcLive[] {
    return [...this.plcs.keys()].map((id) => this.plc(id)!);
  }

  close(): void {
    for (const off of this.unsubscribe) off();
  }
}
