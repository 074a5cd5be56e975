import { expect } from "chai";
import { acknowledgeAlarm, clearAlarm, commentAlarm, confirmAlarm, isClosed, raiseAlarm, retellAlarm, shelveAlarm, shelvingExpired, unshelveAlarm, type Alarm } from "../../../../src/domain/alarms/alarm.js";
import { ALARM_KIND_INFO, ALARM_KINDS } from "../../../../src/domain/alarms/alarm-kinds.js";
import { faultMessage, isStop, longStopDueAt, longStopMessage } from "../../../../src/domain/alarms/alarm-rules.js";
import { DomainError } from "../../../../src/domain/domain-error.js";

const limits = { maxCommentLength: 20, maxShelvingMs: 60_000 };
const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 8, 0, s));
const fault = (): Alarm => raiseAlarm({ id: "a1", kind: "fault", workUnitId: "press-1", sourceName: "Press 1", message: "Fault 3 (Hydraulics)", at: at(0) });

function refusal(run: () => unknown): { code: string; reason: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, reason: error.details.reason };
    throw error;
  }
  throw new Error("not refused");
}

describe("An alarm's life (OPC 10000-9)", function () {
  it("is raised active, unacknowledged and unconfirmed, with its kind's condition type and severity", function () {
    const alarm = fault();
    expect([alarm.active, alarm.acknowledged, alarm.confirmed, alarm.shelved, alarm.conditionType, alarm.severity, isClosed(alarm)]).to.deep.equal([true, false, false, "unshelved", "OffNormalAlarmType", 700, false]);
    expect(raiseAlarm({ id: "a2", kind: "job-held", workUnitId: "u", sourceName: "U", message: "m", at: at(0), severity: 5000 }).severity, "clamped to 1..1000").to.equal(1000);
  });

  it("is closed once inactive, acknowledged and confirmed, in any order of clearing", function () {
    const acked = acknowledgeAlarm(fault(), "op", at(1), limits, "seen");
    const confirmed = confirmAlarm(acked, "op", at(2), limits);
    expect(isClosed(confirmed), "still active").to.equal(false);
    expect(isClosed(clearAlarm(confirmed, at(3)))).to.equal(true);
    expect(isClosed(confirmAlarm(acknowledgeAlarm(clearAlarm(fault(), at(1)), "op", at(2), limits), "op", at(3), limits))).to.equal(true);
    expect([acked.acknowledgedBy, acked.comments.map((c) => c.text)]).to.deep.equal(["op", ["seen"]]);
  });

  it("refuses a second acknowledgement or confirmation, and a confirmation before the acknowledgement (409)", function () {
    const acked = acknowledgeAlarm(fault(), "op", at(1), limits);
    expect(refusal(() => acknowledgeAlarm(acked, "op", at(2), limits))).to.deep.equal({ code: "conflict", reason: "already-acknowledged" });
    expect(refusal(() => confirmAlarm(fault(), "op", at(2), limits))).to.deep.equal({ code: "conflict", reason: "not-acknowledged" });
    const confirmed = confirmAlarm(acked, "op", at(2), limits);
    expect(refusal(() => confirmAlarm(confirmed, "op", at(3), limits))).to.deep.equal({ code: "conflict", reason: "already-confirmed" });
    expect(refusal(() => acknowledgeAlarm(clearAlarm(confirmed, at(4)), "op", at(5), limits)), "closed").to.deep.equal({ code: "conflict", reason: "closed" });
  });

  it("takes comments up to the limit and refuses empty or longer ones (400)", function () {
    expect(commentAlarm(fault(), "op", "x".repeat(20), at(1), limits).comments).to.have.length(1);
    expect(refusal(() => commentAlarm(fault(), "op", "x".repeat(21), at(1), limits))).to.deep.equal({ code: "invalid_input", reason: "comment-too-long" });
    expect(refusal(() => commentAlarm(fault(), "op", "  ", at(1), limits))).to.deep.equal({ code: "invalid_input", reason: "comment-empty" });
    expect(refusal(() => acknowledgeAlarm(fault(), "op", at(1), limits, "x".repeat(21)))).to.deep.equal({ code: "invalid_input", reason: "comment-too-long" });
  });

  it("shelves timed up to the maximum shelving time and one-shot until it clears; unshelves", function () {
    const timed = shelveAlarm(fault(), "timed", 30_000, at(0), limits);
    expect([timed.shelved, timed.shelvedUntil?.toISOString()]).to.deep.equal(["timed", at(30).toISOString()]);
    expect(shelvingExpired(timed, at(29))).to.equal(false);
    expect(shelvingExpired(timed, at(30))).to.equal(true);
    expect(refusal(() => shelveAlarm(fault(), "timed", 60_001, at(0), limits))).to.deep.equal({ code: "invalid_input", reason: "shelving-time-out-of-range" });
    expect(refusal(() => shelveAlarm(fault(), "timed", undefined, at(0), limits))).to.deep.equal({ code: "invalid_input", reason: "shelving-time-out-of-range" });
    expect(refusal(() => shelveAlarm(timed, "timed", 1000, at(1), limits))).to.deep.equal({ code: "conflict", reason: "already-shelved" });
    const oneShot = shelveAlarm(fault(), "one-shot", undefined, at(0), limits);
    expect([oneShot.shelved, oneShot.shelvedUntil?.toISOString()], "bounded by the maximum").to.deep.equal(["one-shot", at(60).toISOString()]);
    expect(clearAlarm(oneShot, at(5)).shelved, "a one-shot shelving ends with the alarm").to.equal("unshelved");
    expect(clearAlarm(timed, at(5)).shelved, "a timed one does not").to.equal("timed");
    expect(unshelveAlarm(timed, at(2)).shelved).to.equal("unshelved");
    expect(refusal(() => unshelveAlarm(fault(), at(2)))).to.deep.equal({ code: "conflict", reason: "not-shelved" });
  });

  it("clears an event without an end of its own (an SPC signal) at its acknowledgement", function () {
    const spc = raiseAlarm({ id: "s", kind: "spc-signal", workUnitId: "mill-1", subject: "bore", sourceName: "Mill 1", message: "rule 1", at: at(0) });
    expect(acknowledgeAlarm(spc, "q", at(1), limits).active).to.equal(false);
    expect(acknowledgeAlarm(fault(), "q", at(1), limits).active).to.equal(true);
  });

  it("is told again with a better message, and clearing twice changes nothing", function () {
    expect(retellAlarm(fault(), "Fault 4", at(1)).message).to.equal("Fault 4");
    const cleared = clearAlarm(fault(), at(1));
    expect(clearAlarm(cleared, at(2))).to.equal(cleared);
  });
});

describe("When alarms are active", function () {
  it("names a standard type and a severity in 1..1000 for every kind", function () {
    for (const kind of ALARM_KINDS) {
      expect(["OffNormalAlarmType", "SystemOffNormalAlarmType", "DiscreteAlarmType"], kind).to.include(ALARM_KIND_INFO[kind].conditionType);
      expect(ALARM_KIND_INFO[kind].defaultSeverity, kind).to.be.within(1, 1000);
    }
  });

  it("counts stopped and faulted as a stop, idle and setup (the plan's own) not", function () {
    expect(["stopped", "faulted", "idle", "setup", "running"].map((s) => isStop(s as never))).to.deep.equal([true, true, false, false, false]);
    expect(longStopDueAt(at(0), 600_000)?.toISOString()).to.equal(new Date(at(0).getTime() + 600_000).toISOString());
    expect(longStopDueAt(null, 600_000)).to.equal(null);
    expect(longStopMessage(600_000)).to.equal("Stopped longer than 10 min");
  });

  it("tells a fault by its PLC code and the downtime reason the code maps onto", function () {
    expect(faultMessage("3", { code: "hydraulics", name: "Hydraulics" })).to.equal("Fault 3 (Hydraulics)");
    expect(faultMessage("99", null)).to.equal("Fault 99");
    expect(faultMessage(null, null)).to.equal("Faulted (no fault code)");
  });
});
