import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, get } from "./api.js";
import { LiveBanner } from "./components/live-banner.js";
import { disconnectLive } from "./live.js";
import { AnalysisPage } from "./pages/analysis.js";
import { AuditPage } from "./pages/audit.js";
import { CertificatesPage } from "./pages/certificates.js";
import { LoginPage } from "./pages/login.js";
import { OrderPage, OrdersPage } from "./pages/orders.js";
import { OverviewPage } from "./pages/overview.js";
import { RostersPage } from "./pages/rosters.js";
import { SchedulePage } from "./pages/schedule.js";
import { WorkUnitPage } from "./pages/work-unit.js";
import { SessionContext, type Me } from "./session.js";
import "./styles.css";

const NAV: { href: string; label: string; permission?: string }[] = [
  { href: "#/", label: "Plant" },
  { href: "#/orders", label: "Orders" },
  { href: "#/schedule", label: "Schedule" },
  { href: "#/analysis", label: "OEE & downtime" },
  { href: "#/rosters", label: "Rosters" },
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

function Page({ hash }: { hash: string }) {
  const [, section, id] = hash.replace(/^#/, "").split("/");
  if (section === "units" && id) return <WorkUnitPage id={decodeURIComponent(id)} />;
  if (section === "orders" && id) return <OrderPage id={decodeURIComponent(id)} />;
  if (section === "orders") return <OrdersPage />;
  if (section === "schedule") return <SchedulePage />;
  if (section === "analysis") return <AnalysisPage />;
  if (section === "rosters") return <RostersPage />;
  if (section === "audit") return <AuditPage />;
  if (section === "certificates") return <CertificatesPage />;
  return <OverviewPage />;
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
        <Page hash={hash} />
      </main>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById("app")!);
