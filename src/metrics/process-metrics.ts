import { collectDefaultMetrics, Registry } from "prom-client";

let registry: Registry | undefined;

/**
 * prom-client's default figures of the Node.js process (CPU, memory, file descriptors, GC, event
 * loop lag as nodejs_eventloop_lag_seconds): one registry per process, made on first use, as each
 * call of collectDefaultMetrics starts monitors that are never stopped.
 */
export function processRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
