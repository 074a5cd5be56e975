import { expect } from "chai";
import { capturedLog } from "../../support/captured-log.js";

describe("The JSON log", function () {
  it("writes one JSON object per line: level by name, ISO time, the message and the call's fields", function () {
    const { log, lines } = capturedLog("info");
    log.info("PLC plc-1 connected", { event: "plc.connection", plcId: "plc-1" });
    log.error("a flush failed", new Error("disk full"), { records: 3 });
    const [info, error] = lines();
    expect(info).to.include({ level: "info", msg: "PLC plc-1 connected", event: "plc.connection", plcId: "plc-1", service: "opcua-mes" });
    expect(new Date(info.time).toISOString()).to.equal(info.time);
    expect(error).to.include({ level: "error", msg: "a flush failed", records: 3 });
    expect(error.err).to.include({ type: "Error", message: "disk full" });
  });

  it("writes nothing below its level", function () {
    const { log, lines } = capturedLog("warn");
    log.info("a request");
    log.warn("a refusal");
    expect(lines().map((line) => line.msg)).to.deep.equal(["a refusal"]);
  });

  it("blanks secrets a careless call passes in its fields, at the top or one level down", function () {
    const { log, text, lines } = capturedLog("info");
    log.info("login", { password: "hunter2-secret", token: "mes_abc_secret", headers: { authorization: "Bearer mes_def_secret", cookie: "mes_session=s3cret", "set-cookie": "mes_csrf=c5rf" }, body: { newPassword: "n3w-secret", csrfToken: "t0ken" } });
    expect(text()).not.to.match(/secret|s3cret|c5rf|t0ken/);
    expect(lines()[0].headers).to.deep.equal({ authorization: "[redacted]", cookie: "[redacted]", "set-cookie": "[redacted]" });
  });
});
