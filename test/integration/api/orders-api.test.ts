import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { uuidV7 } from "../../../src/services/clock.js";
import { apiFetch } from "../../support/rest-call.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";
import { waitFor } from "../../support/wait-for.js";

const databases: TestDatabase[] = testDatabases();

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

for (const database of databases) {
  describe(`The ERP's REST door for orders (${database.name})`, function () {
    let dir: string;
    let app: RestApp;

    const call = async (method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
      const response = await apiFetch(`${app.url}${route}`, {
        method,
        headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    };
    const workOrderCount = async () => (await app.store.read.workOrders.list({}, { limit: 1, offset: 0 })).total;
    const newOrder = (extra: Record<string, unknown> = {}) => call("POST", "/api/v1/work-orders", { erpId: `ERP-${uuidV7()}`, productId: "bracket", quantity: 10, ...extra });

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-orders-api-"));
      app = await startRestApp(await database.url(dir));
      expect((await call("PUT", "/api/v1/materials/steel-bracket", { name: "Steel bracket", unit: "pcs" })).status).to.equal(201);
      const product = await call("PUT", "/api/v1/products/bracket", {
        name: "Bracket",
        materialDefinitionId: "steel-bracket",
        parameters: [{ id: "TaskCode", value: 2 }, { id: "Die", value: "D-17" }],
        workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 1.5 }, { equipmentId: "press-2", idealCycleTimeS: 1.8 }],
      });
      expect(product.status, JSON.stringify(product.body)).to.equal(201);
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    describe("master data", function () {
      it("keeps a product's PLC parameters and ideal cycle time per work unit, and a repeated PUT changes nothing", async function () {
        const again = await call("PUT", "/api/v1/products/bracket", {
          name: "Bracket",
          materialDefinitionId: "steel-bracket",
          parameters: [{ id: "TaskCode", value: 2 }, { id: "Die", value: "D-17" }],
          workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 1.5 }, { equipmentId: "press-2", idealCycleTimeS: 1.8 }],
        });
        expect(again.status).to.equal(200);
        const product = await call("GET", "/api/v1/products/bracket");
        expect(product.body.parameters).to.deep.equal([{ id: "TaskCode", value: 2 }, { id: "Die", value: "D-17" }]);
        expect(product.body.workUnits).to.deep.equal([{ equipmentId: "press-1", idealCycleTimeS: 1.5, step: 1 }, { equipmentId: "press-2", idealCycleTimeS: 1.8, step: 1 }]);
        const audit = await app.store.read.audit.find({ targetType: "product", targetId: "bracket" }, { limit: 10, offset: 0 });
        expect(audit.map((entry) => entry.action)).to.deep.equal(["product.created"]);
      });

      it("updates a product and audits before and after", async function () {
        await call("PUT", "/api/v1/products/widget", { name: "Widget", workUnits: [{ equipmentId: "welder-1", idealCycleTimeS: 3 }] });
        const updated = await call("PUT", "/api/v1/products/widget", { name: "Widget v2", workUnits: [{ equipmentId: "welder-1", idealCycleTimeS: 2.5 }] });
        expect(updated.status).to.equal(200);
        expect(updated.body.workUnits).to.deep.equal([{ equipmentId: "welder-1", idealCycleTimeS: 2.5, step: 1 }]);
        const [last] = await app.store.read.audit.find({ targetType: "product", targetId: "widget" }, { limit: 1, offset: 0 });
        expect(last.action).to.equal("product.updated");
        expect((last.before as { name: string }).name).to.equal("Widget");
        expect(last.door).to.equal("rest");
      });

      it("refuses a work unit that is not one, naming the field", async function () {
        const refused = await call("PUT", "/api/v1/products/gadget", { name: "Gadget", workUnits: [{ equipmentId: "press-line", idealCycleTimeS: 2 }] });
        expect(refused.status).to.equal(400);
        expect(refused.body.error.details.field).to.equal("workUnits[0].equipmentId");
        expect((await call("GET", "/api/v1/products/gadget")).status).to.equal(404);
      });
    });

    describe("creating work orders", function () {
      it("creates an order once for one ERP id and says so when the request comes again", async function () {
        const first = await newOrder({ erpId: "ERP-4711", dueAt: "2026-12-01T14:00:00Z", priority: 5, customerRef: "ACME-PO-9" });
        expect(first.status).to.equal(201);
        expect(first.body).to.include({ erpId: "ERP-4711", productId: "bracket", quantity: 10, status: "created", priority: 5, created: true });
        expect(first.body.dueAt).to.equal("2026-12-01T14:00:00.000Z");
        expect(first.headers.get("location")).to.equal(`/api/v1/work-orders/${first.body.id}`);
        const second = await newOrder({ erpId: "ERP-4711", dueAt: "2026-12-01T14:00:00Z", priority: 5, customerRef: "ACME-PO-9" });
        expect(second.status).to.equal(200);
        expect(second.headers.get("idempotent-replayed")).to.equal("true");
        expect(second.body.id).to.equal(first.body.id);
        expect(second.body.created).to.equal(false);
        expect((await call("GET", "/api/v1/work-orders?erpId=ERP-4711")).body.total).to.equal(1);
      });

      it("shows a work order with the fields it documents and no more: not the Idempotency-Key of the request that made it", async function () {
        const key = `key-${uuidV7()}`;
        const made = (await call("POST", "/api/v1/work-orders", { productId: "bracket", quantity: 2 }, { "Idempotency-Key": key })).body;
        const listed = (await call("GET", `/api/v1/work-orders?limit=500`)).body.items.find((item: { id: string }) => item.id === made.id);
        const one = (await call("GET", `/api/v1/work-orders/${made.id}`)).body;
        for (const shown of [made, listed, one]) {
          expect(shown).to.not.have.property("idempotencyKey");
          expect(JSON.stringify(shown)).to.not.contain(key);
        }
        const { jobOrders, progress, ...summary } = one;
        expect(listed).to.deep.equal(summary);
        expect([jobOrders, progress]).to.deep.equal([[], { good: 0, scrap: 0, completion: 0 }]);
        // Its commands are spelt like a job order's, and each is a path segment it takes.
        expect(summary.allowedCommands).to.deep.equal(["release", "cancel"]);
        const released = (await call("POST", `/api/v1/work-orders/${made.id}/${summary.allowedCommands[0]}`)).body;
        expect([released.status, released.allowedCommands]).to.deep.equal(["released", ["cancel"]]);
      });

      it("refuses the same ERP id with another quantity rather than silently keeping either", async function () {
        await newOrder({ erpId: "ERP-4712" });
        const other = await newOrder({ erpId: "ERP-4712", quantity: 11 });
        expect(other.status).to.equal(409);
        expect(other.body.error.details).to.include({ reason: "duplicate", field: "quantity" });
      });

      it("is idempotent by the Idempotency-Key header when the ERP sends no id", async function () {
        const key = `key-${uuidV7()}`;
        const first = await call("POST", "/api/v1/work-orders", { productId: "bracket", quantity: 3 }, { "Idempotency-Key": key });
        const second = await call("POST", "/api/v1/work-orders", { productId: "bracket", quantity: 3 }, { "Idempotency-Key": key });
        expect([first.status, second.status]).to.deep.equal([201, 200]);
        expect(second.body.id).to.equal(first.body.id);
      });

      it("creates one order when the same request arrives many times at once", async function () {
        const erpId = `ERP-burst-${uuidV7()}`;
        const answers = await Promise.all(Array.from({ length: 8 }, () => newOrder({ erpId })));
        expect(answers.filter((answer) => answer.status === 201)).to.have.length(1);
        expect(answers.every((answer) => answer.status === 201 || answer.status === 200)).to.equal(true);
        expect(new Set(answers.map((answer) => answer.body.id)).size).to.equal(1);
        expect((await call("GET", `/api/v1/work-orders?erpId=${erpId}`)).body.total).to.equal(1);
      });

      it("refuses malformed and hostile bodies with the field and the reason, and stores nothing", async function () {
        const before = await workOrderCount();
        const cases: [string, unknown, Record<string, string>, number, string][] = [
          ["broken JSON", '{"productId": "bracket", "quantity": ', {}, 400, "body"],
          ["quantity as text", { productId: "bracket", quantity: "10" }, {}, 400, "quantity"],
          ["negative quantity", { productId: "bracket", quantity: -1 }, {}, 400, "quantity"],
          ["missing product", { quantity: 1 }, {}, 400, "productId"],
          ["unknown product", { productId: "nope", quantity: 1 }, {}, 400, "productId"],
          ["unknown field", { productId: "bracket", quantity: 1, price: 3 }, {}, 400, "price"],
          ["date without zone", { productId: "bracket", quantity: 1, dueAt: "2026-12-01 14:00" }, {}, 400, "dueAt"],
          ["SQL in the id", { productId: "bracket'; DROP TABLE work_order; --", quantity: 1 }, {}, 400, "productId"],
          ["callback to a file", { productId: "bracket", quantity: 1, callbackUrl: "file:///etc/passwd" }, {}, 400, "callbackUrl"],
          ["no body", undefined, {}, 400, "body"],
          ["not JSON", "productId=bracket", { "content-type": "text/plain" }, 415, "content-type"],
        ];
        for (const [what, body, headers, status, field] of cases) {
          const answer = await call("POST", "/api/v1/work-orders", body, headers);
          expect(answer.status, what).to.equal(status);
          expect(answer.body.error.details.field, what).to.equal(field);
        }
        const huge = await call("POST", "/api/v1/work-orders", { productId: "bracket", quantity: 1, description: "x".repeat(300_000) });
        expect(huge.status).to.equal(413);
        expect(await workOrderCount()).to.equal(before);
      });
    });

    describe("releasing, running and following an order", function () {
      it("releases an order into a job order on the product's first work unit with the product's parameters", async function () {
        const order = (await newOrder()).body;
        const released = await call("POST", `/api/v1/work-orders/${order.id}/release`);
        expect(released.status).to.equal(200);
        expect(released.body.status).to.equal("released");
        expect(released.body.jobOrders).to.have.length(1);
        const [job] = released.body.jobOrders;
        expect(job).to.include({ equipmentId: "press-1", quantity: 10, state: "AllowedToStart" });
        const detail = await call("GET", `/api/v1/job-orders/${job.id}`);
        expect(detail.body.parameters).to.deep.equal([{ id: "TaskCode", value: 2 }, { id: "Die", value: "D-17" }]);
        expect(detail.body.workOrderId).to.equal(order.id);
        expect(detail.body.history.map((step: { command: string; door: string }) => [step.command, step.door])).to.deep.equal([["store-and-start", "rest"]]);
      });

      it("releases a product with a routing into one job order per step, each for the whole quantity", async function () {
        await call("PUT", "/api/v1/products/framed-bracket", { name: "Framed bracket", workUnits: [{ equipmentId: "press-2", idealCycleTimeS: 2, step: 1 }, { equipmentId: "welder-1", idealCycleTimeS: 5, step: 2 }] });
        const order = (await newOrder({ productId: "framed-bracket", quantity: 7 })).body;
        const released = (await call("POST", `/api/v1/work-orders/${order.id}/release`)).body;
        expect(released.jobOrders.map((job: { equipmentId: string; quantity: number }) => [job.equipmentId, job.quantity])).to.deep.equal([["press-2", 7], ["welder-1", 7]]);
      });

      it("splits a release over work units, and refuses a split that does not add up", async function () {
        const order = (await newOrder()).body;
        const wrong = await call("POST", `/api/v1/work-orders/${order.id}/release`, { jobOrders: [{ equipmentId: "press-1", quantity: 4 }, { equipmentId: "press-2", quantity: 5 }] });
        expect(wrong.status).to.equal(400);
        expect(wrong.body.error.details.field).to.equal("jobOrders");
        expect((await call("GET", `/api/v1/work-orders/${order.id}`)).body).to.include({ status: "created" });
        const right = await call("POST", `/api/v1/work-orders/${order.id}/release`, { jobOrders: [{ equipmentId: "press-1", quantity: 4 }, { equipmentId: "press-2", quantity: 6 }] });
        expect(right.body.jobOrders.map((job: { equipmentId: string; quantity: number }) => [job.equipmentId, job.quantity])).to.deep.equal([["press-1", 4], ["press-2", 6]]);
        const again = await call("POST", `/api/v1/work-orders/${order.id}/release`);
        expect(again.status).to.equal(409);
        expect(again.body.error.details).to.deep.include({ state: "released", allowed: ["cancel"] });
      });

      it("runs a job order through REST commands; the order follows and its performance shows what was made", async function () {
        const order = (await newOrder({ quantity: 4, dueAt: "2030-01-01T00:00:00Z" })).body;
        const [job] = (await call("POST", `/api/v1/work-orders/${order.id}/release`)).body.jobOrders;
        const begun = await call("POST", `/api/v1/job-orders/${job.id}/begin`, { comment: "operator started it" });
        expect(begun.status).to.equal(200);
        expect(begun.body).to.include({ stateName: "Running" });
        expect(begun.body.allowedCommands).to.include.members(["pause", "stop", "abort"]);
        expect((await call("GET", `/api/v1/work-orders/${order.id}`)).body.status).to.equal("in_progress");

        const now = new Date();
        await app.store.unitOfWork((repos) => repos.productionRecords.insertMany([{ id: uuidV7(), equipmentId: "press-1", jobOrderId: job.id, productId: "bracket", periodStart: now, periodEnd: now, good: 4, scrap: 1, source: "manual" }]));
        const illegal = await call("POST", `/api/v1/job-orders/${job.id}/start`);
        expect(illegal.status).to.equal(409);
        expect(illegal.body.error.details).to.include({ state: "Running", reason: "invalid_state" });
        expect(illegal.body.error.details).to.include({ command: "start" });
        expect(illegal.body.error.details.allowed).to.include.members(["pause", "stop", "complete", "abort"]);

        expect((await call("POST", `/api/v1/job-orders/${job.id}/complete`)).body.stateName).to.equal("Ended");
        const detail = (await call("GET", `/api/v1/work-orders/${order.id}`)).body;
        expect(detail.status).to.equal("completed");
        expect(detail.progress).to.deep.equal({ good: 4, scrap: 1, completion: 1 });
        const performance = (await call("GET", `/api/v1/work-orders/${order.id}/performance`)).body;
        expect(performance).to.include({ plannedQuantity: 4, good: 4, scrap: 1, produced: 5, completion: 1, qualityRatio: 0.8, late: false, status: "completed" });
        expect(performance.idealTimeS).to.equal(7.5);
        expect(performance.actualStart).to.be.a("string");
        expect(performance.actualEnd).to.be.a("string");
        expect(performance.jobOrders[0]).to.include({ id: job.id, good: 4, scrap: 1, idealCycleTimeS: 1.5 });
      });

      it("shows a job order the same on /work-orders and /job-orders, its allowed commands in the names this door takes", async function () {
        const order = (await newOrder()).body;
        const [inOrder] = (await call("POST", `/api/v1/work-orders/${order.id}/release`)).body.jobOrders;
        const { good, scrap, ...job } = inOrder;
        expect([good, scrap]).to.deep.equal([0, 0]);
        expect(job).to.include({ workOrderId: order.id, state: "AllowedToStart", stateNumber: 2, subState: null, removed: false });
        expect(job.allowedCommands).to.deep.equal(["update", "revoke-start", "begin", "abort", "cancel"]);
        expect((await call("GET", `/api/v1/job-orders?workOrderId=${order.id}`)).body.items).to.deep.equal([job]);
        const { produced, history, ...one } = (await call("GET", `/api/v1/job-orders/${job.id}`)).body;
        expect(one).to.deep.equal(job);
        expect([produced, history.length]).to.deep.equal([{ good: 0, scrap: 0 }, 1]);

        // A command it was offered is one this door takes, and both routes show the job order it made.
        const begun = await call("POST", `/api/v1/job-orders/${job.id}/${job.allowedCommands[2]}`);
        expect(begun.status).to.equal(200);
        expect(begun.body).to.include({ state: "Running", stateNumber: 3 });
        expect(begun.body.allowedCommands).to.deep.equal(["pause", "hold", "stop", "complete", "abort"]);
        expect((await call("GET", `/api/v1/work-orders/${order.id}`)).body.jobOrders[0]).to.deep.equal({ ...begun.body, good: 0, scrap: 0 });
        const performance = (await call("GET", `/api/v1/work-orders/${order.id}/performance`)).body.jobOrders[0];
        expect(performance).to.deep.include({ ...begun.body, good: 0, scrap: 0 });
      });

      it("releases an order once when two releases race; the other is refused with 409", async function () {
        const order = (await newOrder()).body;
        const answers = await Promise.all([1, 2, 3].map(() => call("POST", `/api/v1/work-orders/${order.id}/release`)));
        expect(answers.map((answer) => answer.status).sort()).to.deep.equal([200, 409, 409]);
        expect((await call("GET", `/api/v1/job-orders?workOrderId=${order.id}`)).body.total).to.equal(1);
      });

      it("answers 404 for unknown orders, job orders and commands", async function () {
        expect((await call("GET", "/api/v1/work-orders/nope")).status).to.equal(404);
        expect((await call("POST", "/api/v1/work-orders/nope/release")).status).to.equal(404);
        expect((await call("GET", "/api/v1/job-orders/nope")).status).to.equal(404);
        expect((await call("POST", "/api/v1/job-orders/nope/start")).status).to.equal(404);
        const order = (await newOrder()).body;
        const [job] = (await call("POST", `/api/v1/work-orders/${order.id}/release`)).body.jobOrders;
        const unknown = await call("POST", `/api/v1/job-orders/${job.id}/explode`);
        expect(unknown.status).to.equal(404);
        expect(unknown.body.error.details.field).to.equal("command");
      });

      it("takes a job command by its OPC 10031-4 name too (POST .../Clear, .../RevokeStart), and records it in the REST spelling", async function () {
        const order = (await newOrder()).body;
        const [job] = (await call("POST", `/api/v1/work-orders/${order.id}/Release`)).body.jobOrders;
        const revoked = await call("POST", `/api/v1/job-orders/${job.id}/RevokeStart`);
        expect([revoked.status, revoked.body.state]).to.deep.equal([200, "NotAllowedToStart"]);
        expect((await call("POST", `/api/v1/job-orders/${job.id}/Start`)).status).to.equal(200);
        for (const command of ["begin", "Complete", "CLOSE"]) expect((await call("POST", `/api/v1/job-orders/${job.id}/${command}`)).status, command).to.equal(200);
        const cleared = await call("POST", `/api/v1/job-orders/${job.id}/Clear`);
        expect([cleared.status, cleared.body.removed, cleared.body.allowedCommands]).to.deep.equal([200, true, []]);
        const { history } = (await call("GET", `/api/v1/job-orders/${job.id}`)).body;
        expect(history.map((step: { command: string }) => step.command)).to.deep.equal(["store-and-start", "revoke-start", "start", "begin", "complete", "close", "clear"]);
        // Each state by name and by number, as the job order shows its own.
        expect(history[4]).to.include({ fromState: "Running", fromStateNumber: 3, toState: "Ended", toStateNumber: 5, toSubState: 1 });
        expect(history[0]).to.include({ fromState: null, fromStateNumber: null, toState: "AllowedToStart", toStateNumber: 2 });
        expect((await call("GET", `/api/v1/work-orders/${order.id}`)).body.status).to.equal("completed");
      });

      it("stores, updates and cancels a job order directly, as the OPC UA methods do", async function () {
        const id = `JO-${uuidV7()}`;
        const stored = await call("POST", "/api/v1/job-orders", { id, equipmentId: "welder-1", quantity: 2, productId: "widget", parameters: [{ id: "Program", value: 7 }] });
        expect(stored.status).to.equal(201);
        expect(stored.body).to.include({ stateName: "NotAllowedToStart" });
        const updated = await call("PUT", `/api/v1/job-orders/${id}`, { equipmentId: "welder-1", quantity: 3, productId: "widget" });
        expect(updated.body.quantity).to.equal(3);
        expect((await call("POST", "/api/v1/job-orders", { id, equipmentId: "welder-1", quantity: 2 })).status).to.equal(409);
        expect((await call("POST", `/api/v1/job-orders/${id}/cancel`)).status).to.equal(200);
        expect((await call("GET", `/api/v1/job-orders?equipmentId=welder-1`)).body.items.map((job: { id: string }) => job.id)).not.to.include(id);
        expect((await call("GET", `/api/v1/job-orders?equipmentId=welder-1&includeRemoved=true`)).body.items.map((job: { id: string }) => job.id)).to.include(id);
      });

      it("cancels an order with its waiting job orders, and refuses while one runs", async function () {
        const waiting = (await newOrder()).body;
        const [job] = (await call("POST", `/api/v1/work-orders/${waiting.id}/release`)).body.jobOrders;
        const cancelled = await call("POST", `/api/v1/work-orders/${waiting.id}/cancel`, { comment: "customer withdrew" });
        expect(cancelled.status).to.equal(200);
        expect(cancelled.body.status).to.equal("cancelled");
        expect(cancelled.body.jobOrders[0]).to.include({ id: job.id, removed: true });

        const running = (await newOrder()).body;
        const [busy] = (await call("POST", `/api/v1/work-orders/${running.id}/release`)).body.jobOrders;
        await call("POST", `/api/v1/job-orders/${busy.id}/begin`);
        const refused = await call("POST", `/api/v1/work-orders/${running.id}/cancel`);
        expect(refused.status).to.equal(409);
        expect(refused.body.error.details.running).to.deep.equal([busy.id]);
        expect((await call("GET", `/api/v1/job-orders/${busy.id}`)).body.stateName).to.equal("Running");
      });

      it("lists orders by status with paging", async function () {
        const all = (await call("GET", "/api/v1/work-orders?limit=500")).body;
        const page = (await call("GET", "/api/v1/work-orders?limit=2&offset=1")).body;
        expect(page.items).to.have.length(2);
        expect(page.total).to.equal(all.total);
        expect(page.items.map((o: { id: string }) => o.id)).to.deep.equal(all.items.slice(1, 3).map((o: { id: string }) => o.id));
        const completed = (await call("GET", "/api/v1/work-orders?status=completed")).body;
        expect(completed.items.length).to.be.greaterThan(0);
        expect(completed.items.every((o: { status: string }) => o.status === "completed")).to.equal(true);
        const bad = await call("GET", "/api/v1/work-orders?limit=100000");
        expect(bad.status).to.equal(400);
        expect(bad.body.error.details.field).to.equal("limit");
        expect((await call("GET", "/api/v1/work-orders?state=running")).body.error.details.field).to.equal("state");
      });
    });

    describe("callbacks", function () {
      let receiver: http.Server;
      let receiverUrl: string;
      const received: { event: string; deliveryId: string; jobOrder?: Record<string, unknown> }[] = [];
      let failuresLeft = 2;

      before(async function () {
        receiver = http.createServer((req, res) => {
          let text = "";
          req.on("data", (chunk) => (text += chunk));
          req.on("end", () => {
            if (failuresLeft > 0) {
              failuresLeft--;
              res.writeHead(503).end();
              return;
            }
            received.push(JSON.parse(text));
            res.writeHead(204).end();
          });
        });
        await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
        receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/erp/hook`;
      });

      after(async function () {
        await new Promise((resolve) => receiver?.close(resolve));
      });

      it("calls the order's callback URL on every state change, in order, retrying while the ERP is down", async function () {
        const order = (await newOrder({ quantity: 1, callbackUrl: receiverUrl })).body;
        const [job] = (await call("POST", `/api/v1/work-orders/${order.id}/release`)).body.jobOrders;
        await call("POST", `/api/v1/job-orders/${job.id}/begin`);
        await call("POST", `/api/v1/job-orders/${job.id}/complete`);
        // Each job order's command, then the status of the order it moved: the ERP hears that its order is completed.
        const events = ["work_order.created", "job_order.store-and-start", "work_order.released", "job_order.begin", "work_order.in_progress", "job_order.complete", "work_order.completed"];
        await waitFor("every callback delivered", () => received.length >= events.length, 20_000);
        expect(received.map((payload) => payload.event)).to.deep.equal(events);
        // The MES marks a delivery delivered once the ERP's answer is in, a moment after the ERP saw it.
        const deliveries = async () => (await call("GET", `/api/v1/work-orders/${order.id}/callbacks`)).body.items as { deliveredAt: string | null; attempts: number }[];
        await waitFor("every delivery marked delivered", async () => (await deliveries()).every((delivery) => delivery.deliveredAt !== null), 5_000);
        expect(await deliveries()).to.have.length(events.length);
        expect((await deliveries())[0].attempts).to.equal(3);
        expect(received.at(-1)).to.deep.include({ event: "work_order.completed", workOrder: { id: order.id, erpId: order.erpId, status: "completed", productId: "bracket", quantity: 1 } });
        expect(received.at(-1)).to.not.have.property("jobOrder");
        // A job order's command is spelt as its allowedCommands spell it, its state as its state.
        expect(received.at(-2)?.jobOrder).to.include({ id: job.id, command: "complete", state: "Ended", stateNumber: 5 });
        expect(received[1].jobOrder).to.include({ command: "store-and-start", state: "AllowedToStart", stateNumber: 2 });
      });

      it("does not follow a redirect: the delivery is retried with the status and \"redirect not followed\" as its last error", async function () {
        const elsewhere: string[] = [];
        const redirecting = http.createServer((req, res) => {
          if (req.url === "/elsewhere") elsewhere.push(req.url);
          res.writeHead(req.url === "/elsewhere" ? 204 : 307, { location: "/elsewhere" }).end();
        });
        await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.1", resolve));
        try {
          const order = (await newOrder({ quantity: 1, callbackUrl: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/hook` })).body;
          const deliveries = async () => (await call("GET", `/api/v1/work-orders/${order.id}/callbacks`)).body.items as { deliveredAt: string | null; attempts: number; lastError: string | null }[];
          const [first] = await waitFor("the first attempt", async () => ((await deliveries())[0]?.attempts ?? 0) >= 1 && (await deliveries()), 10_000);
          expect(first.deliveredAt).to.equal(null);
          expect(first.lastError).to.match(/^HTTP 307: redirect not followed/);
          expect(elsewhere).to.deep.equal([]);
        } finally {
          await new Promise((resolve) => redirecting.close(resolve));
        }
      });
    });
  });
}

describe("Callback URLs of orders go only where the configuration lets them (SQLite)", function () {
  let dir: string;
  let app: RestApp;
  const post = async (body: unknown) => {
    const response = await apiFetch(`${app.url}/api/v1/work-orders`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-callback-targets-"));
    app = await startRestApp(`sqlite:${path.join(dir, "mes.sqlite")}`, undefined, undefined, { callbackTargets: ["https://erp.example.com"] });
    const product = await apiFetch(`${app.url}/api/v1/products/bracket`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Bracket" }) });
    expect(product.status).to.equal(201);
  });

  after(async function () {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a callback URL outside callbacks.allowedOrigins with the field and the reason, storing no order", async function () {
    for (const callbackUrl of ["http://127.0.0.1:3306/", "http://169.254.169.254/latest/meta-data", "https://erp.example.com.evil.test/hook"]) {
      const { status, body } = await post({ erpId: `ERP-${uuidV7()}`, productId: "bracket", quantity: 1, callbackUrl });
      expect([status, body.error.details.field], callbackUrl).to.deep.equal([400, "callbackUrl"]);
      expect(body.error.message).to.match(/callbacks\.allowedOrigins/);
    }
    expect((await app.store.read.workOrders.list({}, { limit: 1, offset: 0 })).total).to.equal(0);
    const allowed = await post({ erpId: "ERP-ALLOWED", productId: "bracket", quantity: 1, callbackUrl: "https://erp.example.com/mes/events" });
    expect([allowed.status, allowed.body.callbackUrl]).to.deep.equal([201, "https://erp.example.com/mes/events"]);
  });

  it("does not send a callback written before its origin was taken out of callbacks.allowedOrigins", async function () {
    let attempts = 0;
    const downErp = http.createServer((_req, res) => {
      attempts++;
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => downErp.listen(0, "127.0.0.1", resolve));
    const databaseUrl = `sqlite:${path.join(dir, "narrowed.sqlite")}`;
    const retrying = { timeoutMs: 2000, maxAttempts: 1000, initialDelayMs: 50, maxDelayMs: 100 };
    let open: RestApp | undefined;
    let narrowed: RestApp | undefined;
    try {
      // An MES that let any origin in wrote the delivery; the ERP is down, so it waits for a retry.
      open = await startRestApp(databaseUrl, retrying, undefined, { callbackTargets: "any" });
      await apiFetch(`${open.url}/api/v1/products/bracket`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Bracket" }) });
      const order = await apiFetch(`${open.url}/api/v1/work-orders`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ productId: "bracket", quantity: 1, callbackUrl: `http://127.0.0.1:${(downErp.address() as AddressInfo).port}/hook` }),
      }).then((response) => response.json() as Promise<{ id: string }>);
      await waitFor("a failed attempt", () => attempts > 0);
      await open.close();
      open = undefined;
      const attemptsBefore = attempts;

      narrowed = await startRestApp(databaseUrl, retrying, undefined, { callbackTargets: ["https://erp.example.com"] });
      const [delivery] = await waitFor("the waiting delivery to be given up", async () => {
        const items = ((await (await apiFetch(`${narrowed!.url}/api/v1/work-orders/${order.id}/callbacks`)).json()) as { items: { nextAttemptAt: string | null; lastError: string | null }[] }).items;
        return items.length > 0 && items.every((item) => item.nextAttemptAt === null) && items;
      });
      expect(delivery.lastError).to.match(/^not sent: http:\/\/127\.0\.0\.1:\d+ is not one of callbacks\.allowedOrigins/);
      expect(attempts, "no attempt after the origin was taken out").to.equal(attemptsBefore);
    } finally {
      await open?.close();
      await narrowed?.close();
      await new Promise((resolve) => downErp.close(resolve));
    }
  });
});

