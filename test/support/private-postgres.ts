// A PostgreSQL server of the test's own (initdb in a temporary folder, its own port), so a test
// can crash it with SIGKILL without touching the machine's server that other tests use.
// Runs as the `postgres` system user when started as root (PostgreSQL refuses root).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./cluster";

export interface PrivatePostgres {
  url: string;
  /** SIGKILL to the postmaster and every backend: a crash, recovered from the WAL at restart. */
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error("PostgreSQL's server binaries are not installed (/usr/lib/postgresql/<version>/bin)");
  return path.join(base, versions[0]!, "bin");
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), "gongpu-pg-"));
  const root = process.getuid?.() === 0;
  const uid = root ? Number(execFileSync("id", ["-u", "postgres"]).toString().trim()) : undefined;
  const gid = root ? Number(execFileSync("id", ["-g", "postgres"]).toString().trim()) : undefined;
  if (root) chownSync(dir, uid!, gid!);
  const data = path.join(dir, "data");
  execFileSync(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"], {
    uid,
    gid,
    stdio: "ignore",
  });
  const port = await freePort();
  let child: ChildProcess | null = null;

  const ready = async () => {
    for (let i = 0; i < 200; i++) {
      try {
        execFileSync(path.join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-q"]);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error("private PostgreSQL did not start");
  };

  const pg: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      // fsync stays on (the default): an acknowledged commit must survive the crash.
      child = spawn(path.join(bin, "postgres"), ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=100"], {
        uid,
        gid,
        stdio: "ignore",
      });
      await ready();
    },
    async crash() {
      const pid = child?.pid;
      if (!pid) return;
      let backends: number[] = [];
      try {
        backends = execFileSync("pgrep", ["-P", String(pid)]).toString().trim().split(/\s+/).map(Number).filter(Boolean);
      } catch {
        /* none */
      }
      const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
      for (const p of [pid, ...backends]) {
        try {
          process.kill(p, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
      await exited;
      child = null;
    },
    async stop() {
      if (child) {
        const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
        child.kill("SIGINT"); // fast shutdown
        await exited;
        child = null;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  return pg;
}
