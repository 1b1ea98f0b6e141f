// Opens the database: PostgreSQL through postgres.js when DATABASE_URL is set, otherwise the
// embedded PGlite under DATA_DIR. Both get the same schema and the same committed migrations.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle as drizzlePg, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePg } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema/index";

export type Schema = typeof schema;
// PGlite's drizzle database has the same query surface; one type keeps services simple.
export type Db = PostgresJsDatabase<Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Connections this process may open (1 for the embedded database). */
  poolMax: number;
  /** application_name of this process's connections: its rows in pg_stat_activity. */
  applicationName: string;
  close(): Promise<void>;
}

let opened = 0;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; "memory://" keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for postgres.js. */
  max?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const applicationName = `gongpu:${hostname()}:${process.pid}:${++opened}`;
  if (opts.databaseUrl) {
    const poolMax = opts.max ?? 10;
    const client = postgres(opts.databaseUrl, {
      max: poolMax,
      onnotice: () => {},
      connection: { application_name: applicationName },
    });
    const db = drizzlePg(client, { schema });
    await migratePg(db, { migrationsFolder });
    return { db, kind: "postgres", poolMax, applicationName, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle: drizzleLite } = await import("drizzle-orm/pglite");
  const { migrate: migrateLite } = await import("drizzle-orm/pglite/migrator");
  const dir = opts.dataDir ?? "./data";
  let dataDir: string | undefined;
  let unlock = () => {};
  if (dir !== "memory://") {
    dataDir = path.resolve(dir, "pglite");
    mkdirSync(path.dirname(dataDir), { recursive: true });
    unlock = lockDataDir(path.resolve(dir, "pglite.lock"));
  }
  try {
    const client = new PGlite({ dataDir, extensions: { pg_trgm } });
    await client.waitReady;
    const db = drizzleLite(client, { schema }) as unknown as Db;
    await migrateLite(db as never, { migrationsFolder });
    return {
      db,
      kind: "pglite",
      poolMax: 1,
      applicationName,
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

/**
 * PGlite has no lock of its own and two processes on one folder lose writes: refuse to open a
 * folder that a live process holds. A lock left by a dead process is taken over.
 */
export function lockDataDir(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(readFileSync(file, "utf8"));
      if (pid && isAlive(pid)) {
        throw new Error(`The embedded database in ${path.dirname(file)} is in use by process ${pid}. Stop it first, or set another DATA_DIR.`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${file}`);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
