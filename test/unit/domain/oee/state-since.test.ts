import { expect } from "chai";
import type { MachineState } from "../../../../src/domain/machine-state.js";
import { carryStateBack } from "../../../../src/domain/oee/state-since.js";

const MIN = 60_000;
const at = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);
const interval = (state: MachineState, from: string, to: string) => ({ state, startedAt: at(from), endedAt: at(to) });

describe("carryStateBack (when a work unit entered its state)", function () {
  it("carries a state back over an MES restart that found the machine as it left it", function () {
    const earlier = [interval("idle", "05:00", "06:00"), interval("running", "06:00", "10:00")];
    expect(carryStateBack("running", at("10:01"), earlier, 10 * MIN)).to.deep.equal({ since: at("06:00"), mayGoOn: false });
  });

  it("carries it back over an operator's split of the same stop, with no gap", function () {
    const earlier = [interval("faulted", "09:00", "09:20"), interval("faulted", "09:20", "09:30")];
    expect(carryStateBack("faulted", at("09:30"), earlier, 10 * MIN)).to.deep.equal({ since: at("09:00"), mayGoOn: true });
  });

  it("does not claim the state across a gap longer than a restart: nobody recorded that time", function () {
    expect(carryStateBack("running", at("06:00"), [interval("running", "18:00", "22:00")], 10 * MIN).since).to.deep.equal(at("06:00"));
  });

  it("stops at a different state, and keeps the start when there is nothing before it", function () {
    expect(carryStateBack("running", at("10:00"), [interval("running", "08:00", "09:00"), interval("idle", "09:00", "10:00")], 10 * MIN)).to.deep.equal({ since: at("10:00"), mayGoOn: false });
    expect(carryStateBack("running", at("10:00"), [], 10 * MIN)).to.deep.equal({ since: at("10:00"), mayGoOn: false });
  });
});
