import { expect } from "chai";
import { noSummaryToDropFrom, outside, wholeDays } from "../../../../src/domain/oee/period-summary.js";

const at = (iso: string) => Date.parse(iso);
const iso = (list: { start: number; end: number }[]) => list.map((d) => [new Date(d.start).toISOString(), new Date(d.end).toISOString()]);

describe("the days a day summary may hold", function () {
  it("are the local days lying whole inside the hours, of 23 and 25 hours across daylight saving", function () {
    expect(iso(wholeDays({ start: at("2026-10-23T22:00:00Z"), end: at("2026-10-26T23:00:00Z") }, "Europe/Berlin"))).to.deep.equal([
      ["2026-10-23T22:00:00.000Z", "2026-10-24T22:00:00.000Z"],
      ["2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z"],
      ["2026-10-25T23:00:00.000Z", "2026-10-26T23:00:00.000Z"],
    ]);
  });

  it("leave out a day cut by the hours' edges", function () {
    expect(iso(wholeDays({ start: at("2026-11-20T01:00:00Z"), end: at("2026-11-22T00:00:00Z") }, "UTC"))).to.deep.equal([["2026-11-21T00:00:00.000Z", "2026-11-22T00:00:00.000Z"]]);
  });

  it("are none in a zone whose midnight is not a UTC hour", function () {
    expect(wholeDays({ start: at("2026-11-20T00:00:00Z"), end: at("2026-11-25T00:00:00Z") }, "Asia/Kolkata")).to.deep.equal([]);
  });

  it("leave the hours outside them to the hour summaries", function () {
    expect(outside({ start: 0, end: 100 }, [{ start: 10, end: 20 }, { start: 20, end: 50 }, { start: 90, end: 100 }])).to.deep.equal([{ start: 0, end: 10 }, { start: 50, end: 90 }]);
  });
});

describe("the summaries a change starting now must drop", function () {
  it("are none for a start in the hour running now, up to five minutes before it ends", function () {
    expect(noSummaryToDropFrom(at("2026-12-03T14:51:50Z"), at("2026-12-03T14:51:50Z"))).to.equal(true);
    expect(noSummaryToDropFrom(at("2026-12-03T14:00:00Z"), at("2026-12-03T14:54:59Z"))).to.equal(true);
  });

  it("are those from the start's hour on, for a start in an hour that has ended or ends within five minutes", function () {
    expect(noSummaryToDropFrom(at("2026-12-03T13:59:59Z"), at("2026-12-03T14:00:01Z"))).to.equal(false);
    expect(noSummaryToDropFrom(at("2026-12-03T14:55:00Z"), at("2026-12-03T14:55:00Z"))).to.equal(false);
    expect(noSummaryToDropFrom(at("2026-11-20T08:00:00Z"), at("2026-12-03T14:10:00Z"))).to.equal(false);
  });
});
