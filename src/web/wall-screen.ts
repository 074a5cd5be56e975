import { useEffect } from "preact/hooks";

/**
 * What every wall screen does besides its live events: reloads every `refreshMs` (figures move with
 * the clock, and not everything sends an event), and Escape goes back to the overview, unless
 * Escape is closing a question on the screen.
 */
export function useWallScreen(reload: () => void, refreshMs: number): void {
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    const leave = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !document.querySelector("dialog[open]")) location.hash = "#/";
    };
    addEventListener("keydown", leave);
    return () => {
      clearInterval(timer);
      removeEventListener("keydown", leave);
    };
  }, [reload, refreshMs]);
}
