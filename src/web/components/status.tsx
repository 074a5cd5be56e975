import type { ComponentChildren } from "preact";

/** Loading, error and empty states that say what is going on. */
export function Loading({ what }: { what: string }) {
  return <p class="muted" role="status">Loading {what}…</p>;
}

export function ErrorNote({ error }: { error: unknown }) {
  return <p class="error" role="alert">{error instanceof Error ? error.message : String(error)}</p>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="muted">{children}</p>;
}

/** The answer to an action: what happened, or why not. */
export function Feedback({ message }: { message: { ok: boolean; text: string } | null }) {
  if (!message) return null;
  return <p class={message.ok ? "ok" : "error"} role={message.ok ? "status" : "alert"}>{message.text}</p>;
}
