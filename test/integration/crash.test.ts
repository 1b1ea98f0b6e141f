// No acknowledged write is lost (issue 6): replies, petitions, votes and registrations go through
// nginx to two nodes while a node and then PostgreSQL are killed with SIGKILL and restarted.
// Clients retry what was not acknowledged, with the same Idempotency-Key where a retry could
// double a write. Afterwards every acknowledged write is there exactly once, counters equal
// their rows, and a live reader that stayed connected through it all holds every reply once,
// in order. PostgreSQL here is a private server (test/support/private-postgres.ts), so killing
// it touches no other test. Needs Redis and nginx, as CI has.
import postgres from "postgres";
import { io as ioClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type Cluster } from "../support/cluster";
import { startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";

const enabled = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pg: PrivatePostgres;
let cluster: Cluster;
let db: postgres.Sql;

beforeAll(async () => {
  if (!enabled) return;
  pg = await startPrivatePostgres();
  cluster = await startCluster({
    databaseUrl: pg.url,
    redisUrl: process.env.REDIS_URL!,
    env: { RATE_LIMITS: "off", LOG_LEVEL: "silent", REDIS_PREFIX: `crash-${process.pid}-${Date.now()}`, SCHEDULER_INTERVAL_MS: "0" },
  });
  db = postgres(pg.url, { max: 2, onnotice: () => {} });
}, 120_000);

afterAll(async () => {
  if (!enabled) return;
  await db?.end({ timeout: 2 }).catch(() => {});
  await cluster?.stop();
  await pg?.stop();
});

interface Answer {
  status: number;
  body: any;
}

/** One attempt; a network error, a timeout or a 5xx counts as "no answer". */
async function attempt(method: string, path: string, token: string | null, body?: unknown, key?: string): Promise<Answer | null> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (key) headers["Idempotency-Key"] = key;
  try {
    const r = await fetch(`${cluster.url}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(4000),
    });
    const parsed = await r.json().catch(() => null);
    return r.status >= 500 ? null : { status: r.status, body: parsed };
  } catch {
    return null;
  }
}

let unanswered = 0;

/** Retries until the write is answered (as a careful client does), for up to a minute. */
async function acknowledged(method: string, path: string, token: string | null, body?: unknown, key?: string): Promise<Answer> {
  const until = Date.now() + 60_000;
  for (let i = 0; Date.now() < until; i++) {
    const a = await attempt(method, path, token, body, key);
    if (a) return a;
    unanswered += 1;
    await sleep(Math.min(100 * 2 ** Math.min(i, 3), 600));
  }
  throw new Error(`${method} ${path}: no answer within a minute`);
}

async function register(name: string) {
  const r = await acknowledged("POST", "/auth/register", null, { username: name, password: "password-123" });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: Number(r.body.user.id), token: r.body.token as string };
}

describe.skipIf(!enabled)("crashes lose no acknowledged write", () => {
  it("keeps every acknowledged reply, petition, vote and registration exactly once through a node crash and a database crash", async () => {
    // ---------------------------------------------------------------- setup
    const stamp = Date.now().toString(36);
    const host = await register(`host_${stamp}`);
    const writers = await Promise.all([0, 1, 2].map((i) => register(`w${i}_${stamp}`)));
    const crowd = await Promise.all(Array.from({ length: 24 }, (_, i) => register(`c${i}_${stamp}`)));
    const [mailbox] = await db<{ id: number }[]>`select id from mailboxes where slug = 'city-transport'`;
    await db`update users set role = 'official' where id = ${host.id}`;
    await db`insert into mailbox_members (mailbox_id, user_id, position) values (${mailbox!.id}, ${host.id}, 'handler') on conflict do nothing`;

    const thread = await acknowledged("POST", "/threads", writers[0]!.token, { section: "forum", title: "宕机演练：回复一条也不能少", body: "演练期间持续回复。" });
    expect(thread.status).toBe(201);
    const threadId = thread.body.thread.id as string;
    const now = Date.now();
    const session = await acknowledged("POST", "/live", host.token, {
      title: "宕机演练：在线交流",
      description: "投票演练",
      mailboxId: String(mailbox!.id),
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      moderated: false,
    });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    const questions: string[] = [];
    for (const w of writers) {
      const q = await acknowledged("POST", `/live/${session.body.session.id}/questions`, w.token, { body: `演练问题：来自 ${w.id} 的提问` });
      expect(q.status, JSON.stringify(q.body)).toBe(201);
      questions.push(q.body.question.id);
    }
    const event = await acknowledged("POST", "/events", host.token, {
      kind: "meetup",
      title: "宕机演练：网友见面会",
      description: "报名演练",
      startsAt: new Date(now + 72 * 3_600_000).toISOString(),
      endsAt: new Date(now + 74 * 3_600_000).toISOString(),
      registrationClosesAt: new Date(now + 48 * 3_600_000).toISOString(),
      place: "市民服务中心",
      capacity: 10,
      terms: "无",
    });
    expect(event.status, JSON.stringify(event.body)).toBe(201);
    const eventId = event.body.event.id as string;

    // A live reader through nginx that catches up by id after every reconnect, as pages do.
    const seen: string[] = [];
    let lastId = 0;
    const reader: Socket = ioClient(cluster.url, { transports: ["websocket"], reconnectionDelay: 100, reconnectionDelayMax: 500, forceNew: true });
    // Ids rise in commit order within a thread (decision 001), so "after lastId" never skips one.
    const take = (p: { id: string }) => {
      if (Number(p.id) <= lastId) return;
      seen.push(p.id);
      lastId = Number(p.id);
    };
    let catchingUp = Promise.resolve();
    const catchUp = async () => {
      for (;;) {
        const page = await attempt("GET", `/threads/${threadId}/posts?after=${lastId}&limit=100`, null);
        if (!page || page.status !== 200) {
          await sleep(200);
          continue;
        }
        for (const p of page.body.items) take(p);
        if (!page.body.nextCursor && page.body.items.length < 100) return;
      }
    };
    // As pages do (app/realtime/socket.ts joinRoom): a join the server could not answer (its
    // database was down) is tried again while connected; then catch up.
    const join = () => {
      if (!reader.connected) return;
      reader.emit("join", `thread:${threadId}`, (ack: { ok: boolean }) => {
        if (!ack?.ok) return void setTimeout(join, 300);
        catchingUp = catchingUp.then(catchUp);
      });
    };
    reader.on("connect", join);
    reader.on("post:created", (e: { post: { id: string } }) => {
      // Live events in order; one that skips ahead means something was missed: catch up first.
      catchingUp = catchingUp.then(async () => {
        if (Number(e.post.id) > lastId) await catchUp();
      });
    });

    // ---------------------------------------------------------------- load, with crashes
    let running = true;
    const ackedReplies = new Map<string, string>(); // key → post id
    const ackedPetitions = new Map<string, string>(); // key → petition id
    const ackedVotes: [string, number][] = [];
    const ackedRegistrations: number[] = [];

    const replyLoop = async (w: { id: number; token: string }, n: number) => {
      for (let i = 0; running; i++) {
        const key = `crash-r-${w.id}-${i}`;
        const a = await acknowledged("POST", `/threads/${threadId}/posts`, w.token, { body: `演练回复 ${key}` }, key);
        expect([200, 201], JSON.stringify(a.body)).toContain(a.status);
        ackedReplies.set(key, a.body.post.id);
        await sleep(n);
      }
    };
    const petitionLoop = async (w: { id: number; token: string }) => {
      for (let i = 0; running; i++) {
        const key = `crash-p-${w.id}-${i}`;
        const a = await acknowledged(
          "POST",
          "/petitions",
          w.token,
          { mailboxId: String(mailbox!.id), title: `演练来信 ${key}`, body: "宕机演练期间提交的来信，内容完整。", category: "transport", public: false, contactName: "演练", contactPhone: "13800000000" },
          key,
        );
        expect([200, 201], JSON.stringify(a.body)).toContain(a.status);
        ackedPetitions.set(key, a.body.petition.id);
        await sleep(150);
      }
    };
    const voteLoop = async () => {
      for (let i = 0; running && i < crowd.length * questions.length; i++) {
        const c = crowd[i % crowd.length]!;
        const q = questions[Math.floor(i / crowd.length)]!;
        const a = await acknowledged("POST", `/live/questions/${q}/votes`, c.token);
        // 409 already_voted: an earlier attempt whose answer was lost did count.
        expect(a.status === 200 || (a.status === 409 && a.body.error.code === "already_voted"), JSON.stringify(a.body)).toBe(true);
        ackedVotes.push([q, c.id]);
        await sleep(60);
      }
    };
    const registrationLoop = async () => {
      for (const c of crowd) {
        if (!running) break;
        const a = await acknowledged("POST", `/events/${eventId}/registrations`, c.token);
        expect(a.status === 201 || a.status === 409, JSON.stringify(a.body)).toBe(true);
        ackedRegistrations.push(c.id);
        await sleep(150);
      }
    };

    const load = Promise.all([
      ...writers.map((w, i) => replyLoop(w, 60 + 20 * i)),
      petitionLoop(writers[0]!),
      petitionLoop(writers[1]!),
      voteLoop(),
      registrationLoop(),
    ]);

    await sleep(2500);
    await cluster.nodes[0]!.stop("SIGKILL");
    await sleep(1500);
    await cluster.nodes[0]!.start();
    await sleep(2500);
    await pg.crash();
    await sleep(1500);
    await pg.start();
    await sleep(3000);
    running = false;
    await load;
    // The crashes did hit writes in flight: clients had to retry.
    expect(unanswered).toBeGreaterThan(0);

    // ---------------------------------------------------------------- every acknowledged write, once
    expect(ackedReplies.size).toBeGreaterThan(20);
    const posts = await db<{ id: string; body: string; seq: number }[]>`select id::text, body, seq from posts where thread_id = ${threadId} order by posts.id`;
    const byBody = new Map<string, number>();
    for (const p of posts) byBody.set(p.body, (byBody.get(p.body) ?? 0) + 1);
    for (const [key, id] of ackedReplies) {
      expect(byBody.get(`演练回复 ${key}`), key).toBe(1);
      expect(posts.some((p) => p.id === id)).toBe(true);
    }
    expect([...byBody.values()].every((n) => n === 1)).toBe(true);
    const [t] = await db<{ post_count: number; last_seq: number }[]>`select post_count, last_seq from threads where id = ${threadId}`;
    expect(t!.post_count).toBe(posts.length);
    const seqs = posts.map((p) => p.seq);
    const outOfOrder = seqs.flatMap((q, i) => (q !== i + 1 ? [`#${i} id ${posts[i]!.id} seq ${q}`] : [])).slice(0, 8);
    expect(outOfOrder, `floors out of id order or with gaps among ${seqs.length}`).toEqual([]); // floors dense, in id order
    expect(t!.last_seq).toBe(posts.length);

    expect(ackedPetitions.size).toBeGreaterThan(5);
    const letters = await db<{ id: string; title: string }[]>`select id::text, title from petitions where title like '演练来信 %'`;
    expect(letters.length).toBe(new Set(letters.map((l) => l.title)).size);
    for (const [key, id] of ackedPetitions) expect(letters.find((l) => l.title === `演练来信 ${key}`)?.id, key).toBe(id);

    const votes = await db<{ question_id: string; user_id: number }[]>`select question_id::text, user_id::int from live_votes`;
    for (const [q, u] of ackedVotes) expect(votes.some((v) => v.question_id === q && v.user_id === u), `${q}/${u}`).toBe(true);
    const counters = await db<{ id: string; votes: number; rows: number }[]>`
      select q.id::text, q.votes, (select count(*)::int from live_votes v where v.question_id = q.id) as rows from live_questions q`;
    for (const c of counters) expect(c.votes, `question ${c.id}`).toBe(c.rows);

    const regs = await db<{ user_id: number; status: string }[]>`select user_id::int, status from event_registrations where event_id = ${eventId} and status <> 'cancelled'`;
    for (const u of ackedRegistrations) expect(regs.filter((r) => r.user_id === u), `user ${u}`).toHaveLength(1);
    const [ev] = await db<{ registered: number; waitlisted: number }[]>`select registered, waitlisted from events where id = ${eventId}`;
    expect(ev!.registered).toBe(regs.filter((r) => r.status === "registered").length);
    expect(ev!.waitlisted).toBe(regs.filter((r) => r.status === "waitlisted").length);

    // ---------------------------------------------------------------- the live reader caught up
    const missing = () => posts.filter((p) => !seen.includes(p.id)).map((p) => `${p.id} (${p.body})`);
    await expect.poll(async () => (await catchingUp, missing()), { timeout: 15_000 }).toEqual([]);
    expect(seen).toEqual(posts.map((p) => p.id));
    reader.close();
  }, 180_000);
});
