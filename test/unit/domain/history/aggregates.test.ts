import { expect } from "chai";
import { aggregate, processingIntervals, type HistorySample } from "../../../../src/domain/history/aggregates.js";

const H = 3_600_000;
const good = (at: number, value: number): HistorySample => ({ at, value, quality: "good" });

describe("OPC 10000-13 aggregates over stored values", function () {
  // Values at 0 h (10), 1 h (30), 1.5 h (30), 2 h (bad), 3 h (20); data from 0 h to 3 h.
  const samples = [good(0, 10), good(H, 30), good(1.5 * H, 30), { at: 2 * H, value: null, quality: "bad" as const }, good(3 * H, 20)];
  const data = { start: 0, end: 3 * H };

  it("cuts the domain into processing intervals, the last one shorter, 0 meaning one interval", function () {
    expect(processingIntervals(0, 2.5 * H, H)).to.deep.equal([{ start: 0, end: H }, { start: H, end: 2 * H }, { start: 2 * H, end: 2.5 * H }]);
    expect(processingIntervals(0, 2.5 * H, 0)).to.deep.equal([{ start: 0, end: 2.5 * H }]);
    expect(processingIntervals(0, 3 * H, H, H, 1), "resumed at 1 h, one interval").to.deep.equal([{ start: H, end: 2 * H }]);
  });

  it("averages, counts and finds the extremes of the Good values, each interval by itself", function () {
    const intervals = processingIntervals(0, 4 * H, 2 * H);
    expect(aggregate("Average", samples, intervals, 2 * H, data).map((v) => [v.value, v.status])).to.deep.equal([[70 / 3, "Good"], [20, "UncertainDataSubNormal"]]);
    expect(aggregate("Count", samples, intervals, 2 * H, data).map((v) => v.value)).to.deep.equal([3, 1]);
    const [min] = aggregate("Minimum", samples, intervals, 2 * H, data);
    expect([min.value, min.at, min.raw, min.calculated]).to.deep.equal([10, 0, true, false]);
    const [max] = aggregate("Maximum", samples, intervals, 2 * H, data);
    expect([max.value, max.at, max.multiValue], "the first of two equal maxima, flagged MultiValue").to.deep.equal([30, H, true]);
  });

  it("says Bad_NoData before the start and after the end of data, and for an empty interval in between (Count: zero)", function () {
    const intervals = [{ start: -2 * H, end: -H }, { start: 0.5 * H, end: 0.9 * H }, { start: 5 * H, end: 6 * H }];
    expect(aggregate("Average", samples, intervals, H, data).map((v) => v.status)).to.deep.equal(["BadNoData", "BadNoData", "BadNoData"]);
    expect(aggregate("Count", samples, intervals, H, data).map((v) => [v.value, v.status])).to.deep.equal([[null, "BadNoData"], [0, "Good"], [null, "BadNoData"]]);
  });

  it("marks the last, shorter interval Partial", function () {
    const values = aggregate("Average", samples, processingIntervals(0, 3.5 * H, 2 * H), 2 * H, data);
    expect(values.map((v) => v.partial)).to.deep.equal([false, true]);
  });
});
