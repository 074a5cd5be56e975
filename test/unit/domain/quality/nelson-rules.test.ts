import { expect } from "chai";
import { nelsonSignals, signalsAtLatest, type NelsonRule } from "../../../../src/domain/quality/nelson-rules.js";

/** Every chart below has its centre at 0 and sigma 1, so a value reads as its distance in sigmas. */
const zones = { center: 0, sigma: 1 };
const fired = (values: number[]) => nelsonSignals(values, zones).map(({ rule, at, points }) => ({ rule, at, points }));
const rulesOf = (values: number[]) => [...new Set(nelsonSignals(values, zones).map((s) => s.rule))];

describe("Nelson rules", () => {
  it("test 1 fires on one point beyond 3 sigma, not on one at 3 sigma", () => {
    expect(fired([0, 0.5, 3.2])).to.deep.equal([{ rule: 1, at: 2, points: [2] }]);
    expect(fired([0, -3.01])).to.deep.equal([{ rule: 1, at: 1, points: [1] }]);
    expect(fired([0, 3])).to.deep.equal([]);
  });

  it("test 2 fires on the ninth point in a row on one side, not on the eighth", () => {
    expect(fired(Array(8).fill(0.5))).to.deep.equal([]);
    expect(fired(Array(9).fill(-0.5))).to.deep.equal([{ rule: 2, at: 8, points: [0, 1, 2, 3, 4, 5, 6, 7, 8] }]);
  });

  it("test 3 fires on six points steadily rising (five increases), not on five", () => {
    expect(fired([0, 0.1, 0.2, 0.3, 0.4])).to.deep.equal([]);
    expect(fired([0, 0.1, 0.2, 0.3, 0.4, 0.5])).to.deep.equal([{ rule: 3, at: 5, points: [0, 1, 2, 3, 4, 5] }]);
    expect(rulesOf([0.5, 0.4, 0.3, 0.2, 0.1, 0])).to.deep.equal([3]);
  });

  it("test 4 fires on fourteen points alternating up and down, not on thirteen", () => {
    const alternating = Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? 0.3 : -0.3));
    expect(fired(alternating.slice(0, 13))).to.deep.equal([]);
    expect(fired(alternating)).to.deep.equal([{ rule: 4, at: 13, points: alternating.map((_, i) => i) }]);
  });

  it("test 5 fires on two of three beyond 2 sigma on one side, not on opposite sides", () => {
    expect(fired([0, 2.5, 0, 2.5])).to.deep.equal([{ rule: 5, at: 3, points: [1, 3] }]);
    expect(fired([2.5, 0, -2.5])).to.deep.equal([]);
  });

  it("test 6 fires on four of five beyond 1 sigma on one side", () => {
    expect(fired([1.5, 1.5, 0, 1.5])).to.deep.equal([]);
    expect(fired([1.5, 1.5, 0, 1.5, 1.5])).to.deep.equal([{ rule: 6, at: 4, points: [0, 1, 3, 4] }]);
  });

  it("test 7 fires on fifteen points in a row within 1 sigma (stratification), not on fourteen", () => {
    const hugging = [0.2, -0.2, -0.3, 0.1, 0.4, -0.1, 0.3, 0.3, -0.2, 0.1, -0.4, -0.4, 0.2, 0.0, 0.1];
    expect(fired(hugging.slice(0, 14))).to.deep.equal([]);
    expect(fired(hugging)).to.deep.equal([{ rule: 7, at: 14, points: hugging.map((_, i) => i) }]);
  });

  it("test 8 fires on eight points in a row beyond 1 sigma on either side (mixture)", () => {
    const mixture = [1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5];
    expect(fired(mixture.slice(0, 7))).to.deep.equal([]);
    expect(fired(mixture)).to.deep.equal([{ rule: 8, at: 7, points: [0, 1, 2, 3, 4, 5, 6, 7] }]);
  });

  it("names each test that fires, and judges only the chosen tests", () => {
    const [signal] = signalsAtLatest([0, 0.5, 3.2], zones);
    expect(signal!.name).to.equal("One point beyond 3 sigma");
    const nine = Array(9).fill(0.5);
    expect(signalsAtLatest(nine, zones, [1 as NelsonRule])).to.deep.equal([]);
    expect(signalsAtLatest(nine, zones).map((s) => s.name)).to.deep.equal(["Nine points in a row on one side of the centre line"]);
  });

  it("judges an X-bar chart in its own sigma: a mean shift of one plotted sigma trips test 2", () => {
    // Centre 10, sigma of X-bar 0.1: nine means at 10.05 sit on one side although all within 1 sigma.
    const means = Array(9).fill(10.05);
    expect(signalsAtLatest(means, { center: 10, sigma: 0.1 }).map((s) => s.rule)).to.deep.equal([2]);
  });
});
