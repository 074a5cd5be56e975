/// <reference lib="dom" />
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { RunningMes } from "../../src/app.js";
import { uuidV7 } from "../../src/services/clock.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { launchBrowser, seriousAccessibilityViolations, signIn, SIZES } from "../support/browser.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

interface WorkOrder {
  id: string;
  status: string;
  technician: string | null;
  source: { kind: string; id: string | null };
  verifiedBy: string | null;
}

/** The one-click request from a stop and the Maintenance page, in a real browser on the demo MES (`npm run build:web` first). */
describe("Maintenance in a real browser: a request from a stop in one click, and the work order walked on the Maintenance page", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let browser: Browser;
  let stopId: string;

  const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
  const orders = async () => (await rest("GET", "/api/v1/maintenance/work-orders?workUnitId=press-2")).body.items as WorkOrder[];
  async function page(): Promise<Page> {
    // CSP bypassed only so the test can inject axe-core; the MES's own scripts never need it.
    const context = await browser.newContext({ viewport: SIZES.laptop, bypassCSP: true });
    return context.newPage();
  }

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-maintenance-web-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
    browser = await launchBrowser();
    // A stop of Press 2 a few minutes ago, in the shift the work unit page lists.
    const now = mes.clock.now().getTime();
    stopId = uuidV7();
    await mes.store.unitOfWork((repos) => repos.stateIntervals.insert({ id: stopId, equipmentId: "press-2", state: "faulted", startedAt: new Date(now - 4 * 60_000), endedAt: new Date(now - 60_000), faultCode: "2", jobOrderId: null, reasonCode: null }));
  });

  after(async function () {
    await browser?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets an operator ask for maintenance from a stop with one click", async function () {
    const tab = await page();
    await signIn(tab, mes.httpUrl, "operator");
    await tab.goto(`${mes.httpUrl}/#/units/press-2`);
    const button = tab.locator(`[data-downtime="${stopId}"]`).getByRole("button", { name: /^Request maintenance for the stop at / });
    await button.click();
    await tab.getByText(/^Maintenance requested for the stop at /).waitFor();
    const [order] = await orders();
    expect(order).to.deep.include({ status: "requested", source: { kind: "downtime", id: stopId } });
    await tab.context().close();
  });

  it("shows the board, the preventive plans and reliability, and lets maintenance plan, start and finish and a supervisor verify", async function () {
    const [order] = await orders();
    const tab = await page();
    await signIn(tab, mes.httpUrl, "maintenance");
    await tab.getByRole("link", { name: "Maintenance" }).click();
    await tab.getByRole("heading", { name: "Maintenance", exact: true }).waitFor();
    const card = tab.locator(`[data-maintenance-order="${order!.id}"]`);
    await tab.locator('[data-maintenance-column="requested"]').locator(`[data-maintenance-order="${order!.id}"]`).waitFor();
    // The demo's preventive plans, with their status as the API says.
    const due = (await rest("GET", "/api/v1/maintenance/due")).body as { planId: string; status: string }[];
    expect(due.map((d) => d.planId).sort()).to.deep.equal(["labeler-1-inspection", "press-1-die-lube", "welder-1-torch"]);
    for (const plan of due) expect(await tab.locator(`[data-plan="${plan.planId}"]`).getAttribute("data-status")).to.equal(plan.status);
    await tab.locator('[data-reliability="press-2"]').waitFor();
    expect(await seriousAccessibilityViolations(tab)).to.deep.equal([]);

    await card.getByLabel("Technician").fill("maint-jo");
    await card.getByLabel("Slot start (UTC)").fill("2026-12-10T08:00");
    await card.getByLabel("Minutes").fill("45");
    await card.getByRole("button", { name: "Plan", exact: true }).click();
    await tab.locator('[data-maintenance-column="planned"]').locator(`[data-maintenance-order="${order!.id}"]`).waitFor();
    expect((await orders())[0]).to.include({ status: "planned", technician: "maint-jo" });
    await card.getByRole("button", { name: /^Start / }).click();
    await tab.locator('[data-maintenance-column="in-progress"]').locator(`[data-maintenance-order="${order!.id}"]`).waitFor();
    await card.getByLabel("Time spent (min)").fill("30");
    await card.getByRole("button", { name: "Finish", exact: true }).click();
    await tab.locator('[data-maintenance-column="done"]').locator(`[data-maintenance-order="${order!.id}"]`).waitFor();
    // Maintenance does not verify its own work: no button for it.
    expect(await card.getByRole("button", { name: /^Verify / }).count()).to.equal(0);
    await tab.context().close();

    const supervisor = await page();
    await signIn(supervisor, mes.httpUrl, "supervisor");
    await supervisor.goto(`${mes.httpUrl}/#/maintenance`);
    await supervisor.locator(`[data-maintenance-order="${order!.id}"]`).getByRole("button", { name: /^Verify / }).click();
    await waitFor("verified", async () => (await orders())[0]!.status === "verified");
    expect((await orders())[0]).to.include({ verifiedBy: "supervisor" });
    await supervisor.locator(`[data-maintenance-order="${order!.id}"]`).waitFor({ state: "detached" });
    await supervisor.context().close();
  });
});
