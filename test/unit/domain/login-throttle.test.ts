import { expect } from "chai";
import { LoginThrottle } from "../../../src/domain/login-throttle.js";

describe("LoginThrottle", function () {
  it("lets a key try again once its oldest failure leaves the window", function () {
    const throttle = new LoginThrottle(3, 60_000);
    for (const at of [0, 1_000, 2_000]) throttle.recordFailure(["user:alice"], at);
    expect(throttle.retryAfterMs(["user:alice"], 2_500)).to.equal(57_500);
    expect(throttle.retryAfterMs(["user:alice"], 60_001)).to.equal(0);
  });

  it("blocks on whichever key is over its limit, the account or the address", function () {
    const throttle = new LoginThrottle(2, 60_000);
    throttle.recordFailure(["user:alice", "ip:10.0.0.9"], 0);
    throttle.recordFailure(["user:bob", "ip:10.0.0.9"], 10);
    expect(throttle.retryAfterMs(["user:carol", "ip:10.0.0.9"], 20)).to.equal(59_980);
    expect(throttle.retryAfterMs(["user:carol", "ip:10.0.0.7"], 20)).to.equal(0);
  });

  it("forgives an account's failures on success but not the address's", function () {
    const throttle = new LoginThrottle(2, 60_000);
    throttle.recordFailure(["user:alice", "ip:a"], 0);
    throttle.recordFailure(["user:alice", "ip:a"], 1);
    throttle.recordSuccess("user:alice");
    expect(throttle.retryAfterMs(["user:alice"], 2)).to.equal(0);
    expect(throttle.retryAfterMs(["ip:a"], 2)).to.be.greaterThan(0);
  });

  it("remembers at most maxKeys keys", function () {
    const throttle = new LoginThrottle(1, 60_000, 100);
    for (let i = 0; i < 1_000; i++) throttle.recordFailure([`user:${i}`], i);
    expect(throttle.retryAfterMs(["user:0"], 1_000)).to.equal(0);
    expect(throttle.retryAfterMs(["user:999"], 1_000)).to.be.greaterThan(0);
  });
});
