// Open311 GeoReport v2 for the mobile and hotline channels, against the real server: the
// service list, API keys (issue, list without the key, revoke), every refusal in Open311's
// error format, intake through the petition service with the key's channel and mailbox,
// published cases without personal data, idempotent retries, the per-key rate limit, filters
// and paging, and the CSRF rule for keyed requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { apiKeys, mailboxes, petitions } from "../../db/schema";
import { startTestServer, type TestServer, type TestUser } from "../support/server";

let s: TestServer;
let admin: TestUser;
let official: TestUser;
let citizen: TestUser;
const mb: Record<string, string> = {};
let hotlineKey: string;
let mobileKey: string;

type Res = { status: number; body: any; headers: Headers };

async function o311(path: string, init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Res> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${s.url}/open311/v2${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Open311's error format: `[{code, description}]` with the same HTTP status. */
function expectOpen311Error(r: Res, status: number, field?: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(Array.isArray(r.body) && r.body.length === 1, JSON.stringify(r.body)).toBe(true);
  expect(r.body[0].code).toBe(status);
  expect(typeof r.body[0].description).toBe("string");
  if (field) expect(r.body[0].description).toContain(field);
}

async function issue(name: string, channel: "mobile" | "hotline", rateLimitPerMinute = 60) {
  const r = await s.api("/admin/api-keys", { token: admin.token, body: { name, channel, rateLimitPerMinute } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { key: string; apiKey: { id: string; prefix: string } };
}

const letter = (over: Record<string, string> = {}) => ({
  service_code: "transport",
  jurisdiction_id: "city-education",
  description: "3路公交车早高峰间隔太长\n建议增加班次。",
  first_name: "伟",
  last_name: "张",
  phone: "13800138000",
  email: "zhangwei@example.com",
  address_string: "源城区新华大道88号3栋502",
  ...over,
});

beforeAll(async () => {
  s = await startTestServer();
  [admin, official, citizen] = await Promise.all([s.user("admin"), s.user("official"), s.user()]);
  for (const m of await s.app.db.select({ id: mailboxes.id, slug: mailboxes.slug }).from(mailboxes)) if (m.slug) mb[m.slug] = String(m.id);
  const r = await s.api(`/admin/users/${official.id}`, { method: "PATCH", token: admin.token, body: { mailboxes: [{ mailboxId: mb["city-education"], position: "handler" }] } });
  expect(r.status).toBe(200);
  hotlineKey = (await issue("12345 热线话务系统", "hotline")).key;
  mobileKey = (await issue("河源手机信访 App", "mobile")).key;
});

afterAll(async () => {
  await s?.stop();
});

describe("services and discovery", () => {
  it("lists every category as a service, in Chinese by default and English on request", async () => {
    const zh = await o311("/services.json");
    expect(zh.status).toBe(200);
    expect(zh.body).toHaveLength(17);
    const transport = zh.body.find((x: any) => x.service_code === "transport");
    expect(transport).toEqual({
      service_code: "transport",
      service_name: "交通出行",
      description: expect.any(String),
      metadata: false,
      type: "realtime",
      keywords: expect.stringContaining("公交"),
      group: "城市建设与管理",
    });
    const en = await o311("/services.json?locale=en");
    expect(en.body.find((x: any) => x.service_code === "transport").service_name).toBe("Transport");
    const accept = await o311("/services.json", { headers: { "Accept-Language": "en-US,en;q=0.9" } });
    expect(accept.body[0].service_name).toBe(en.body[0].service_name);
    const d = await o311("/discovery.json");
    expect(d.body.endpoints[0]).toMatchObject({ specification: "http://wiki.open311.org/GeoReport_v2", formats: ["application/json"] });
    expectOpen311Error(await o311("/services/transport.json"), 404);
  });
});

describe("API keys", () => {
  it("are issued and listed by admins only, shown once, stored hashed, and revoked", async () => {
    expect((await s.api("/admin/api-keys", { token: citizen.token })).status).toBe(403);
    expect((await s.api("/admin/api-keys", { token: citizen.token, body: { name: "x", channel: "mobile" } })).status).toBe(403);
    const bad = await s.api("/admin/api-keys", { token: admin.token, body: { name: "", channel: "fax", rateLimitPerMinute: 0 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["channel", "name", "rateLimitPerMinute"]);

    const { key, apiKey } = await issue("临时测试", "mobile");
    expect(key).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    const list = await s.api("/admin/api-keys", { token: admin.token });
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(list.body.items.find((k: any) => k.id === apiKey.id)).toMatchObject({ name: "临时测试", channel: "mobile", active: true, lastUsedAt: null });
    const [row] = await s.app.db.select().from(apiKeys).where(eq(apiKeys.id, Number(apiKey.id)));
    expect(JSON.stringify(row)).not.toContain(key);

    // Works, then is revoked: 403 from then on, and a second revocation is a conflict.
    expect((await o311("/requests.json", { form: { ...letter(), api_key: key } })).status).toBe(201);
    const revoked = await s.api(`/admin/api-keys/${apiKey.id}`, { method: "DELETE", token: admin.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.apiKey).toMatchObject({ active: false, revokedBy: { id: admin.id } });
    expect(revoked.body.apiKey.lastUsedAt).not.toBeNull();
    expect((await s.api(`/admin/api-keys/${apiKey.id}`, { method: "DELETE", token: admin.token })).status).toBe(409);
    const after = await o311("/requests.json", { form: { ...letter(), api_key: key } });
    expectOpen311Error(after, 403);
    expect(after.body[0].description).not.toContain(key);
  });
});

describe("POST /open311/v2/requests.json", () => {
  it("refuses a missing (401) or unknown (403) key in Open311's format, changing nothing", async () => {
    const before = (await s.app.db.select({ id: petitions.id }).from(petitions)).length;
    expectOpen311Error(await o311("/requests.json", { form: letter() }), 401);
    expectOpen311Error(await o311("/requests.json", { form: { ...letter(), api_key: "o311_not-a-real-key" } }), 403);
    expectOpen311Error(await o311("/requests.json", { json: letter(), headers: { "X-Api-Key": "nope" } }), 403);
    // Refused before anything is read, still in Open311's format.
    expectOpen311Error(await o311("/requests.json", { json: { ...letter(), description: "长".repeat(100_000) }, headers: { "X-Api-Key": hotlineKey } }), 413);
    expect((await s.app.db.select({ id: petitions.id }).from(petitions)).length).toBe(before);
  });

  it("answers malformed fields with 400 naming the field, and files nothing", async () => {
    const before = (await s.app.db.select({ id: petitions.id }).from(petitions)).length;
    const post = (over: Record<string, string>, drop?: string) => {
      const form: Record<string, string> = { ...letter(over), api_key: hotlineKey };
      if (drop) delete form[drop];
      return o311("/requests.json", { form });
    };
    expectOpen311Error(await post({}, "service_code"), 400, "service_code");
    expectOpen311Error(await post({ service_code: "potholes" }), 400, "service_code");
    expectOpen311Error(await post({ jurisdiction_id: "atlantis" }), 400, "jurisdiction_id");
    expectOpen311Error(await post({ jurisdiction_id: "999999" }), 400, "jurisdiction_id");
    expectOpen311Error(await post({ description: "   " }), 400, "description");
    expectOpen311Error(await post({ description: "长".repeat(4001) }), 400, "description");
    expectOpen311Error(await post({ email: "not-an-email" }), 400, "email");
    expectOpen311Error(await post({ lat: "95", long: "114.7" }), 400, "lat");
    // The hotline's caller has no account: a phone number is needed to follow up.
    expectOpen311Error(await post({}, "phone"), 400, "phone");
    const en = await o311("/requests.json?locale=en", { form: { ...letter({ service_code: "potholes" }), api_key: hotlineKey } });
    expect(en.body[0].description).toMatch(/service_code: Unknown service_code/);
    expect((await s.app.db.select({ id: petitions.id }).from(petitions)).length).toBe(before);
  });

  it("files a case with the key's channel into the jurisdiction's mailbox, for its officials to handle", async () => {
    const r = await o311("/requests.json", { form: { ...letter(), api_key: hotlineKey } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toHaveLength(1);
    const created = r.body[0];
    expect(created).toMatchObject({ service_request_id: expect.stringMatching(/^HY\d{14}$/), query_code: expect.stringMatching(/^[A-Z2-9]{8}$/), account_id: null });
    expect(created.tracking_number).toBe(created.service_request_id);
    expect(created.service_notice).toContain(created.service_request_id);
    const [row] = await s.app.db.select().from(petitions).where(eq(petitions.trackingNo, created.service_request_id));
    expect(row).toMatchObject({ channel: "hotline", mailboxId: Number(mb["city-education"]), category: "transport", petitionerId: null, public: false, contactName: "张伟", contactPhone: "13800138000" });
    expect(row.contactAddress).toContain("zhangwei@example.com");
    expect(row.title).toBe("3路公交车早高峰间隔太长");

    // The mailbox's officials see it on their desk (the workbench's data), channel and all.
    const desk = await s.api(`/petitions?mailboxId=${mb["city-education"]}`, { token: official.token });
    expect(desk.status).toBe(200);
    expect(desk.body.items.find((x: any) => x.trackingNo === created.service_request_id)).toMatchObject({ channel: "hotline", status: "submitted" });
    // The citizen follows it on /track with the tracking number and query code.
    const track = await s.api(`/petitions/track?trackingNo=${created.tracking_number}&queryCode=${created.query_code}`);
    expect(track.status).toBe(200);

    // A mobile app's key, JSON and the header; no jurisdiction: the city's front desk.
    const m = await o311("/requests.json", { json: { service_code: "utilities", description: "小区停水三天了" }, headers: { "X-Api-Key": mobileKey } });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    const [mrow] = await s.app.db.select().from(petitions).where(eq(petitions.trackingNo, m.body[0].service_request_id));
    expect(mrow).toMatchObject({ channel: "mobile", mailboxId: Number(mb["city-online-office"]) });
  });

  it("gives the same case for a retry with the same Idempotency-Key, and refuses the key for another letter", async () => {
    const headers = { "Idempotency-Key": "hotline-call-20261128-0001" };
    const first = await o311("/requests.json", { form: { ...letter({ description: "路灯不亮" }), api_key: hotlineKey }, headers });
    expect(first.status).toBe(201);
    const again = await o311("/requests.json", { form: { ...letter({ description: "路灯不亮" }), api_key: hotlineKey }, headers });
    expect(again.status).toBe(200);
    expect(again.body[0].service_request_id).toBe(first.body[0].service_request_id);
    expect(again.body[0].query_code).toBeNull();
    expect((await s.app.db.select().from(petitions).where(eq(petitions.body, "路灯不亮"))).length).toBe(1);
    expectOpen311Error(await o311("/requests.json", { form: { ...letter({ description: "别的事" }), api_key: hotlineKey }, headers }), 409);
    // The same idempotency key from another integration is another request.
    const other = await o311("/requests.json", { form: { ...letter({ description: "路灯不亮" }), api_key: mobileKey }, headers });
    expect(other.status).toBe(201);
    expect(other.body[0].service_request_id).not.toBe(first.body[0].service_request_id);
  });

  it("limits each key per minute with 429 and Retry-After, without touching other keys", async () => {
    const { key } = await issue("限流测试", "mobile", 2);
    const post = (k: string) => o311("/requests.json", { json: { service_code: "other", description: "限流" }, headers: { "X-Api-Key": k } });
    expect((await post(key)).status).toBe(201);
    expect((await post(key)).status).toBe(201);
    const third = await post(key);
    expectOpen311Error(third, 429);
    expect(Number(third.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await post(mobileKey)).status).toBe(201);
  });

  it("takes keyed requests from another origin (no cookie authority), while cookie writes from there stay refused", async () => {
    const r = await o311("/requests.json", { json: { service_code: "other", description: "跨域提交" }, headers: { "X-Api-Key": mobileKey, Origin: "https://app.example.org" } });
    expect(r.status).toBe(201);
    const login = await fetch(`${s.url}/api/v1/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: citizen.username, password: "password-123" }) });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    const cross = await fetch(`${s.url}/api/v1/petitions`, { method: "POST", headers: { "Content-Type": "application/json", Cookie: cookie, Origin: "https://evil.example" }, body: "{}" });
    expect(cross.status).toBe(403);
    // A session cookie is no key on Open311.
    expectOpen311Error(await o311("/requests.json", { json: letter(), headers: { Cookie: cookie, Origin: "https://evil.example" } }), 401);
  });
});

describe("GET requests", () => {
  const published: string[] = [];

  beforeAll(async () => {
    // Three consented cases, accepted by the office (publication needs consent and acceptance).
    for (const [code, where] of [
      ["transport", "city-education"],
      ["education", "city-education"],
      ["housing", "yuancheng-shangcheng"],
    ] as const) {
      const r = await o311("/requests.json", { form: { ...letter({ service_code: code, jurisdiction_id: where, description: `${code}：联系我 13800138000，张伟` }), public: "true", api_key: hotlineKey } });
      expect(r.status).toBe(201);
      const [row] = await s.app.db.select({ id: petitions.id }).from(petitions).where(eq(petitions.trackingNo, r.body[0].service_request_id));
      const a = await s.api(`/petitions/${row.id}/actions`, { token: admin.token, body: { action: "accept" } });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      published.push(r.body[0].service_request_id);
    }
  });

  it("lists published cases only, masked, without personal data", async () => {
    const r = await o311("/requests.json");
    expect(r.status).toBe(200);
    const ids = r.body.map((x: any) => x.service_request_id);
    expect(ids.slice(0, 3)).toEqual([...published].reverse());
    expect(r.body).toHaveLength(3); // unconsented cases never appear
    const text = JSON.stringify(r.body);
    for (const secret of ["13800138000", "zhangwei@example.com", "新华大道88号", "张伟"]) expect(text).not.toContain(secret);
    expect(r.body[0]).toMatchObject({
      status: "open",
      service_code: "housing",
      service_name: "住房保障",
      agency_responsible: expect.any(String),
      requested_datetime: expect.any(String),
      updated_datetime: expect.any(String),
      expected_datetime: expect.any(String),
      jurisdiction_id: "yuancheng-shangcheng",
      address: null,
    });
    expect(r.body[0]).not.toHaveProperty("media_url");

    const one = await o311(`/requests/${published[0]}.json`);
    expect(one.status).toBe(200);
    expect(one.body).toHaveLength(1);
    expect(one.body[0].service_request_id).toBe(published[0]);
    expectOpen311Error(await o311("/requests/HY20200101000000.json"), 404);
    expectOpen311Error(await o311("/requests/nonsense.json"), 404);
    // A case filed without consent is not published, whoever asks.
    const [privateCase] = await s.app.db.select({ t: petitions.trackingNo }).from(petitions).where(eq(petitions.public, false)).limit(1);
    expectOpen311Error(await o311(`/requests/${privateCase.t}.json`), 404);
  });

  it("filters by service_code, jurisdiction_id, status and dates, and pages", async () => {
    const codes = await o311("/requests.json?service_code=transport,education");
    expect(codes.body.map((x: any) => x.service_code).sort()).toEqual(["education", "transport"]);
    const j = await o311("/requests.json?jurisdiction_id=yuancheng-shangcheng");
    expect(j.body.map((x: any) => x.service_request_id)).toEqual([published[2]]);
    const byId = await o311(`/requests.json?jurisdiction_id=${mb["city-education"]}`);
    expect(byId.body).toHaveLength(2);
    expect((await o311("/requests.json?status=closed")).body).toEqual([]);
    expect((await o311("/requests.json?status=open")).body).toHaveLength(3);
    expect((await o311("/requests.json?start_date=2000-01-01T00:00:00Z&end_date=2000-12-31T00:00:00Z")).body).toEqual([]);
    expect((await o311(`/requests.json?start_date=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).body).toHaveLength(3);
    const p1 = await o311("/requests.json?page_size=2");
    const p2 = await o311("/requests.json?page_size=2&page=2");
    expect(p1.body).toHaveLength(2);
    expect(p2.body.map((x: any) => x.service_request_id)).toEqual([published[0]]);
    expect((await o311(`/requests.json?service_request_id=${published[1]}`)).body).toHaveLength(1);
    expectOpen311Error(await o311("/requests.json?service_code=potholes"), 400, "service_code");
    expectOpen311Error(await o311("/requests.json?status=pending"), 400, "status");
    expectOpen311Error(await o311("/requests.json?start_date=yesterday"), 400, "start_date");
    expectOpen311Error(await o311("/requests.json?page_size=1000"), 400, "page_size");
    expectOpen311Error(await o311("/requests.json?jurisdiction_id=atlantis"), 400, "jurisdiction_id");
  });
});
