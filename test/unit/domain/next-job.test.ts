import { expect } from "chai";
import { dispatchQueue, inDispatchOrder, nextJob } from "../../../src/domain/next-job.js";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 6, minute));
const job = (id: string, state: number, priority = 0, plannedStart: Date | null = null, createdAt = at(0)) => ({ id, state, priority, plannedStart, createdAt });

describe("nextJob", () => {
  it("hands out the running job again, so a PLC that retries its call gets the same job", () => {
    expect(nextJob([job("a", 2, 9), job("b", 3)])).to.deep.equal({ job: job("b", 3), alreadyRunning: true });
  });

  it("takes only released jobs (AllowedToStart), never stored-only, interrupted or ended ones", () => {
    expect(nextJob([job("stored", 1), job("paused", 4), job("done", 5), job("aborted", 6)])).to.equal(undefined);
  });

  it("follows the committed schedule (planned start), then, for unplanned jobs, priority and age", () => {
    const jobs = [job("old-unplanned", 2, 1, null, at(0)), job("late", 2, 1, at(30)), job("early", 2, 1, at(10)), job("low", 2, 0, at(0)), job("new-unplanned", 2, 1, null, at(5))];
    const order: string[] = [];
    let rest = jobs;
    for (let picked = nextJob(rest); picked; picked = nextJob(rest)) {
      order.push(picked.job.id);
      rest = rest.filter((j) => j !== picked!.job);
    }
    expect(order).to.deep.equal(["low", "early", "late", "old-unplanned", "new-unplanned"]);
  });

  it("puts the running job first in dispatch order, then the rest as nextJob hands them out", () => {
    const jobs = [job("queued-late", 2, 0, at(30)), job("queued-early", 2, 0, at(10)), job("running", 3, 0, at(40))];
    expect(inDispatchOrder(jobs).map((j) => j.id)).to.deep.equal(["running", "queued-early", "queued-late"]);
  });

});

describe("dispatchQueue", () => {
  it("lists what a station does now, then what it takes next in the order nextJob hands it out, then what is stored only", () => {
    const jobs = [job("stored-early", 1, 9, at(1)), job("made-first", 2, 0, null, at(0)), job("planned-late", 2, 9, at(30)), job("planned-early", 2, 0, at(10)), job("held", 4), job("done", 5)];
    const { current, next } = dispatchQueue(jobs);
    expect(current?.id).to.equal("held");
    expect(next.map((j) => j.id)).to.deep.equal(["planned-early", "planned-late", "made-first", "stored-early"]);
    const handedOut: string[] = [];
    for (let rest = jobs, picked = nextJob(rest); picked; rest = rest.filter((j) => j !== picked!.job), picked = nextJob(rest)) handedOut.push(picked.job.id);
    expect(next.slice(0, handedOut.length).map((j) => j.id), "the same order dispatch takes them in").to.deep.equal(handedOut);
  });

  it("names the running job as current before an interrupted one", () => {
    expect(dispatchQueue([job("held", 4), job("running", 3)]).current?.id).to.equal("running");
  });
});
