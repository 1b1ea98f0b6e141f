// Backup and restore, for both databases (README "Backup and restore").
//
//   npm run db:backup -- <file>            PostgreSQL (DATABASE_URL): pg_dump's custom format, taken
//                                          while the site runs (a consistent snapshot).
//                                          Embedded (DATA_DIR): a .tar.gz of the database folder;
//                                          stop the site first (the folder is locked while it runs).
//   npm run db:restore -- <file> [--force] PostgreSQL: into DATABASE_URL, which must be empty unless
//                                          --force (then existing objects are dropped first).
//                                          Embedded: into DATA_DIR; an existing database there is
//                                          kept aside as pglite.replaced-<time> with --force.
//
// The site migrates on its next start, so a backup from an older version restores into a newer one.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { lockDataDir } from "./client";

export interface Target {
  databaseUrl?: string;
  dataDir: string;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "inherit", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", (e) =>
      reject((e as NodeJS.ErrnoException).code === "ENOENT" ? new Error(`${cmd} not found: install PostgreSQL's client tools (apt-get install -y postgresql-client).`) : e),
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.trim()}`))));
  });
}

async function withPglite<T>(dataDir: string, loadDataDir: Blob | undefined, fn: (db: import("@electric-sql/pglite").PGlite) => Promise<T>) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  // The site's own lock: refuses a folder the site holds, and keeps the site out meanwhile.
  mkdirSync(path.resolve(dataDir), { recursive: true });
  const unlock = lockDataDir(path.resolve(dataDir, "pglite.lock"));
  try {
    const db = new PGlite({ dataDir: path.resolve(dataDir, "pglite"), loadDataDir, extensions: { pg_trgm } });
    await db.waitReady;
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  } finally {
    unlock();
  }
}

export async function backup(target: Target, file: string): Promise<void> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (target.databaseUrl) {
    await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, target.databaseUrl]);
    return;
  }
  if (!existsSync(path.resolve(target.dataDir, "pglite"))) throw new Error(`No embedded database in ${target.dataDir}.`);
  await withPglite(target.dataDir, undefined, async (db) => {
    const dump = await db.dumpDataDir("gzip");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  });
}

export async function restore(target: Target, file: string, opts: { force?: boolean } = {}): Promise<void> {
  if (!existsSync(file)) throw new Error(`No backup file ${file}.`);
  if (target.databaseUrl) {
    const sql = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
    let tables: number;
    try {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')`;
      tables = row!.n;
    } finally {
      await sql.end({ timeout: 5 });
    }
    if (tables > 0 && !opts.force) {
      throw new Error("The target database is not empty: restore into a new database (createdb), or pass --force to replace its contents.");
    }
    await run("pg_restore", [
      "--no-owner",
      "--no-privileges",
      "--exit-on-error",
      ...(tables > 0 ? ["--clean", "--if-exists"] : []),
      `--dbname=${target.databaseUrl}`,
      file,
    ]);
    return;
  }
  const dir = path.resolve(target.dataDir, "pglite");
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!opts.force) throw new Error(`${dir} already holds a database: pass --force to keep it aside and restore in its place.`);
    renameSync(dir, `${dir}.replaced-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  }
  mkdirSync(path.dirname(dir), { recursive: true });
  const blob = new Blob([readFileSync(file)]);
  // Opening with loadDataDir unpacks the archive into the folder; a query proves it is whole.
  await withPglite(target.dataDir, blob, async (db) => {
    await db.query("select 1");
  });
}

async function main() {
  const [command, file, ...rest] = process.argv.slice(2);
  const target: Target = { databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR ?? "./data" };
  if (!file || (command !== "backup" && command !== "restore")) {
    console.error("usage: npm run db:backup -- <file>   |   npm run db:restore -- <file> [--force]");
    process.exit(2);
  }
  const where = target.databaseUrl ? new URL(target.databaseUrl).pathname.slice(1) || "postgres" : path.resolve(target.dataDir);
  if (command === "backup") {
    await backup(target, file);
    console.log(`backed up ${where} to ${file}`);
  } else {
    await restore(target, file, { force: rest.includes("--force") });
    console.log(`restored ${file} into ${where}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`✗ ${(e as Error).message}`);
    process.exit(1);
  });
}
