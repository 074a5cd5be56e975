import { expect } from "chai";
import { clipStates, type RecordedState } from "../../../../src/domain/oee/state-history.js";

const at = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);
const state = (s: RecordedState["state"], from: string, to: string | null): RecordedState => ({ state: s, startedAt: at(from), endedAt: to === null ? null : at(to) });
const window = { start: at("06:00").getTime(), end: at("10:00").getTime() };
const shown = (intervals: RecordedState[]) => clipStates(intervals, window).map(({ interval, start, end }) => [interval.state, start.toISOString().slice(11, 16), end?.toISOString().slice(11, 16) ?? null]);

describe("Recorded states cut to a window", () => {
  it("cuts the states that cross the window's edges and drops those outside it, oldest first", () => {
    expect(shown([state("running", "07:00", "09:00"), state("idle", "05:00", "06:30"), state("setup", "09:30", "11:00"), state("faulted", "04:00", "05:00")])).to.deep.equal([
      ["idle", "06:00", "06:30"],
      ["running", "07:00", "09:00"],
      ["setup", "09:30", "10:00"],
    ]);
  });

  it("keeps a state that still lasts open, and leaves the time between states as gaps", () => {
    expect(shown([state("running", "06:30", "07:00"), state("faulted", "08:00", null)])).to.deep.equal([
      ["running", "06:30", "07:00"],
      ["faulted", "08:00", null],
    ]);
    expect(shown([state("running", "10:00", null)]), "one beginning at the window's end is not in it").to.deep.equal([]);
  });
});
