import type { EventBus } from "../services/event-bus.js";
import type { PlantNodes } from "./plant-address-space.js";

/** Keeps the address space in step with what happened: PLC values, machine states, PLC links. */
export function mirrorBusEvents(bus: EventBus, plant: PlantNodes): () => void {
  const off = [
    bus.on("signal.changed", ({ workUnitId, signal, sample }) => plant.setSignal(workUnitId, signal, sample)),
    bus.on("machine.state", ({ workUnitId, state, at }) => plant.setMachineState(workUnitId, state, at)),
    bus.on("plc.connection", ({ plcId, state, at }) => plant.setPlcConnectionState(plcId, state, at)),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}
