/**
 * Where the MES may send an ERP's callbacks: "any" http(s) URL (the demo, when nothing is
 * listed), or only the listed origins. A callback URL comes from whoever may create orders, so
 * without a list it could point the MES at any host it can reach (SSRF): production sends none.
 */
export type CallbackTargets = "any" | readonly string[];

export function callbackTargets(allowedOrigins: readonly string[], profile: "demo" | "production"): CallbackTargets {
  if (allowedOrigins.length > 0) return allowedOrigins.map((origin) => new URL(origin).origin);
  return profile === "demo" ? "any" : [];
}

/** Null when the MES may post to the URL, else why not. */
export function callbackRefusal(url: string, targets: CallbackTargets): string | null {
  if (targets === "any") return null;
  if (targets.length === 0) return "callbacks are off: list the ERP's origin in callbacks.allowedOrigins (mes.yaml)";
  const origin = new URL(url).origin;
  return targets.includes(origin) ? null : `${origin} is not one of callbacks.allowedOrigins (mes.yaml)`;
}
