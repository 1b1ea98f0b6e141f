// Two app processes on one PostgreSQL and one Redis behind nginx (deploy/nginx.conf): a reply
// posted through one node reaches a browser connected through the other, presence counts
// readers on both, and rate limits count across nodes. Needs PostgreSQL and Redis (CI has both):
// the embedded database is one process by design.
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { io as ioClient, type Socket } from "socket.io-client";
import { dropDatabase, freshDatabaseUrl } from "../support/db";
import { startCluster, type Cluster } from "../support/cluster";

test.skip(!process.env.DATABASE_URL || !process.env.REDIS_URL, "several nodes need DATABASE_URL and REDIS_URL");
test.describe.configure({ mode: "serial", timeout: 90_000 });

let cluster: Cluster;
let databaseUrl: string | undefined;
const sockets: Socket[] = [];

test.beforeAll(async () => {
  test.setTimeout(90_000);
  databaseUrl = await freshDatabaseUrl();
  // Both nodes tick their scheduler every 300 ms: scheduled work must still run once.
  cluster = await startCluster({
    databaseUrl: databaseUrl!,
    redisUrl: process.env.REDIS_URL!,
    env: { LOG_LEVEL: "warn", SCHEDULER_INTERVAL_MS: "300", REDIS_PREFIX: `cluster-e2e-${process.pid}` },
  });
});

test.afterAll(async () => {
  for (const s of sockets) s.close();
  await cluster?.stop();
  await dropDatabase(databaseUrl);
});

async function json(url: string, init: Omit<RequestInit, "body"> & { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  const res = await fetch(url, { ...init, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function socketsOn(nodeUrl: string) {
  const text = await (await fetch(`${nodeUrl}/metrics`)).text();
  return Number(/^socketio_connected_sockets\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? NaN);
}

test("a reply posted through one node reaches a browser connected through the other, and presence counts both", async ({ browser }) => {
  const reg = await json(`${cluster.url}/api/v1/auth/register`, { method: "POST", body: { username: "cluster_reader", password: "password-123", displayName: "读者" } });
  expect(reg.status).toBe(201);
  const writer = await json(`${cluster.url}/api/v1/auth/register`, { method: "POST", body: { username: "cluster_writer", password: "password-123", displayName: "写者" } });
  const thread = await json(`${cluster.url}/api/v1/threads`, {
    method: "POST",
    token: writer.body.token,
    body: { section: "forum", title: "两台服务器之间的实时讨论", body: "负载均衡之后，回复还能实时到达吗？" },
  });
  expect(thread.status).toBe(201);
  const threadId = thread.body.thread.id;

  const context = await browser.newContext({ baseURL: cluster.url });
  await context.addCookies([{ name: "session", value: reg.body.token, url: cluster.url, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto(`/t/${threadId}`);
  await expect(page.getByText("1 人在看")).toBeVisible();

  // Which node holds the browser's socket? The other one gets the reply and a second reader.
  const counts = await Promise.all(cluster.nodes.map((n) => socketsOn(n.url)));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  const browserNode = cluster.nodes[counts.indexOf(1)]!;
  const other = cluster.nodes.find((n) => n !== browserNode)!;

  const reader = ioClient(other.url, { transports: ["websocket"], auth: { token: writer.body.token }, reconnection: false, forceNew: true });
  sockets.push(reader);
  await new Promise<void>((resolve, reject) => {
    reader.on("connect", () => resolve());
    reader.on("connect_error", reject);
  });
  const joined = await new Promise<any>((resolve) => reader.emit("join", `thread:${threadId}`, resolve));
  expect(joined.ok).toBe(true);
  await expect(page.getByText("2 人在看")).toBeVisible();

  const reply = await json(`${other.url}/api/v1/threads/${threadId}/posts`, {
    method: "POST",
    token: writer.body.token,
    body: { body: "这条回复经由另一台服务器发出。" },
  });
  expect(reply.status).toBe(201);
  await expect(page.getByText("这条回复经由另一台服务器发出。")).toBeVisible({ timeout: 3000 });

  reader.close();
  await expect(page.getByText("1 人在看")).toBeVisible();
  await context.close();
});

test("login failures for one account count across nodes", async () => {
  await json(`${cluster.url}/api/v1/auth/register`, { method: "POST", body: { username: "cluster_target", password: "password-123" } });
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) {
    const node = cluster.nodes[i % cluster.nodes.length]!;
    statuses.push((await json(`${node.url}/api/v1/auth/login`, { method: "POST", body: { username: "cluster_target", password: "wrong-password" } })).status);
  }
  // Ten failures are allowed per account in 15 minutes, wherever they land; the eleventh is refused.
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(statuses[10]).toBe(429);
});

test("scheduled work runs once: two nodes ticking every 300 ms send each event reminder once", async () => {
  const organiser = await json(`${cluster.url}/api/v1/auth/register`, { method: "POST", body: { username: "cluster_organiser", password: "password-123" } });
  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    await sql`update users set role = 'official' where id = ${Number(organiser.body.user.id)}`;
  } finally {
    await sql.end();
  }
  const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  // Outside the 24-hour reminder window at first, so people can register before it is due.
  const event = await json(`${cluster.url}/api/v1/events`, {
    method: "POST",
    token: organiser.body.token,
    body: { kind: "meetup", title: "两台服务器的提醒只发一次", description: "提醒演练", startsAt: hours(40), endsAt: hours(41), registrationClosesAt: hours(39), place: "市民服务中心", capacity: 10, terms: "无" },
  });
  expect(event.status, JSON.stringify(event.body)).toBe(201);
  const people = await Promise.all(
    [1, 2, 3].map((i) => json(`${cluster.url}/api/v1/auth/register`, { method: "POST", body: { username: `cluster_guest${i}`, password: "password-123" } })),
  );
  for (const p of people) {
    const r = await json(`${cluster.url}/api/v1/events/${event.body.event.id}/registrations`, { method: "POST", token: p.body.token });
    expect(r.status).toBe(201);
  }
  // Moved into the window: the next round on either node reminds everyone.
  const moved = await json(`${cluster.url}/api/v1/events/${event.body.event.id}`, {
    method: "PATCH",
    token: organiser.body.token,
    body: { startsAt: hours(3), endsAt: hours(4), registrationClosesAt: hours(2) },
  });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  const reminders = async (token: string) =>
    ((await json(`${cluster.url}/api/v1/notifications`, { token })).body.items as { kind: string }[]).filter((n) => n.kind === "event_reminder").length;
  for (const p of people) await expect.poll(() => reminders(p.body.token), { timeout: 10_000 }).toBe(1);
  // Many more rounds on both nodes later: still one each.
  await new Promise((r) => setTimeout(r, 2000));
  for (const p of people) expect(await reminders(p.body.token)).toBe(1);
});

test("anonymous page views are micro-cached by nginx; signed-in pages and the API never are", async () => {
  const first = await fetch(`${cluster.url}/forum`);
  expect(first.status).toBe(200);
  const second = await fetch(`${cluster.url}/forum`);
  expect(second.headers.get("x-cache")).toBe("HIT");
  // The cached copy carries the policy it was rendered with: the nonce still matches its scripts.
  const nonce = /'nonce-([^']+)'/.exec(second.headers.get("content-security-policy") ?? "")?.[1];
  expect(await second.text()).toContain(`nonce="${nonce}"`);
  const reader = await json(`${cluster.url}/api/v1/auth/register`, { method: "POST", body: { username: "cluster_cache", password: "password-123" } });
  const signedIn = await fetch(`${cluster.url}/forum`, { headers: { Cookie: `session=${reader.body.token}` } });
  expect(signedIn.headers.get("x-cache")).toBe("BYPASS");
  const api = await fetch(`${cluster.url}/api/v1/threads?section=forum`);
  expect(api.headers.get("x-cache")).toBe("BYPASS");
});
