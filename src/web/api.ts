import { reportDatabase } from "./live.js";

/** The REST API as the UI uses it: the session cookie rides along, and every change carries the CSRF token. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}

function csrfToken(): string {
  return decodeURIComponent(document.cookie.split("; ").find((c) => c.startsWith("mes_csrf="))?.slice("mes_csrf=".length) ?? "");
}

export async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-csrf-token"] = csrfToken();
  const response = await fetch(`/api/v1${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  reportDatabase(!(response.status === 503 && data?.error?.details?.reason === "database_unreachable"));
  if (!response.ok) {
    if (response.status === 401 && route !== "/auth/login") window.dispatchEvent(new Event("mes:signed-out"));
    throw new ApiError(response.status, data?.error?.message ?? `HTTP ${response.status}`, data?.error?.details?.field ?? null);
  }
  return data as T;
}

export const get = <T>(route: string) => api<T>("GET", route);
