import { expect } from "chai";
import { coalescedRefresh } from "../../../src/opcua/coalesced-refresh.js";

describe("A refresh asked for on every change", function () {
  it("runs once more after the running one for any number of requests meanwhile, per key", async function () {
    const runs: string[] = [];
    let release: () => void = () => undefined;
    const refresh = coalescedRefresh(
      (key) => {
        runs.push(key);
        return new Promise<void>((resolve) => (release = resolve));
      },
      () => undefined,
    );
    refresh("welder-1");
    refresh("welder-1");
    refresh("welder-1");
    expect(runs).to.deep.equal(["welder-1"]);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).to.deep.equal(["welder-1", "welder-1"]);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    refresh("welder-1");
    expect(runs).to.deep.equal(["welder-1", "welder-1", "welder-1"]);
  });

  it("keeps refreshing after a run fails, and says which key failed", async function () {
    const failed: string[] = [];
    let calls = 0;
    const refresh = coalescedRefresh(
      async () => {
        calls++;
        throw new Error("database gone");
      },
      (key) => failed.push(key),
    );
    refresh("press-1");
    await new Promise((resolve) => setImmediate(resolve));
    refresh("press-1");
    await new Promise((resolve) => setImmediate(resolve));
    expect([calls, failed]).to.deep.equal([2, ["press-1", "press-1"]]);
  });
});
