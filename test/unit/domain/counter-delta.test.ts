import { expect } from "chai";
import { counterDelta, counterReading } from "../../../src/domain/counter-delta.js";

describe("counterDelta", () => {
  it("takes the first reading ever as the baseline and counts nothing", () => {
    expect(counterDelta(undefined, 1234)).to.deep.equal({ kind: "first", delta: 0 });
  });

  it("counts the rise between two readings", () => {
    expect(counterDelta(100, 107)).to.deep.equal({ kind: "increment", delta: 7 });
    expect(counterDelta(100, 100)).to.deep.equal({ kind: "increment", delta: 0 });
  });

  it("counts across a wrap of a 16-bit counter: 65530 -> 4 is 6 + 4 = 10 parts", () => {
    expect(counterDelta(65530, 4, { rolloverAt: 65536 })).to.deep.equal({ kind: "rollover", delta: 10 });
  });

  it("counts across a wrap of a 32-bit counter", () => {
    expect(counterDelta(4294967290, 5, { rolloverAt: 4294967296 })).to.deep.equal({ kind: "rollover", delta: 11 });
  });

  it("treats a drop from the lower half as a reset, even with a known rollover: 500 -> 3 is 3 parts since the reset", () => {
    expect(counterDelta(500, 3, { rolloverAt: 65536 })).to.deep.equal({ kind: "reset", delta: 3 });
  });

  it("treats every drop as a reset when no rollover is configured", () => {
    expect(counterDelta(65530, 4)).to.deep.equal({ kind: "reset", delta: 4 });
    expect(counterDelta(10, 0)).to.deep.equal({ kind: "reset", delta: 0 });
  });
});

describe("counterReading", () => {
  it("reads numbers, 64-bit [high, low] pairs and numeric strings", () => {
    expect(counterReading(42)).to.equal(42);
    expect(counterReading([1, 5])).to.equal(2 ** 32 + 5);
    expect(counterReading("17")).to.equal(17);
    expect(counterReading(12n)).to.equal(12);
  });

  it("refuses what is no counter value", () => {
    for (const value of [null, undefined, -1, Number.NaN, "x", true, [1, 2, 3], {}]) {
      expect(counterReading(value), String(value)).to.equal(undefined);
    }
  });
});
