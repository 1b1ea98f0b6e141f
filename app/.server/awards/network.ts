// The network a vote came from, for the integrity view: the IPv4 /24 or IPv6 /48 of the request's
// address, HMAC-SHA256'd with a salt that lives in the database (`meta`), so raw addresses are
// never stored and every node hashes alike. The salt is made once, on first use.
import { createHmac, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { meta } from "../../../db/schema";
import { networkPrefix } from "~/domain/awards/rules";
import type { AppServices } from "../context";

const SALT_KEY = "awards_network_salt";

// The salt never changes once written; remember it per database handle.
const salts = new WeakMap<object, Promise<string>>();

async function loadSalt(app: AppServices): Promise<string> {
  await app.db.insert(meta).values({ key: SALT_KEY, value: randomBytes(32).toString("hex") }).onConflictDoNothing();
  const [row] = await app.db.select({ value: meta.value }).from(meta).where(eq(meta.key, SALT_KEY));
  return row.value;
}

function salt(app: AppServices): Promise<string> {
  let p = salts.get(app.db);
  if (!p) {
    p = loadSalt(app);
    salts.set(app.db, p);
    p.catch(() => salts.delete(app.db));
  }
  return p;
}

/** 32 hex characters naming the voter's network; the same network always gives the same value. */
export async function networkHash(app: AppServices, ip: string): Promise<string> {
  return createHmac("sha256", await salt(app)).update(networkPrefix(ip)).digest("hex").slice(0, 32);
}
