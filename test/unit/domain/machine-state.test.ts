import { expect } from "chai";
import { machineStateFromPlc, machineStateValue } from "../../../src/domain/machine-state.js";

describe("machineStateFromPlc", () => {
  const map = { "0": "idle", "1": "running", "3": "faulted", true: "running", false: "idle" } as const;

  it("maps a PLC value through the configured map, whatever its type", () => {
    expect(machineStateFromPlc(1, map)).to.equal("running");
    expect(machineStateFromPlc(3, map)).to.equal("faulted");
    expect(machineStateFromPlc(true, map)).to.equal("running");
    expect(machineStateFromPlc(false, map)).to.equal("idle");
  });

  it("reads an unmapped or missing value as unknown, never as running", () => {
    expect(machineStateFromPlc(7, map)).to.equal("unknown");
    expect(machineStateFromPlc(null, map)).to.equal("unknown");
    expect(machineStateFromPlc(undefined, map)).to.equal("unknown");
  });

  it("numbers states as the OPC UA MachineStateEnumeration does", () => {
    expect(machineStateValue("unknown")).to.equal(0);
    expect(machineStateValue("running")).to.equal(2);
    expect(machineStateValue("disconnected")).to.equal(6);
  });
});
