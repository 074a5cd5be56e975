import { expect } from "chai";
import { changeoverMs, type ChangeoverRule } from "../../../../src/domain/scheduling/changeover.js";

const rules: ChangeoverRule[] = [
  { from: "*", to: "*", minutes: 10 },
  { workUnits: ["press-1"], from: "*", to: "*", minutes: 20 },
  { from: "black", to: "white", minutes: 5 },
  { workUnits: ["press-1"], from: "black", to: "*", minutes: 30 },
];

describe("changeoverMs (the changeover matrix)", () => {
  it("takes the most specific matching rule", () => {
    expect(changeoverMs(rules, "press-2", "a", "b")).to.equal(10 * 60_000);
    expect(changeoverMs(rules, "press-1", "a", "b")).to.equal(20 * 60_000);
    expect(changeoverMs(rules, "press-2", "black", "white")).to.equal(5 * 60_000);
    expect(changeoverMs(rules, "press-1", "black", "white"), "the unit's own rule beats the product pair").to.equal(30 * 60_000);
  });

  it("needs no changeover for the same product, an unknown one before, or no matching rule", () => {
    expect(changeoverMs(rules, "press-1", "a", "a")).to.equal(0);
    expect(changeoverMs(rules, "press-1", null, "a")).to.equal(0);
    expect(changeoverMs([], "press-1", "a", "b")).to.equal(0);
  });
});
