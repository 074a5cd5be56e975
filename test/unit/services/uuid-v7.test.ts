import { expect } from "chai";
import { uuidV7 } from "../../../src/services/clock.js";

describe("uuidV7", function () {
  it("makes unique ids that sort in the order they were made, even within one millisecond", function () {
    const ids = Array.from({ length: 20_000 }, () => uuidV7());
    expect(new Set(ids).size).to.equal(ids.length);
    expect([...ids].sort()).to.deep.equal(ids);
  });

  it("is an RFC 9562 version 7, variant 10 UUID", function () {
    expect(uuidV7()).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
