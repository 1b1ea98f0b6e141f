// Several real app processes (`server/index.ts`, the production build) on one PostgreSQL and one
// Redis, behind Debian's nginx on loopback, configured as README's deployment section says
// (deploy/nginx.conf is the template). Used by the cluster e2e, the crash test and bench:city.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function nginxBinary(): string {
  const bin = process.env.NGINX_PATH || "/usr/sbin/nginx";
  if (!existsSync(bin)) {
    throw new Error(`No nginx at ${bin}. Install Debian's (apt-get install -y nginx) or set NGINX_PATH; the multi-node tests run the app behind it.`);
  }
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ClusterNode {
  name: string;
  port: number;
  url: string;
  child: ChildProcess | null;
  /** JSON log lines the process wrote. */
  lines: any[];
  start(): Promise<void>;
  /** SIGTERM (graceful) or SIGKILL (a crash); resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface Cluster {
  /** nginx, in front of every node. */
  url: string;
  nodes: ClusterNode[];
  stop(): Promise<void>;
}

export interface ClusterOptions {
  nodes?: number;
  databaseUrl: string;
  redisUrl: string;
  env?: Record<string, string>;
}

/** One app process (`server/index.ts`, production build) on `port`; `start()` resolves once it answers /healthz. */
export function nodeProcess(name: string, port: number, env: Record<string, string>): ClusterNode {
  const n: ClusterNode = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    child: null,
    lines: [],
    start() {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
          cwd: root,
          env: { ...process.env, VITEST: "", NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...env },
          stdio: ["ignore", "pipe", "pipe"],
        });
        n.child = child;
        let buf = "";
        let ready = false;
        let errText = "";
        child.stderr!.on("data", (c: Buffer) => (errText = (errText + c.toString()).slice(-4000)));
        child.stdout!.on("data", (c: Buffer) => {
          buf += c.toString();
          let i: number;
          while ((i = buf.indexOf("\n")) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            try {
              n.lines.push(JSON.parse(line));
            } catch {
              /* a human line */
            }
          }
        });
        let exited = false;
        child.on("exit", (code, signal) => {
          exited = true;
          if (n.child === child) n.child = null;
          if (!ready) reject(new Error(`${name} exited (${code ?? signal}) before it was ready: ${errText}`));
        });
        // Ready when it answers /healthz (whatever LOG_LEVEL says).
        const poll = async () => {
          while (!exited) {
            try {
              if ((await fetch(`${n.url}/healthz`)).ok) {
                ready = true;
                return resolve();
              }
            } catch {
              /* not listening yet */
            }
            await new Promise((r) => setTimeout(r, 100));
          }
        };
        void poll();
      });
    },
    stop(signal = "SIGTERM") {
      const child = n.child;
      if (!child) return Promise.resolve();
      return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill(signal);
      });
    },
  };
  return n;
}

/** nginx.conf for a loopback test: the template with its paths and upstreams filled in. */
export function nginxConfig(dir: string, listen: number, upstreams: number[]): string {
  const template = readFileSync(path.join(root, "deploy/nginx.conf"), "utf8");
  return (
    `worker_processes 1;\nworker_rlimit_nofile 40000;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\ndaemon off;\n` +
    `events { worker_connections 16000; }\n` +
    `http {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n` +
    `  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n` +
    template
      .replaceAll("server 127.0.0.1:3001;\n    server 127.0.0.1:3002;", upstreams.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join("\n    "))
      .replace("listen 80;", `listen 127.0.0.1:${listen};`)
      .replace("/var/cache/nginx/gongpu", `${dir}/cache`)
      .replace(/^/gm, "  ") +
    `\n}\n`
  );
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const bin = nginxBinary();
  const dir = mkdtempSync(path.join(tmpdir(), "gongpu-cluster-"));
  const count = opts.nodes ?? 2;
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const listen = await freePort();
  const env = { DATABASE_URL: opts.databaseUrl, REDIS_URL: opts.redisUrl, SEED_DEMO: "0", RATE_LIMITS: "on", ...opts.env };
  const nodes = ports.map((p, i) => nodeProcess(`node${i + 1}`, p, env));
  // The first node migrates the database alone; the others start on a migrated one.
  await nodes[0]!.start();
  await Promise.all(nodes.slice(1).map((n) => n.start()));

  // nginx's workers (not root) write the page cache.
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, "cache"), { mode: 0o777 });
  chmodSync(path.join(dir, "cache"), 0o777);
  writeFileSync(path.join(dir, "nginx.conf"), nginxConfig(dir, listen, ports));
  const test = spawnSync(bin, ["-t", "-c", path.join(dir, "nginx.conf"), "-p", dir], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t failed: ${test.stderr}`);
  const nginx = spawn(bin, ["-c", path.join(dir, "nginx.conf"), "-p", dir], { stdio: "ignore" });
  const url = `http://127.0.0.1:${listen}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (i > 100) throw new Error("nginx did not come up");
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    url,
    nodes,
    async stop() {
      nginx.kill("SIGQUIT");
      await Promise.all(nodes.map((n) => n.stop("SIGTERM")));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
