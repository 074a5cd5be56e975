import { expect } from "chai";
import { InterruptedSubState, JobState } from "../../../src/domain/job-order-state-machine.js";
import { goodBeforeSend, quantityToSend, syncAction } from "../../../src/domain/machine-job-sync.js";

const { NotAllowedToStart, AllowedToStart, Running, Interrupted, Ended, Aborted } = JobState;
const s = (state: number, subState: number | null = null) => ({ state, subState });

describe("syncAction (the MES following an OPC 40001-3 machine)", () => {
  it("sends a released job the machine does not have, and nothing else it lacks", () => {
    expect(syncAction(s(AllowedToStart), null)).to.deep.equal({ kind: "send" });
    expect(syncAction(s(NotAllowedToStart), null)).to.deep.equal({ kind: "none" });
  });

  it("sends a running job again when the machine lost it (a restart without retentive memory), for what is left of it", () => {
    expect(syncAction(s(Running), null)).to.deep.equal({ kind: "send" });
    expect(quantityToSend(60, 37)).to.equal(23);
    expect(quantityToSend(60, 60)).to.equal(0);
    expect(goodBeforeSend(60, { ...s(Running), quantity: 23 }), "read back from the machine's list").to.equal(37);
    expect(goodBeforeSend(60, { ...s(Running), quantity: 60 })).to.equal(0);
    expect(goodBeforeSend(60, { ...s(Running), quantity: null }), "a machine that does not list its quantity").to.equal(0);
    expect(goodBeforeSend(60, null)).to.equal(0);
  });

  it("follows the machine's start, interruption, resumption, end and abort", () => {
    expect(syncAction(s(AllowedToStart), s(Running))).to.deep.include({ command: "Begin" });
    expect(syncAction(s(Running), s(Interrupted, InterruptedSubState.Held))).to.deep.include({ command: "Hold" });
    expect(syncAction(s(Interrupted, InterruptedSubState.Held), s(Running))).to.deep.include({ command: "Resume" });
    expect(syncAction(s(Running), s(Ended, 1))).to.deep.include({ command: "Complete" });
    expect(syncAction(s(Interrupted, InterruptedSubState.Held), s(Ended, 1))).to.deep.include({ command: "Stop" });
    expect(syncAction(s(Running), s(Aborted))).to.deep.include({ command: "Abort" });
    expect(syncAction(s(AllowedToStart), s(Ended, 1)), "ended before the MES saw it run: begin first").to.deep.include({ command: "Begin" });
  });

  it("leaves a job the MES paused, and finished ones, alone", () => {
    expect(syncAction(s(Interrupted, InterruptedSubState.Suspended), s(Running))).to.deep.equal({ kind: "none" });
    expect(syncAction(s(Ended, 1), s(Ended, 1))).to.deep.equal({ kind: "none" });
    expect(syncAction(s(Aborted), s(Aborted))).to.deep.equal({ kind: "none" });
    expect(syncAction(s(Running), s(Running))).to.deep.equal({ kind: "none" });
  });
});
