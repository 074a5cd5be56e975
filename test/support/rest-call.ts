export interface RestAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON, as loosely typed as a test needs to look into it (the text of a text/plain answer). */
  readonly body: any;
}

/** The API token a test's requests to one MES carry unless they say otherwise (an Admin's, set where the MES is started). */
const defaultTokens = new Map<string, string>();

export function useDefaultToken(baseUrl: string, token: string): void {
  defaultTokens.set(new URL(baseUrl).origin, token);
}

/** fetch with the MES's default token as Authorization: Bearer, unless the request sets its own Authorization. */
export function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = defaultTokens.get(new URL(url).origin);
  if (token && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  return fetch(url, { ...init, headers });
}

export interface CallOptions {
  /** Another token, or null to send none. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

/** One JSON request to the MES's REST door, as an ERP or the UI would make it. */
export async function restCall(baseUrl: string, method: string, route: string, body?: unknown, options: CallOptions = {}): Promise<RestAnswer> {
  const headers = new Headers(options.headers);
  if (body !== undefined) headers.set("content-type", "application/json");
  if (options.token === null) headers.set("authorization", "");
  else if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const response = await apiFetch(`${baseUrl}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  // The metrics (Prometheus text) and the CSV export answer text; every other answer is JSON.
  const isJson = !/^text\//.test(response.headers.get("content-type") ?? "");
  return { status: response.status, headers: response.headers, body: !text ? undefined : isJson ? JSON.parse(text) : text };
}
