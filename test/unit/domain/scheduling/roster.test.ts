import { expect } from "chai";
import { buildRoster, MIN_REST_MS, type RosterPerson, type RosterShift } from "../../../../src/domain/scheduling/roster.js";
import { seededRandom } from "../../../support/seeded-random.js";

const H = 3_600_000;
const day0 = Date.parse("2026-11-23T00:00:00Z"); // a Monday
const person = (id: string, fields: Partial<RosterPerson> = {}): RosterPerson => ({ id, classes: ["Operator"], qualifications: ["wc1"], contractedHours: 40, minHours: 0, maxHours: 48, unavailable: [], ...fields });
/** Morning 06-14, Afternoon 14-22, Night 22-06 of a day, needing `needed` operators each on wc1. */
const threeShifts = (day: number, needed = 1, workCenterId = "wc1"): RosterShift[] =>
  [
    ["Morning", 6, false],
    ["Afternoon", 14, false],
    ["Night", 22, true],
  ].map(([name, hour, night]) => ({ key: `d${day} ${name}`, workCenterId, start: day0 + day * 24 * H + (hour as number) * H, end: day0 + day * 24 * H + ((hour as number) + 8) * H, needed, personnelClass: "Operator", night: night as boolean }));

describe("The shift roster (hand cases: covers or explains)", () => {
  it("covers a day of three shifts with three operators, one shift each", () => {
    const roster = buildRoster([person("ana"), person("ben"), person("cai")], threeShifts(0));
    expect(roster.assignments.map((a) => [a.shiftKey, a.personId])).to.deep.equal([
      ["d0 Morning", "ana"],
      ["d0 Afternoon", "ben"],
      ["d0 Night", "cai"],
    ]);
    expect(roster.shortages).to.deep.equal([]);
  });

  it("says which shift is short and why when two operators cannot cover three shifts with 11 hours of rest", () => {
    const roster = buildRoster([person("ana"), person("ben")], threeShifts(0));
    expect(roster.shortages).to.deep.equal([{ shiftKey: "d0 Night", workCenterId: "wc1", needed: 1, assigned: 0, reasons: ["2 people: less than 11 h rest"] }]);
  });

  it("takes only qualified, available people of the needed class", () => {
    const people = [person("qa", { classes: ["Quality"] }), person("other", { qualifications: ["wc2"] }), person("away", { unavailable: [{ start: day0, end: day0 + 24 * H }] })];
    const roster = buildRoster(people, threeShifts(0).slice(0, 1));
    expect(roster.assignments).to.deep.equal([]);
    expect(roster.shortages[0].reasons).to.deep.equal(["1 person: not Operator", "1 person: not qualified for wc1", "1 person: not available"]);
  });

  it("keeps to the maximum hours and reports who stays under their minimum", () => {
    const roster = buildRoster([person("ana", { maxHours: 16, minHours: 24 })], [0, 1, 2].map((d) => threeShifts(d)[0]));
    expect(roster.assignments.map((a) => a.shiftKey)).to.deep.equal(["d0 Morning", "d1 Morning"]);
    expect(roster.shortages[0].reasons).to.deep.equal(["1 person: would exceed their maximum hours"]);
    expect(roster.underMinimum).to.deep.equal([{ personId: "ana", hours: 16, minHours: 24 }]);
  });

  it("rotates fairly: over a week of three shifts, four operators get equal hours within one shift", () => {
    const shifts = [0, 1, 2, 3, 4].flatMap((d) => threeShifts(d));
    const roster = buildRoster(["ana", "ben", "cai", "dan"].map((id) => person(id)), shifts);
    expect(roster.shortages).to.deep.equal([]);
    const hours = Object.values(roster.hours);
    expect(Math.max(...hours) - Math.min(...hours)).to.be.at.most(8);
  });
});

describe("The shift roster (random cases: limits never broken)", () => {
  for (const seed of [7, 8, 9, 10]) {
    it(`never breaks qualification, availability, overlap, rest or hours limits (seed ${seed})`, () => {
      const rnd = seededRandom(seed);
      const centers = ["wc1", "wc2", "wc3"];
      const people: RosterPerson[] = Array.from({ length: 14 }, (_, i) => {
        const start = day0 + Math.floor(rnd() * 7 * 24) * H;
        return person(`p${i}`, {
          classes: rnd() < 0.85 ? ["Operator"] : ["Maintenance"],
          qualifications: centers.filter(() => rnd() < 0.6),
          contractedHours: [24, 32, 40][Math.floor(rnd() * 3)],
          minHours: 8,
          maxHours: 24 + Math.floor(rnd() * 4) * 8,
          unavailable: rnd() < 0.3 ? [{ start, end: start + 24 * H }] : [],
        });
      });
      const shifts = [0, 1, 2, 3, 4, 5, 6].flatMap((d) => centers.flatMap((c) => threeShifts(d, 1 + Math.floor(rnd() * 2), c)));
      const roster = buildRoster(people, shifts);
      const byId = new Map(people.map((p) => [p.id, p]));
      const shiftOf = new Map(shifts.map((s) => [`${s.key}/${s.workCenterId}`, s]));
      for (const a of roster.assignments) {
        const p = byId.get(a.personId)!;
        expect(p.classes).to.include("Operator");
        expect(p.qualifications).to.include(a.workCenterId);
        expect(p.unavailable.some((u) => u.start < a.end && u.end > a.start)).to.equal(false);
      }
      for (const p of people) {
        const mine = roster.assignments.filter((a) => a.personId === p.id).sort((x, y) => x.start - y.start);
        for (let i = 1; i < mine.length; i++) expect(mine[i].start - mine[i - 1].end, `${p.id}: rest`).to.be.at.least(MIN_REST_MS);
        expect(mine.reduce((sum, a) => sum + (a.end - a.start) / H, 0)).to.be.at.most(p.maxHours);
      }
      for (const s of shifts) {
        const assigned = roster.assignments.filter((a) => a.shiftKey === s.key && a.workCenterId === s.workCenterId).length;
        const short = roster.shortages.find((x) => x.shiftKey === s.key && x.workCenterId === s.workCenterId);
        if (short) expect([short.assigned, short.reasons.length > 0]).to.deep.equal([assigned, true]);
        else expect(assigned, `${s.key} ${s.workCenterId}`).to.equal(s.needed);
        expect(shiftOf.has(`${s.key}/${s.workCenterId}`)).to.equal(true);
      }
    });
  }
});
