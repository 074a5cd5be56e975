import { expect } from "chai";
import { coveringLease, decideLease, equipmentLeaseName, equipmentOfLease } from "../../../../src/domain/cluster/lease.js";

describe("decideLease", () => {
  const now = new Date("2026-12-02T08:00:00.000Z");
  const later = (ms: number) => new Date(now.getTime() + ms);

  it("takes a lease no one ever held with the first token", () => {
    expect(decideLease(null, "mes-a", now, 10_000)).to.deep.equal({ kind: "take", token: 1, expiresAt: later(10_000) });
  });

  it("renews its own running lease with the same token", () => {
    expect(decideLease({ name: "x", holder: "mes-a", token: 4, expiresAt: later(1) }, "mes-a", now, 10_000)).to.deep.equal({ kind: "renew", token: 4, expiresAt: later(10_000) });
  });

  it("leaves a running lease of another instance alone", () => {
    expect(decideLease({ name: "x", holder: "mes-b", token: 4, expiresAt: later(1) }, "mes-a", now, 10_000)).to.deep.equal({ kind: "held", holder: "mes-b", expiresAt: later(1) });
  });

  it("takes a lapsed lease with the next token, even its own former one", () => {
    expect(decideLease({ name: "x", holder: "mes-b", token: 4, expiresAt: now }, "mes-a", now, 10_000)).to.deep.equal({ kind: "take", token: 5, expiresAt: later(10_000) });
    expect(decideLease({ name: "x", holder: "mes-a", token: 4, expiresAt: later(-1) }, "mes-a", now, 10_000)).to.deep.equal({ kind: "take", token: 5, expiresAt: later(10_000) });
  });

  it("names equipment leases so the equipment can be read back", () => {
    expect(equipmentOfLease(equipmentLeaseName("area-press"))).to.equal("area-press");
    expect(equipmentOfLease("singleton:callbacks")).to.equal(null);
  });
});

describe("coveringLease", () => {
  const parentOf = new Map<string, string | null>([
    ["acme", null],
    ["site-1", "acme"],
    ["area-press", "site-1"],
    ["wc-press", "area-press"],
    ["press-1", "wc-press"],
    ["area-weld", "site-1"],
    ["welder-1", "area-weld"],
  ]);

  it("finds the nearest owned ancestor of a work unit", () => {
    const leases = new Set([equipmentLeaseName("site-1"), equipmentLeaseName("wc-press")]);
    expect(coveringLease(parentOf, "press-1", leases)).to.equal("equipment:wc-press");
    expect(coveringLease(parentOf, "welder-1", leases)).to.equal("equipment:site-1");
  });

  it("finds none when no lease covers the equipment", () => {
    expect(coveringLease(parentOf, "welder-1", new Set([equipmentLeaseName("area-press")]))).to.equal(null);
  });
});
