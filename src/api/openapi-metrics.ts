/** GET /metrics: text, not JSON, so its own small document part. */
export const metricsPaths = {
  "/metrics": {
    get: {
      summary: "Prometheus metrics: PLC links, OPC UA sessions, job-order transitions, requests, database and process figures",
      description:
        "The Prometheus text exposition format (version 0.0.4). Open to an API token of a role in mes.yaml `metrics.allowRoles` (Admin by default), and without a token to the addresses in `metrics.allowAddresses` (none by default); absent when `metrics.enabled` is false.",
      responses: {
        "200": { description: "the metrics", content: { "text/plain": { schema: { type: "string" } } } },
      },
    },
  },
};
