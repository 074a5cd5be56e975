import { expect } from "chai";
import { backoffDelay } from "../../../src/domain/backoff.js";

describe("backoffDelay", () => {
  it("doubles from the initial delay with no jitter at the midpoint of the random range", () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, 500, 10_000, 0.5))).to.deep.equal([500, 1000, 2000, 4000]);
  });

  it("never waits longer than the maximum (plus jitter)", () => {
    expect(backoffDelay(10, 500, 10_000, 0.5)).to.equal(10_000);
    expect(backoffDelay(1000, 500, 10_000, 1)).to.equal(12_000);
  });

  it("spreads attempts by ±20 %", () => {
    expect(backoffDelay(0, 1000, 10_000, 0)).to.equal(800);
    expect(backoffDelay(0, 1000, 10_000, 1)).to.equal(1200);
  });
});
