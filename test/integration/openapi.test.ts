// The OpenAPI document against the live routes: every api.v1.* route file and each method it
// serves is documented and every documented operation answers (no unknown-route 404); the
// document is structurally valid OpenAPI 3.1 (every $ref resolves, operationIds are unique,
// every schema compiles as JSON Schema 2020-12); and live answers validate against their schemas.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duplicateGroupItems, duplicateGroups, emergingTopicItems, emergingTopics } from "../../db/schema";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let admin: TestUser;
let doc: any;
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.user("admin");
  const r = await fetch(`${s.url}/api/v1/openapi.json`);
  expect(r.status).toBe(200);
  doc = await r.json();
});

afterAll(async () => {
  await s?.stop();
});

/** Route file → documented path: api.v1.events.$id[.]ics.ts → /events/{id}.ics */
function routePath(file: string) {
  const segments = file
    .replace(/^api\.v1\./, "")
    .replace(/\.tsx?$/, "")
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .filter((x) => x !== "_index")
    .map((seg) => seg.replace(/\u0000/g, ".").replace(/\$([A-Za-z]+)/g, "{$1}"));
  return "/" + segments.join("/");
}

/** The methods a route file serves: its loader (GET, unless it refuses everything) and its action's keys. */
function routeMethods(source: string): string[] {
  const out: string[] = [];
  if (/export (const|async function|function) loader/.test(source) && !/export const loader = methods\(\{\}\)/.test(source)) out.push("get");
  const action = source.split(/export const action\s*=/)[1];
  if (action) for (const m of action.matchAll(/^\s+(POST|PUT|PATCH|DELETE):/gm)) out.push(m[1].toLowerCase());
  return out;
}

const routeFiles = readdirSync(path.resolve("app/routes")).filter((f) => f.startsWith("api.v1.") && f !== "api.v1.$.ts");

describe("the document covers the live routes", () => {
  it("documents every api.v1 route file and every method it serves", () => {
    const missing: string[] = [];
    for (const f of routeFiles) {
      const p = routePath(f);
      const methods = routeMethods(readFileSync(path.resolve("app/routes", f), "utf8"));
      expect(methods.length, `${f} serves no method`).toBeGreaterThan(0);
      for (const m of methods) if (!doc.paths[p]?.[m]) missing.push(`${m.toUpperCase()} ${p} (${f})`);
    }
    expect(missing).toEqual([]);
  });

  it("documents no operation that the server does not route", async () => {
    // Its own administrator: POST /auth/logout ends the session it is called with.
    const prober = await s.user("admin");
    const admins = { Authorization: `Bearer ${prober.token}` };
    const unrouted: string[] = [];
    for (const [p, item] of Object.entries<any>(doc.paths)) {
      const base = item.servers?.[0]?.url ?? doc.servers[0].url;
      const url = `${s.url}${base}${p.replace(/\{[A-Za-z]+\}/g, "999999")}`;
      for (const m of METHODS) {
        if (!item[m]) continue;
        // An empty JSON body: enough to reach the route, never enough to change anything.
        const init: RequestInit = { method: m.toUpperCase(), headers: { ...admins, ...(m === "get" ? {} : { "Content-Type": "application/json" }) }, body: m === "get" ? undefined : "{}" };
        const r = await fetch(url, init);
        await r.arrayBuffer();
        if (r.headers.get("X-Unknown-Route") || r.status === 405) unrouted.push(`${m.toUpperCase()} ${p} → ${r.status}`);
      }
    }
    expect(unrouted).toEqual([]);
    // The marker is real: an unknown path carries it.
    const unknown = await fetch(`${s.url}/api/v1/no-such-thing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("X-Unknown-Route")).toBe("1");
  });
});

describe("the document is valid OpenAPI 3.1", () => {
  it("has the required structure, unique operationIds, resolvable $refs and compilable schemas", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title && doc.info.version).toBeTruthy();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerAuth", "open311ApiKey", "sessionCookie"]);
    const ids = new Set<string>();
    const problems: string[] = [];
    for (const [p, item] of Object.entries<any>(doc.paths)) {
      if (!p.startsWith("/")) problems.push(`path ${p} does not start with /`);
      const pathParams = [...p.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]);
      for (const m of METHODS) {
        const op = item[m];
        if (!op) continue;
        if (!op.operationId || ids.has(op.operationId)) problems.push(`${m} ${p}: operationId ${op.operationId} missing or repeated`);
        ids.add(op.operationId);
        if (!op.responses || !Object.keys(op.responses).length) problems.push(`${m} ${p}: no responses`);
        const declared = (op.parameters ?? []).filter((x: any) => x.in === "path").map((x: any) => x.name);
        if (declared.sort().join() !== [...pathParams].sort().join()) problems.push(`${m} ${p}: path parameters ${declared} ≠ ${pathParams}`);
        for (const sec of op.security ?? []) for (const name of Object.keys(sec)) if (!doc.components.securitySchemes[name]) problems.push(`${m} ${p}: unknown security ${name}`);
      }
    }
    // Every $ref points at something in the document.
    const resolve = (ref: string) => ref.replace(/^#\//, "").split("/").reduce((o: any, k) => (o == null ? o : o[k]), doc);
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}/${i}`));
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          if (k === "$ref" && (typeof x !== "string" || resolve(x) === undefined)) problems.push(`${at}: unresolved $ref ${String(x)}`);
          walk(x, `${at}/${k}`);
        }
      }
    };
    walk(doc, "#");
    expect(problems).toEqual([]);
    // Schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect).
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat("date-time", true).addFormat("email", true);
    ajv.addSchema({ $id: "doc", components: doc.components }, "doc");
    for (const name of Object.keys(doc.components.schemas)) expect(() => ajv.getSchema(`doc#/components/schemas/${name}`)).not.toThrow();
  });
});

describe("live answers match their documented schemas", () => {
  let ajv: InstanceType<typeof Ajv2020>;
  beforeAll(() => {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat("date-time", (v: string) => !Number.isNaN(Date.parse(v))).addFormat("email", true);
    // Local refs (#/components/...) resolve inside this one document.
    ajv.addSchema({ ...doc, $id: "openapi" }, "openapi");
  });

  async function expectDocumented(method: string, p: string, status: number, init: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
    const item = doc.paths[p];
    const op = item[method];
    const base = item.servers?.[0]?.url ?? doc.servers[0].url;
    const concrete = init.headers?.["X-Path"] ?? p;
    const headers: Record<string, string> = { ...init.headers };
    delete headers["X-Path"];
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    const r = await fetch(`${s.url}${base}${concrete}`, { method: method.toUpperCase(), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    const body = await r.json();
    expect(r.status, JSON.stringify(body).slice(0, 300)).toBe(status);
    let response = op.responses[String(status)];
    if (response.$ref) response = response.$ref.replace(/^#\//, "").split("/").reduce((o: any, k: string) => o[k], doc);
    const schema = response.content["application/json"].schema;
    const validate = ajv.compile({ $ref: "openapi#" + (schema.$ref ? schema.$ref.slice(1) : "/paths/" + p.replace(/~/g, "~0").replace(/\//g, "~1") + `/${method}/responses/${status}/content/application~1json/schema`) });
    const ok = validate(body);
    expect(ok, `${method.toUpperCase()} ${concrete}: ${JSON.stringify(validate.errors)}`).toBe(true);
    return body;
  }

  it("accounts, forum, mailboxes, published cases, errors and API keys", async () => {
    const reg = await expectDocumented("post", "/auth/register", 201, { body: { username: `oa_${Date.now() % 1e9}`, password: "password-123" } });
    await expectDocumented("get", "/me", 200, { token: reg.token });
    const thread = await expectDocumented("post", "/threads", 201, { token: reg.token, body: { section: "forum", title: "公交线路", body: "建议增加班次" } });
    await expectDocumented("get", "/threads", 200);
    await expectDocumented("get", "/threads/{id}", 200, { headers: { "X-Path": `/threads/${thread.thread.id}` } });
    await expectDocumented("post", "/threads/{id}/posts", 201, { token: reg.token, body: { body: "同意" }, headers: { "X-Path": `/threads/${thread.thread.id}/posts` } });
    await expectDocumented("get", "/mailboxes", 200);
    await expectDocumented("get", "/petitions/public", 200);
    await expectDocumented("get", "/threads/{id}", 404, { headers: { "X-Path": "/threads/999999" } });
    await expectDocumented("post", "/threads", 400, { token: reg.token, body: { section: "forum" } });
    await expectDocumented("get", "/me", 401);
    await expectDocumented("post", "/admin/api-keys", 201, { token: admin.token, body: { name: "OpenAPI 测试", channel: "mobile" } });
    await expectDocumented("get", "/admin/api-keys", 200, { token: admin.token });
    await expectDocumented("get", "/admin/api-keys", 403, { token: reg.token });
  });

  it("search: results with highlights, a too-short query, a bad type", async () => {
    const u = await s.user();
    await s.api("/threads", { token: u.token, body: { section: "forum", title: "东源县公交线路调整的建议", body: "希望增加早晚高峰班次" } });
    const found = await expectDocumented("get", "/search", 200, { headers: { "X-Path": `/search?q=${encodeURIComponent("公交线路")}` } });
    expect(found.items.length).toBeGreaterThan(0);
    const short = await expectDocumented("get", "/search", 200, { headers: { "X-Path": `/search?q=${encodeURIComponent("公")}` } });
    expect(short.notice).toBe("too_short");
    await expectDocumented("get", "/search", 400, { headers: { "X-Path": "/search?q=abc&type=everything" } });
  });

  it("ten practical things: list, one, create (official, admin), progress, follow, milestones, links", async () => {
    const transport = ((await s.api("/mailboxes")).body.items as any[]).find((m) => m.slug === "city-transport").id as string;
    const [official, citizen] = await Promise.all([s.user("official"), s.user()]);
    await s.api(`/admin/users/${official.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: transport, position: "handler" }] } });
    const at = (p: string) => ({ "X-Path": p });
    const proposal = { year: 2031, title: "优化市区公交线网", summary: "新开通 **10 条**线路", ownerMailboxId: transport, budgetYuan: 180_000_000, milestones: [{ title: "完成招标", dueOn: "2031-06-30" }] };

    const proposed = (await expectDocumented("post", "/commitments", 201, { token: official.token, body: proposal })).commitment;
    await expectDocumented("post", "/commitments", 403, { token: citizen.token, body: proposal });
    await expectDocumented("post", "/commitments", 401, { body: proposal });
    const adopted = (await expectDocumented("post", "/commitments", 201, { token: admin.token, body: { ...proposal, title: "新建口袋公园", budgetYuan: null, status: "adopted", ordinal: 1, milestones: [] } })).commitment;
    await expectDocumented("post", "/commitments", 409, { token: admin.token, body: { ...proposal, status: "adopted", ordinal: 1 } });
    await expectDocumented("post", "/commitments", 400, { token: admin.token, body: { ...proposal, year: 1999 } });

    const list = await expectDocumented("get", "/commitments", 200, { headers: at("/commitments?year=2031") });
    expect(list.items.map((c: any) => c.id)).toEqual([adopted.id, proposed.id]);
    await expectDocumented("get", "/commitments", 400, { headers: at("/commitments?status=maybe") });
    await expectDocumented("get", "/commitments/{id}", 200, { token: citizen.token, headers: at(`/commitments/${proposed.id}`) });
    await expectDocumented("get", "/commitments/{id}", 404, { headers: at("/commitments/999999") });
    await expectDocumented("patch", "/commitments/{id}", 409, { token: admin.token, body: { status: "done" }, headers: at(`/commitments/${proposed.id}`) });
    await expectDocumented("patch", "/commitments/{id}", 200, { token: official.token, body: { summary: "新开通 **12 条**线路" }, headers: at(`/commitments/${proposed.id}`) });

    await expectDocumented("put", "/commitments/{id}/follow", 200, { token: citizen.token, headers: at(`/commitments/${adopted.id}/follow`) });
    const progress = await expectDocumented("post", "/commitments/{id}/progress", 201, { token: official.token, body: { progress: 40, note: "完成选址" }, headers: at(`/commitments/${adopted.id}/progress`) });
    expect(progress).toMatchObject({ progress: 40, notified: 1 });
    await expectDocumented("post", "/commitments/{id}/progress", 409, { token: official.token, body: { progress: 10 }, headers: at(`/commitments/${proposed.id}/progress`) });
    await expectDocumented("post", "/commitments/{id}/progress", 400, { token: official.token, body: { progress: 101 }, headers: at(`/commitments/${adopted.id}/progress`) });
    await expectDocumented("post", "/commitments/{id}/progress", 403, { token: citizen.token, body: { progress: 50 }, headers: at(`/commitments/${adopted.id}/progress`) });
    await expectDocumented("get", "/commitments/{id}/progress", 200, { headers: at(`/commitments/${adopted.id}/progress`) });
    await expectDocumented("delete", "/commitments/{id}/follow", 200, { token: citizen.token, headers: at(`/commitments/${adopted.id}/follow`) });

    const milestone = (await expectDocumented("post", "/commitments/{id}/milestones", 201, { token: official.token, body: { title: "开工" }, headers: at(`/commitments/${adopted.id}/milestones`) })).milestone;
    await expectDocumented("patch", "/commitments/{id}/milestones/{milestoneId}", 200, { token: official.token, body: { done: true, dueOn: "2031-09-30" }, headers: at(`/commitments/${adopted.id}/milestones/${milestone.id}`) });
    const thread = (await s.api("/threads", { token: citizen.token, body: { section: "forum", title: "公园太少", body: "希望多建口袋公园" } })).body.thread;
    await expectDocumented("post", "/commitments/{id}/links", 201, { token: official.token, body: { threadId: thread.id }, headers: at(`/commitments/${adopted.id}/links`) });
    await expectDocumented("post", "/commitments/{id}/links", 409, { token: official.token, body: { threadId: thread.id }, headers: at(`/commitments/${adopted.id}/links`) });
    await expectDocumented("get", "/commitments/{id}/links", 200, { headers: at(`/commitments/${adopted.id}/links`) });
    const full = await expectDocumented("get", "/commitments/{id}", 200, { token: admin.token, headers: at(`/commitments/${adopted.id}`) });
    expect([full.commitment.history.length, full.commitment.links.length, full.commitment.milestones[0].doneAt]).toEqual([1, 1, expect.any(String)]);

    // The Atom feeds: the documented type and validators, and 304 on a matching ETag.
    for (const [p, concrete] of [
      ["/feeds/info.atom", "/feeds/info.atom"],
      ["/feeds/official-replies.atom", "/feeds/official-replies.atom"],
      ["/feeds/commitments/{id}.atom", `/feeds/commitments/${adopted.id}.atom`],
    ]) {
      const op = doc.paths[p].get;
      expect(op.parameters.filter((x: any) => x.in === "header").map((x: any) => x.name)).toEqual(["If-None-Match", "If-Modified-Since"]);
      const r = await fetch(`${s.url}/api/v1${concrete}`);
      const xml = await r.text();
      expect(r.status).toBe(200);
      const [type] = Object.keys(op.responses["200"].content);
      expect(r.headers.get("Content-Type")).toMatch(new RegExp(`^${type.replace("+", "\\+")}`));
      expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
      for (const h of Object.keys(op.responses["200"].headers)) expect(r.headers.get(h), `${concrete} ${h}`).toBeTruthy();
      const again = await fetch(`${s.url}/api/v1${concrete}`, { headers: { "If-None-Match": r.headers.get("ETag")! } });
      expect(again.status).toBe(304);
      expect(op.responses["304"]).toBeTruthy();
      expect(await again.text()).toBe("");
    }
    expect((await fetch(`${s.url}/api/v1/feeds/commitments/${adopted.id}.atom`).then((r) => r.text())).match(/<entry>/g)).toHaveLength(2);
    await expectDocumented("get", "/feeds/commitments/{id}.atom", 404, { headers: at("/feeds/commitments/999999.atom") });
  });

  it("statistics and emerging issues: volumes (JSON, CSV), the run, a topic and its actions", async () => {
    const transport = ((await s.api("/mailboxes")).body.items as any[]).find((m) => m.slug === "city-transport").id as string;
    const [official, citizen] = await Promise.all([s.user("official"), s.user()]);
    const at = (p: string) => ({ "X-Path": p });
    const letter = (await s.api("/petitions", { token: citizen.token, body: { mailboxId: transport, category: "transport", title: "公交班次太少", body: "8路公交车等车时间太长", public: false } })).body.petition;
    const thread = (await s.api("/threads", { token: citizen.token, body: { section: "forum", title: "公交班次", body: "8路车太少了" } })).body.thread;

    // Volumes: the defaults (letters by category per day), counties per month, forum replies per week.
    const byCategory = await expectDocumented("get", "/stats/volumes", 200);
    expect(byCategory).toMatchObject({ source: "petitions", by: "category", granularity: "day", metric: null });
    expect(byCategory.periods).toHaveLength(30);
    expect(byCategory.series.find((x: any) => x.key === "transport")?.total).toBeGreaterThan(0);
    const year = byCategory.to.slice(0, 4);
    const byCounty = await expectDocumented("get", "/stats/volumes", 200, { headers: at(`/stats/volumes?by=county&granularity=month&from=${year}-01-01&to=${year}-12-31`) });
    expect(byCounty.periods).toHaveLength(12);
    expect(byCounty.series.find((x: any) => x.key === "city")?.total).toBeGreaterThan(0);
    const replies = await expectDocumented("get", "/stats/volumes", 200, { headers: at("/stats/volumes?source=forum&metric=posts&granularity=week") });
    expect(replies).toMatchObject({ by: "section", metric: "posts" });
    await expectDocumented("get", "/stats/volumes", 400, { headers: at("/stats/volumes?granularity=day&from=2024-01-01&to=2025-12-31") });
    await expectDocumented("get", "/stats/volumes", 400, { headers: at("/stats/volumes?metric=posts") });
    // The CSV: the documented type and headers, from both addresses.
    for (const [p, concrete] of [
      ["/stats/volumes.csv", "/stats/volumes.csv?by=channel&lang=en"],
      ["/stats/volumes", "/stats/volumes?by=channel&format=csv&lang=en"],
    ]) {
      const ok = doc.paths[p].get.responses["200"];
      expect(ok.content["text/csv"].schema.type).toBe("string");
      const r = await fetch(`${s.url}/api/v1${concrete}`);
      const bytes = Buffer.from(await r.arrayBuffer());
      expect(r.status).toBe(200);
      expect(r.headers.get("Content-Type")).toMatch(/^text\/csv/);
      for (const h of Object.keys(ok.headers ?? {})) expect(r.headers.get(h), `${concrete} ${h}`).toBeTruthy();
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString("utf8")).toContain(",mailbox,");
    }
    expect((await fetch(`${s.url}/api/v1/stats/volumes.csv?by=nobody`)).status).toBe(400);

    // The run: administrators only; then a topic and a duplicate group of that day, planted.
    await expectDocumented("get", "/insight/emerging", 401);
    await expectDocumented("get", "/insight/emerging", 403, { token: citizen.token });
    await expectDocumented("post", "/insight/runs", 403, { token: official.token });
    const { run } = await expectDocumented("post", "/insight/runs", 201, { token: admin.token });
    expect(run.manual).toBe(true);
    const [topic] = await s.app.db
      .insert(emergingTopics)
      .values({ day: run.day, kind: "category", key: "transport", count: 6, baseline: 0.5, sigma: 1, score: 5.5, series: [0, 1, 0, 6] })
      .returning({ id: emergingTopics.id });
    const items = [
      { itemType: "petition" as const, itemId: Number(letter.id) },
      { itemType: "thread" as const, itemId: Number(thread.id) },
    ];
    await s.app.db.insert(emergingTopicItems).values(items.map((i, position) => ({ ...i, topicId: topic.id, position })));
    const [group] = await s.app.db.insert(duplicateGroups).values({ day: run.day, similarity: 0.8, channels: ["mailbox", "forum"], size: 2, position: 0 }).returning({ id: duplicateGroups.id });
    await s.app.db.insert(duplicateGroupItems).values(items.map((i, position) => ({ ...i, groupId: group.id, channel: i.itemType === "thread" ? "forum" : "mailbox", position })));

    const emerging = await expectDocumented("get", "/insight/emerging", 200, { token: official.token });
    const t = emerging.topics.find((x: any) => x.id === String(topic.id));
    // The official is in no mailbox of the case: it is counted, untitled and unlinked.
    expect(t.items.map((i: any) => [i.type, i.title])).toEqual([["petition", null], ["thread", "公交班次"]]);
    expect(emerging.groups).toHaveLength(1);
    expect((await expectDocumented("get", "/insight/emerging", 200, { token: admin.token, headers: at("/insight/emerging?day=2001-01-01") })).run).toBeNull();

    const id = String(topic.id);
    await expectDocumented("post", "/insight/emerging/{id}/propose", 200, { token: official.token, headers: at(`/insight/emerging/${id}/propose`) });
    const discussed = await expectDocumented("post", "/insight/emerging/{id}/thread", 201, { token: official.token, headers: at(`/insight/emerging/${id}/thread`) });
    await expectDocumented("post", "/insight/emerging/{id}/thread", 409, { token: admin.token, headers: at(`/insight/emerging/${id}/thread`) });
    await expectDocumented("post", "/insight/emerging/{id}/dismiss", 409, { token: admin.token, headers: at(`/insight/emerging/${id}/dismiss`) });
    await expectDocumented("post", "/insight/emerging/{id}/dismiss", 403, { token: citizen.token, headers: at(`/insight/emerging/${id}/dismiss`) });
    await expectDocumented("post", "/insight/emerging/{id}/dismiss", 404, { token: official.token, headers: at("/insight/emerging/999999/dismiss") });
    const proposed = await expectDocumented("post", "/insight/emerging/{id}/propose", 200, { token: admin.token, headers: at(`/insight/emerging/${id}/propose`) });
    expect([proposed.threadId, proposed.url]).toEqual([discussed.threadId, expect.stringMatching(/^\/commitments\/new\?/)]);
  });

  it("Open311", async () => {
    await expectDocumented("get", "/services.json", 200);
    await expectDocumented("get", "/discovery.json", 200);
    await expectDocumented("get", "/requests.json", 200);
    await expectDocumented("get", "/requests.json", 400, { headers: { "X-Path": "/requests.json?status=pending" } });
    await expectDocumented("post", "/requests.json", 401, { body: { service_code: "other", description: "x" } });
    const { key } = (await s.api("/admin/api-keys", { token: admin.token, body: { name: "OpenAPI", channel: "hotline" } })).body;
    const created = await expectDocumented("post", "/requests.json", 201, {
      body: { service_code: "utilities", description: "停水", first_name: "芳", last_name: "刘", phone: "13900001111" },
      headers: { "X-Api-Key": key },
    });
    await expectDocumented("get", "/requests/{id}.json", 404, { headers: { "X-Path": `/requests/${created[0].service_request_id}.json` } });
  });
});
