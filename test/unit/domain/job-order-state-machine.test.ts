import { expect } from "chai";
import {
  allowedCommands,
  allowedCommandsOf,
  applyJobCommand,
  initialJobStatus,
  JOB_COMMANDS,
  type JobCommand,
  type JobStatus,
} from "../../../src/domain/job-order-state-machine.js";

/**
 * The whole table, written out by hand from OPC 10031-4 §6.2 (Table 37 and the substate machines
 * of §6.2.4 and §6.2.5): for each state, the commands it accepts and where each leads. Every
 * command not listed for a state must be refused.
 * States: 1 NotAllowedToStart, 2 AllowedToStart, 3 Running, 4 Interrupted (1 Held, 2 Suspended),
 * 5 Ended (1 Completed, 2 Closed), 6 Aborted. "removed" = taken out of the JobOrderList.
 */
const TABLE: { from: JobStatus; accepts: Partial<Record<JobCommand, [number, number | null] | "removed">> }[] = [
  { from: { state: 1, subState: null }, accepts: { Update: [1, null], Start: [2, null], Abort: [6, null], Cancel: "removed" } },
  { from: { state: 2, subState: null }, accepts: { Update: [2, null], RevokeStart: [1, null], Begin: [3, null], Abort: [6, null], Cancel: "removed" } },
  { from: { state: 3, subState: null }, accepts: { Pause: [4, 2], Hold: [4, 1], Stop: [5, 1], Complete: [5, 1], Abort: [6, null] } },
  { from: { state: 4, subState: 1 }, accepts: { Resume: [3, null], Stop: [5, 1], Abort: [6, null] } },
  { from: { state: 4, subState: 2 }, accepts: { Resume: [3, null], Stop: [5, 1], Abort: [6, null] } },
  { from: { state: 5, subState: 1 }, accepts: { Close: [5, 2], Clear: "removed" } },
  { from: { state: 5, subState: 2 }, accepts: { Clear: "removed" } },
  { from: { state: 6, subState: null }, accepts: { Clear: "removed" } },
];

describe("The job-order state machine (OPC 10031-4)", () => {
  for (const { from, accepts } of TABLE) {
    const label = `state ${from.state}${from.subState === null ? "" : `.${from.subState}`}`;
    for (const command of JOB_COMMANDS) {
      const expected = accepts[command];
      if (expected === undefined) {
        it(`${label} refuses ${command}, naming what it would accept`, () => {
          const result = applyJobCommand(from, command);
          expect(result).to.deep.equal({ ok: false, reason: "invalid_state", allowed: Object.keys(accepts).sort(byCommandOrder) });
        });
      } else if (expected === "removed") {
        it(`${label} --${command}--> removed from the list`, () => {
          expect(applyJobCommand(from, command)).to.deep.equal({ ok: true, to: null, removed: true });
        });
      } else {
        it(`${label} --${command}--> ${expected[0]}${expected[1] === null ? "" : `.${expected[1]}`}`, () => {
          expect(applyJobCommand(from, command)).to.deep.equal({ ok: true, to: { state: expected[0], subState: expected[1] }, removed: false });
        });
      }
    }
  }

  it("offers as allowed commands exactly those it accepts, for every state", () => {
    for (const { from, accepts } of TABLE) expect(allowedCommands(from), `state ${from.state}.${from.subState}`).to.deep.equal(Object.keys(accepts).sort(byCommandOrder));
  });

  it("offers a job order what its state accepts while it is listed, and nothing once Cancel or Clear removed it", () => {
    for (const { from, accepts } of TABLE) {
      expect(allowedCommandsOf({ ...from, removed: false }), `state ${from.state}.${from.subState}`).to.deep.equal(Object.keys(accepts).sort(byCommandOrder));
      expect(allowedCommandsOf({ ...from, removed: true }), `removed in state ${from.state}.${from.subState}`).to.deep.equal([]);
    }
    expect(allowedCommandsOf({ state: 9, subState: null, removed: false }), "a state the spec does not have").to.deep.equal([]);
  });

  it("puts a stored order in NotAllowedToStart and a stored-and-started one in AllowedToStart", () => {
    expect(initialJobStatus(false)).to.deep.equal({ state: 1, subState: null });
    expect(initialJobStatus(true)).to.deep.equal({ state: 2, subState: null });
  });
});

function byCommandOrder(a: string, b: string): number {
  return JOB_COMMANDS.indexOf(a as JobCommand) - JOB_COMMANDS.indexOf(b as JobCommand);
}
