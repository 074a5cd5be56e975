import { expect } from "chai";
import { callbackRefusal, callbackTargets } from "../../../src/domain/callback-targets.js";

describe("Where callbacks may go", () => {
  it("lets the demo post anywhere http(s) when nothing is listed, and production nowhere", () => {
    expect(callbackRefusal("http://10.0.0.5/hook", callbackTargets([], "demo"))).to.equal(null);
    expect(callbackRefusal("https://erp.example.com/hook", callbackTargets([], "production"))).to.match(/callbacks are off.*callbacks\.allowedOrigins/);
  });

  it("keeps a listed origin's callbacks to that scheme, host and port, whatever the profile", () => {
    for (const profile of ["demo", "production"] as const) {
      const targets = callbackTargets(["https://erp.example.com", "http://10.1.2.3:8080/ignored/path"], profile);
      expect(callbackRefusal("https://erp.example.com/mes/events?x=1", targets)).to.equal(null);
      expect(callbackRefusal("https://erp.example.com:443/mes", targets), "the default port is the same origin").to.equal(null);
      expect(callbackRefusal("http://10.1.2.3:8080/hook", targets)).to.equal(null);
      expect(callbackRefusal("http://erp.example.com/mes", targets), "another scheme").to.match(/http:\/\/erp\.example\.com is not one of/);
      expect(callbackRefusal("https://erp.example.com:8443/mes", targets), "another port").to.match(/not one of/);
      expect(callbackRefusal("https://erp.example.com.evil.test/mes", targets), "a look-alike host").to.match(/not one of/);
      expect(callbackRefusal("http://169.254.169.254/latest/meta-data", targets)).to.match(/not one of/);
    }
  });
});
