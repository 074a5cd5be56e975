import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, get } from "./api.js";
import { LiveBanner } from "./components/live-banner.js";
import { disconnectLive } from "./live.js";
import { AnalysisPage } from "./pages/analysis.js";
import { AndonPage } from "./pages/andon.js";
import { AuditPage } from "./pages/audit.js";
import { CertificatesPage } from "./pages/certificates.js";
import { LoginPage } from "./pages/login.js";
import { LotPage, MaterialsPage } from "./pages/materials.js";
import { OrderPage, OrdersPage } from "./pages/orders.js";
import { OverviewPage } from "./pages/overview.js";
import { MaintenancePage } from "./pages/maintenance.js";
import { QualityPage } from "./pages/quality.js";
import { RostersPage } from "./pages/rosters.js";
import { SchedulePage } from "./pages/schedule.js";
import { WallPage } from "./pages/wall.js";
import { WorkUnitPage } from "./pages/work-unit.js";
import { SessionContext, type Me } from "./session.js";
import "./styles.css";

/** Who may open a page that needs a permission, as people know the roles (src/domain/roles.ts grants it). */
const NEEDS: Record<string, { permission: string; roles: string }> = {
  audit: { permission: "audit", roles: "Supervisor or Admin" },
};

// Each page shows what its permission reads (roles.ts); an ERP account sees orders only.
const NAV: { href: string; label: string; permission?: string }[] = [
  { href: "#/", label: "Plant", permission: "read" },
  { href: "#/andon", label: "Andon", permission: "read" },
  { href: "#/orders", label: "Orders", permission: "readOrders" },
  { href: "#/schedule", label: "Schedule", permission: "read" },
  { href: "#/materials", label: "Materials", permission: "readInventory" },
  { href: "#/analysis", label: "OEE & downtime", permission: "read" },
  { href: "#/quality", label: "Quality", permission: "read" },
  { href: "#/maintenance", label: "Maintenance", permission: "read" },
  { href: "#/rosters", label: "Rosters", permission: "read" },
  { href: "#/audit", label: "Audit log", permission: "audit" },
  { href: "#/certificates", label: "Certificates", permission: "certificates" },
];

function useHash(): string {
  const [hash, setHash] = useState(location.hash || "#/");
  useEffect(() => {
    const update = () => setHash(location.hash || "#/");
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return hash;
}

function Page({ hash, me }: { hash: string; me: Me }) {
  const [, section, id] = hash.replace(/^#/, "").split("/");
  const needs = NEEDS[section];
  if (needs && !me.permissions.includes(needs.permission)) return <NeedsRole section={section} roles={needs.roles} me={me} />;
  if (!me.permissions.includes("read")) return id && section === "orders" ? <OrderPage id={decodeURIComponent(id)} /> : <OrdersPage />;
  if (section === "units" && id) return <WorkUnitPage id={decodeURIComponent(id)} />;
  if (section === "orders" && id) return <OrderPage id={decodeURIComponent(id)} />;
  if (section === "orders") return <OrdersPage />;
  if (section === "schedule") return <SchedulePage />;
  if (section === "materials") return <MaterialsPage />;
  if (section === "lots" && id) return <LotPage id={decodeURIComponent(id)} />;
  if (section === "analysis") return <AnalysisPage />;
  if (section === "quality") return <QualityPage />;
  if (section === "maintenance") return <MaintenancePage />;
  if (section === "rosters") return <RostersPage />;
  if (section === "audit") return <AuditPage />;
  if (section === "certificates") return <CertificatesPage />;
  return <OverviewPage />;
}

/** A page the account's role does not open: say so, and which role does, instead of the server's refusal. */
function NeedsRole({ section, roles, me }: { section: string; roles: string; me: Me }) {
  const title = NAV.find((item) => item.href === `#/${section}`)?.label ?? section;
  return (
    <section aria-labelledby="needs-role-title">
      <h1 id="needs-role-title">{title}</h1>
      <p role="status">This page needs the {roles} role. You are signed in as {me.user.name} ({me.user.roles.join(", ") || "no role"}).</p>
      <p><a href="#/">Back to the plant overview</a></p>
    </section>
  );
}

function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const hash = useHash();
  useEffect(() => {
    get<Me>("/auth/me").then(setMe, () => setMe(null));
    const signedOut = () => setMe(null);
    addEventListener("mes:signed-out", signedOut);
    return () => removeEventListener("mes:signed-out", signedOut);
  }, []);
  if (me === undefined) return <p class="muted">Loading…</p>;
  if (me === null) return <LoginPage onSignedIn={setMe} />;
  const logout = async () => {
    await api("POST", "/auth/logout").catch(() => undefined);
    disconnectLive();
    setMe(null);
  };
  const current = hash.split("/")[1] ?? "";
  // A wall screen shows the plant and nothing else: no navigation, no account (the andon says who acknowledges).
  if ((current === "wall" || current === "andon") && me.permissions.includes("read"))
    return (
      <SessionContext.Provider value={me}>
        <main id="main" class="wall-main">
          <LiveBanner />
          {current === "wall" ? <WallPage /> : <AndonPage />}
        </main>
      </SessionContext.Provider>
    );
  return (
    <SessionContext.Provider value={me}>
      <header class="top">
        <a class="brand" href="#/">opcua-mes</a>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => !item.permission || me.permissions.includes(item.permission)).map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={item.href.split("/")[1] === current ? "page" : undefined}>{item.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            {me.user.name} <span class="muted">({me.user.roles.join(", ")})</span>
          </span>
          <button type="button" class="secondary" onClick={logout}>Sign out</button>
        </div>
      </header>
      <main id="main">
        <LiveBanner />
        <Page hash={hash} me={me} />
      </main>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById("app")!);
