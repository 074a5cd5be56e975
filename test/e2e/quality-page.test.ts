/// <reference lib="dom" />
import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { launchBrowser, seriousAccessibilityViolations, signIn, SIZES } from "../support/browser.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

const SCREENSHOTS = path.resolve("test-output/ui");

/** The Quality page and the work unit's inspections, in a real browser on the demo MES (`npm run build:web` first). */
describe("The Quality page and due inspections in a real browser (Debian's Chromium, headless)", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let browser: Browser;

  const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
  async function page(size: keyof typeof SIZES = "laptop"): Promise<Page> {
    // CSP bypassed only so the test can inject axe-core; the MES's own scripts never need it.
    const context = await browser.newContext({ viewport: SIZES[size], bypassCSP: true });
    return context.newPage();
  }

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-quality-web-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Press 1's gauge tag gives its current reading when the MES subscribes: the chart's first point.
    await waitFor("the gauge's current reading", async () => (await rest("GET", "/api/v1/quality/results?characteristicId=bracket-thickness")).body.items.length === 1);
    // The bracket's thickness: a stable baseline of 20 points (alternating 2.004 / 1.996), then nine drifted ones above the centre line (Nelson test 2).
    const values = [...Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 2.004 : 1.996)), ...Array.from({ length: 9 }, () => 2.003)];
    for (const value of values) expect((await rest("POST", "/api/v1/quality/results", { characteristicId: "bracket-thickness", equipmentId: "press-1", value })).status).to.equal(201);
  });

  after(async function () {
    await browser?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("draws the bracket's control chart with its signal and the capability the API computes, and records a result from the form", async function () {
    const tab = await page();
    await signIn(tab, mes.httpUrl, "quality");
    await tab.getByRole("link", { name: "Quality" }).click();
    await tab.getByRole("heading", { name: "Quality", exact: true }).waitFor();
    const chart = tab.getByRole("img", { name: /^Bracket thickness: Individuals/ });
    await chart.waitFor();
    const api = (await rest("GET", "/api/v1/quality/characteristics/bracket-thickness/chart")).body;
    expect(await chart.getAttribute("data-points")).to.equal("30");
    expect(Number(await chart.getAttribute("data-signals"))).to.equal(api.signals.length).and.to.be.greaterThan(0);
    const { center, lcl, ucl } = api.limits.location;
    expect(await chart.getAttribute("aria-label")).to.contain(`centre ${+center.toFixed(4)}, limits ${+lcl.toFixed(4)} to ${+ucl.toFixed(4)} mm`);
    expect(await tab.locator('[data-figure="cpk"]').textContent()).to.equal(api.capability.cpk.toFixed(2));
    expect(await tab.getByRole("list", { name: "Signals" }).textContent()).to.contain("Nelson test 2");

    // A welded frame's seam, by an inspector at Welder 1: the form picks the work unit the plan's step runs on.
    await tab.getByLabel("Characteristic", { exact: true }).nth(1).selectOption("frame-seam-length");
    await tab.getByLabel("Value (mm)").fill("120.6");
    await tab.getByRole("button", { name: "Record" }).click();
    await tab.getByText("Recorded Seam length: 120.6 mm.").waitFor();
    const [stored] = (await rest("GET", "/api/v1/quality/results?characteristicId=frame-seam-length")).body.items;
    expect(stored).to.include({ value: 120.6, equipmentId: "welder-1", source: "ui", recordedBy: "quality" });
    await tab.context().close();
  });

  it("lets Quality store the limits of the first 20 points as the baseline, shows the moving-range chart judged against them, and remove them again", async function () {
    const tab = await page();
    await signIn(tab, mes.httpUrl, "quality");
    await tab.getByRole("link", { name: "Quality" }).click();
    await tab.getByRole("img", { name: /^Bracket thickness: Moving range/ }).waitFor();
    await tab.getByLabel("Baseline: points 1 to").fill("20");
    await tab.getByRole("button", { name: "Store limits" }).click();
    await tab.getByText("Limits stored from points 1 to 20.").waitFor();
    await tab.locator('[data-limits-from="stored"]').waitFor();
    const stored = (await rest("GET", "/api/v1/quality/characteristics/bracket-thickness/limits")).body;
    expect([stored.points, stored.computedBy, stored.baseline.kind]).to.deep.equal([20, "quality", "results"]);
    const api = (await rest("GET", "/api/v1/quality/characteristics/bracket-thickness/chart")).body;
    const ranges = tab.getByRole("img", { name: /^Bracket thickness: Moving range/ });
    const { lcl, ucl } = api.limits.dispersion;
    expect(await ranges.getAttribute("aria-label")).to.contain(`limits ${+lcl.toFixed(4)} to ${+ucl.toFixed(4)} mm`);
    expect(Number(await ranges.getAttribute("data-signals"))).to.equal(api.dispersionSignals.length);
    await tab.getByRole("button", { name: "Remove stored limits" }).click();
    await tab.locator('[data-limits-from="baseline"]').waitFor();
    expect((await rest("GET", "/api/v1/quality/characteristics/bracket-thickness/limits")).status).to.equal(404);
    await tab.context().close();
  });

  it("shows the signal's NCR on the board and moves it to Dispositioned when Quality decides", async function () {
    const tab = await page();
    await signIn(tab, mes.httpUrl, "quality");
    await tab.goto(`${mes.httpUrl}/#/quality`);
    const open = tab.locator('[data-ncr-column="open"]');
    const card = open.locator("li[data-ncr]").filter({ hasText: "Bracket thickness: Nelson test 2" });
    await card.waitFor();
    const ncrId = await card.getAttribute("data-ncr");
    await card.getByLabel("Disposition").selectOption("scrap");
    await card.getByRole("button", { name: "Decide" }).click();
    await tab.locator(`[data-ncr-column="dispositioned"] li[data-ncr="${ncrId}"]`).waitFor();
    expect(await open.locator(`li[data-ncr="${ncrId}"]`).count()).to.equal(0);
    expect((await rest("GET", `/api/v1/quality/ncrs/${ncrId}`)).body).to.include({ status: "dispositioned", disposition: "scrap", dispositionBy: "quality" });
    await tab.context().close();
  });

  it("lists a due first-off inspection at the work unit once its job runs, and flags it overdue when the parts run past it", async function () {
    expect((await rest("PUT", "/api/v1/quality/plans/frame-first-off", { name: "Frame first-off", productId: "frame", step: 1, frequency: { kind: "first-off" }, sampleSize: 1, recordedBy: "inspector", characteristics: [{ id: "frame-squareness", name: "Squareness", kind: "variable", nominal: 0, lsl: -1, usl: 1, unit: "mm" }] })).status).to.equal(201);
    const { body: order } = await rest("POST", "/api/v1/work-orders", { erpId: "UI-QUALITY-1", productId: "frame", quantity: 50, equipmentId: "welder-1" });
    const jobId = (await rest("POST", `/api/v1/work-orders/${order.id}/release`)).body.jobOrders[0].id;
    expect((await rest("POST", `/api/v1/job-orders/${jobId}/begin`, {})).status).to.equal(200);

    const tab = await page();
    await signIn(tab, mes.httpUrl, "operator");
    await tab.goto(`${mes.httpUrl}/#/units/welder-1`);
    const due = tab.getByRole("region", { name: "Inspections" }).locator('[data-inspection="frame-first-off"]');
    await due.waitFor();
    expect(await due.getAttribute("data-overdue")).to.equal("false");
    expect(await due.textContent()).to.match(/^Due: Frame first-off \(1 part, inspector\)/);

    // One part plus the grace of 5 made without the check: overdue.
    sim.plc("plc-assembly").machine("Welder1").produce(7);
    await waitFor("the parts counted", async () => (await rest("GET", "/api/v1/work-units/welder-1/inspections")).body.items.find((i: { planId: string }) => i.planId === "frame-first-off").overdue === true);
    // The count's live event, or at the latest the list's 10 s refresh, brings it to the screen.
    await tab.locator('[data-inspection="frame-first-off"][data-overdue="true"]').waitFor({ timeout: 20_000 });
    expect(await tab.locator('[data-inspection="frame-first-off"]').textContent()).to.match(/^Overdue: Frame first-off/);

    // The shift's first-pass yield and rework beside OEE, as REST gives them (n/a in a break, when nothing counts).
    const { firstPass } = (await rest("GET", "/api/v1/oee/welder-1/current-shift")).body;
    await tab.reload();
    const fpy = tab.locator('[data-kpi="fpy"] dd');
    await fpy.waitFor();
    expect(await fpy.textContent()).to.equal(firstPass.firstPassYield === null ? "n/a" : `${(firstPass.firstPassYield * 100).toFixed(1)} %`);
    expect(await tab.locator('[data-kpi="rework"] dd').textContent()).to.equal(`${firstPass.rq} pcs`);
    await tab.context().close();
  });

  it("shows first-pass yield by product on the analysis page, from an NCR sent to rework", async function () {
    const opened = await rest("POST", "/api/v1/quality/ncrs", { description: "weld spatter on two frames", quantity: 2, equipmentId: "welder-1", productId: "frame" });
    expect((await rest("PUT", `/api/v1/quality/ncrs/${opened.body.id}/disposition`, { disposition: "rework" })).status).to.equal(200);
    const tab = await page();
    await signIn(tab, mes.httpUrl, "supervisor");
    await tab.goto(`${mes.httpUrl}/#/analysis`);
    await tab.getByLabel("Equipment").selectOption("welder-1");
    const row = tab.getByRole("table", { name: "First-pass yield by product" }).locator('tr[data-product="frame"]');
    await row.waitFor();
    const cells = await row.locator("th, td").allTextContents();
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    const { firstPass } = (await rest("GET", `/api/v1/oee/welder-1?from=${new Date(to.getTime() - 24 * 3_600_000).toISOString()}&to=${to.toISOString()}`)).body;
    const frame = firstPass.products.find((p: { productId: string }) => p.productId === "frame");
    expect(frame.rq).to.equal(2);
    expect(cells).to.deep.equal(["frame", `${frame.pq} pcs`, `${frame.gq} pcs`, "2 pcs", "0 pcs", frame.firstPassYield === null ? "n/a" : `${(frame.firstPassYield * 100).toFixed(1)} %`]);
    await tab.context().close();
  });

  it("renders the Quality page at 1920x1080 and 1280x800 without a serious accessibility violation, saving screenshots", async function () {
    for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
      const tab = await page(size);
      await signIn(tab, mes.httpUrl, "supervisor");
      for (const [name, hash, heading] of [["quality", "#/quality", "Quality"], ["work-unit-inspections", "#/units/welder-1", "Welder 1"], ["analysis-first-pass", "#/analysis", "OEE and downtime analysis"]]) {
        await tab.goto(`${mes.httpUrl}/${hash}`);
        await tab.getByRole("heading", { name: heading, exact: true }).waitFor();
        await tab.waitForFunction(() => !document.querySelector("main")?.textContent?.includes("Loading"), undefined, { timeout: 15_000 });
        await tab.screenshot({ path: path.join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });
        expect(await seriousAccessibilityViolations(tab), `${name} at ${size}`).to.deep.equal([]);
      }
      await tab.context().close();
    }
  });
});
