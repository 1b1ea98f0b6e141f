// Prometheus metrics for one server: requests and their latency by route, sockets, the event
// loop's delay, memory (prom-client's process metrics) and the database pool. Each server has
// its own registry, so several servers in one process (tests) do not collide.
import os from "node:os";
import { sql } from "drizzle-orm";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Database } from "../db/client";

export interface Metrics {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/**
 * A low-cardinality label for a path: numbers, ids and tokens become `:id`, static assets one
 * label, at most four segments. `/t/123?page=2` → `/t/:id`.
 */
export function routeLabel(path: string): string {
  if (path.startsWith("/assets/")) return "/assets/*";
  const segs = path.split("?")[0]!.split("/").filter(Boolean).slice(0, 4);
  const norm = segs.map((s) => (/^\d+$/.test(s) || /^[0-9a-f-]{16,}$/i.test(s) || s.length > 40 ? ":id" : s.replace(/[^\w.\-[\]]/g, "_")));
  return "/" + norm.join("/");
}

export function createMetrics(opts: { database: Database; sockets: () => number }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ instance: `${os.hostname()}:${process.pid}` });
  // Includes nodejs_eventloop_lag_{p50,p90,p99}_seconds, heap and RSS.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route and status.",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method and route.",
    labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: "socketio_connected_sockets",
    help: "Socket.IO connections held by this node.",
    registers: [registry],
    collect() {
      this.set(opts.sockets());
    },
  });
  new Gauge({
    name: "db_pool_max_connections",
    help: "The size of this node's database connection pool.",
    registers: [registry],
    collect() {
      this.set(opts.database.poolMax);
    },
  });
  const dbConnections = new Gauge({
    name: "db_pool_connections",
    help: "This node's open database connections by state (pg_stat_activity; 1 for the embedded database).",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      dbConnections.reset();
      if (opts.database.kind === "pglite") {
        dbConnections.set({ state: "embedded" }, 1);
        return;
      }
      const res = await opts.database.db.execute(sql`
        select coalesce(state, 'unknown') as state, count(*)::int as n
          from pg_stat_activity
         where application_name = ${opts.database.applicationName}
         group by 1`);
      const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { state: string; n: number }[];
      for (const r of rows) dbConnections.set({ state: r.state }, Number(r.n));
    },
  });

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
  };
}
