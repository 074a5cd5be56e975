import { expect } from "chai";
import { LOT_STATUSES, movementAllowed, movementRefusal, statusAfter, statusChangeAllowed } from "../../../../src/domain/inventory/lot-status.js";

// ISA-95 Part 2: a material lot has a Status; the values and what each allows are ours.
describe("lot status rules", () => {
  it("moves, splits, merges, stages and consumes available lots only", () => {
    for (const kind of ["split", "merge", "stage", "consume"] as const) {
      expect(LOT_STATUSES.filter((status) => movementAllowed(status, kind))).to.deep.equal(["available"]);
    }
  });

  it("refuses consuming a quarantined lot and says how to release it", () => {
    expect(movementRefusal("L1", "quarantined", "consume")).to.equal("lot L1 is quarantined: a consume is not allowed; release it (status available) first");
    expect(movementRefusal("L1", "available", "consume")).to.equal(null);
  });

  it("lets scrapped and shipped lots be corrected by an adjustment only", () => {
    for (const status of ["scrapped", "shipped"] as const) {
      expect(["receipt", "move", "split", "merge", "stage", "consume", "produce", "status"].filter((kind) => movementAllowed(status, kind as never))).to.deep.equal([]);
      expect(movementAllowed(status, "adjust")).to.equal(true);
    }
  });

  it("releases a quarantined lot, never un-scraps or un-ships one", () => {
    expect(statusChangeAllowed("quarantined", "available")).to.equal(true);
    expect(statusChangeAllowed("available", "quarantined")).to.equal(true);
    expect(statusChangeAllowed("scrapped", "available")).to.equal(false);
    expect(statusChangeAllowed("shipped", "available")).to.equal(false);
  });

  it("marks a lot used up by consumption, split or merge as consumed, and brings it back when an adjustment refills it", () => {
    expect(statusAfter("available", 0, "consume")).to.equal("consumed");
    expect(statusAfter("available", 0, "split")).to.equal("consumed");
    expect(statusAfter("available", 0.5, "consume")).to.equal("available");
    expect(statusAfter("consumed", 3, "adjust")).to.equal("available");
    expect(statusAfter("available", 0, "move")).to.equal("available");
  });
});
