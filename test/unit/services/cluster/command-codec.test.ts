import { expect } from "chai";
import { DomainError } from "../../../../src/domain/domain-error.js";
import { decodeAnswer, decodeValue, encodeAnswer, encodeValue, errorOf } from "../../../../src/services/cluster/command-codec.js";

describe("command codec", function () {
  it("carries a job order record with its dates back as dates, equal to the original", function () {
    const record = {
      id: "J-1",
      plannedStart: new Date("2026-12-03T08:00:00.000Z"),
      plannedEnd: null,
      actualStart: new Date("2026-12-03T08:00:01.123Z"),
      parameters: [{ id: "speed", value: 12.5, unit: null }],
      materialRequirements: [],
      nested: { at: new Date(0), text: "a \"quoted\" é" },
    };
    const decoded = decodeValue(encodeValue(record)) as typeof record;
    expect(decoded).to.deep.equal(record);
    expect(decoded.plannedStart).to.be.instanceOf(Date);
  });

  it("keeps an optional argument left out as undefined, not null", function () {
    const args = ["J-1", "Start", null, undefined];
    const decoded = decodeValue(encodeValue(args)) as unknown[];
    expect(decoded).to.have.length(4);
    expect(decoded[2]).to.equal(null);
    expect(decoded[3]).to.equal(undefined);
  });

  it("carries null and plain values as they are", function () {
    for (const value of [null, 0, "", false, [1, [2]], { a: null }]) expect(decodeValue(encodeValue(value))).to.deep.equal(value);
  });

  it("answers a refusal with the same DomainError code, message and details", function () {
    const refusal = new DomainError("conflict", "job order \"J-1\" is Ended: Start is not allowed", { reason: "invalid_state", allowed: ["Clear"] });
    const answer = decodeAnswer(encodeAnswer({ ok: false, error: refusal }));
    expect(answer.ok).to.equal(false);
    const thrown = errorOf((answer as { error: Parameters<typeof errorOf>[0] }).error);
    expect(thrown).to.be.instanceOf(DomainError);
    expect(thrown).to.deep.include({ code: "conflict", message: refusal.message, details: refusal.details });
  });

  it("answers a bug on the owner as a plain error, not a refusal the user could act on", function () {
    const answer = decodeAnswer(encodeAnswer({ ok: false, error: new TypeError("x is undefined") }));
    const thrown = errorOf((answer as { error: Parameters<typeof errorOf>[0] }).error);
    expect(thrown).to.not.be.instanceOf(DomainError);
    expect(thrown.message).to.equal("x is undefined");
  });

  it("answers a result, null included", function () {
    expect(decodeAnswer(encodeAnswer({ ok: true, value: null }))).to.deep.equal({ ok: true, value: null });
    expect(decodeAnswer(encodeAnswer({ ok: true, value: { at: new Date(5) } }))).to.deep.equal({ ok: true, value: { at: new Date(5) } });
  });
});
