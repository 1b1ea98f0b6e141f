// Hostile input through every user text field that is rendered: thread title and body, a reply,
// a display name, a petition's title, body and contact (as the official sees them), an Open311
// description and caller name, a live session and question, a meetup's title, description and
// minutes, an award nomination's reason, a commitment's title, summary and progress note. Then
// the pages that render them, in Chromium: no script ran (a window.__pwned flag, dialogs, CSP
// violations), no element carries an on* handler, no script/iframe/object/embed came from the
// content, no link goes to javascript:, data: or vbscript:, and the text shows as text.
import { expect, test, type Page } from "@playwright/test";
import { api, closeAll, demo, loginDemo, marker, register, signedInContext } from "./support";

test.describe.configure({ timeout: 120_000 });

/** Each line tries another way in. */
const LINES = [
  `<script>window.__pwned = "script"; alert(1)</script>`,
  `<img src=x onerror="window.__pwned = 'img'">`,
  `<svg onload="window.__pwned = 'svg'"><circle r=5 /></svg>`,
  `<iframe srcdoc="<script>parent.__pwned = 'srcdoc'</script>"></iframe>`,
  `<a href="javascript:window.__pwned='a'">raw link</a>`,
  `[md link](javascript:window.__pwned='md')`,
  `[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `[vb link](vbscript:msgbox(1))`,
  `[spaced]( javascript:window.__pwned='sp')`,
  `[ref link][x]\n\n[x]: javascript:window.__pwned='ref'`,
  `<div style="background:url(javascript:window.__pwned='css');width:expression(window.__pwned='expr')">styled</div>`,
  `<style>body{background:url("javascript:window.__pwned='style'")}</style>`,
  `{{constructor.constructor('window.__pwned = "template"')()}} \${window.__pwned = "tpl"}`,
  `&lt;script&gt;window.__pwned = 'entity'&lt;/script&gt; &#60;img src=x onerror=window.__pwned=1&#62;`,
  `"><script>window.__pwned = 'attr'</script><input onfocus=window.__pwned=1 autofocus>`,
  `</textarea><details open ontoggle="window.__pwned = 'toggle'"><summary>x</summary></details>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned = 'mxss'">`,
  `\u202Etxt.exe \u2066isolated\u2069 \u200Bzero-width`,
  `<form action="javascript:window.__pwned='form'"><button>go</button></form>`,
];
const PAYLOADS = LINES.join("\n\n");
/** As many whole lines as fit in `max` characters (fields with smaller limits). */
const fit = (max: number) => LINES.reduce((acc, l) => (acc.length + l.length + 2 <= max ? (acc ? `${acc}\n\n${l}` : l) : acc), "");
/** For fields with a short limit. */
const SHORT = `<img src=x onerror=window.__pwned=1>`;

const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const ok = (r: { status: number; body: any }, what: string) => {
  expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
};

/** Loads a page and proves the hostile content in it is inert. */
async function inert(page: Page, path: string, mustShow: string[]) {
  const dialogs: string[] = [];
  const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => {
    dialogs.push(d.message());
    void d.dismiss();
  };
  page.on("dialog", onDialog);
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(200);
  for (const text of mustShow) await expect(page.locator("main"), `${path} shows ${text}`).toContainText(text);
  // An <img onerror> that slipped through fires once its load fails: let every image settle.
  await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
  await page.waitForTimeout(200);
  const found = await page.evaluate(() => {
    const out: string[] = [];
    if ((window as any).__pwned !== undefined) out.push(`window.__pwned = ${String((window as any).__pwned)}`);
    for (const v of (window as any).__cspViolations ?? []) out.push(`CSP violation: ${v}`);
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) out.push(`${el.tagName} ${a.name}`);
        if (["href", "src", "action", "formaction", "srcdoc", "xlink:href", "data"].includes(a.name.toLowerCase()) && /^\s*(javascript|vbscript|data):/i.test(a.value)) {
          out.push(`${el.tagName} ${a.name}=${a.value.slice(0, 40)}`);
        }
      }
    }
    for (const el of Array.from(document.querySelectorAll("main script, main iframe, main object, main embed, main form[action^='javascript' i], main style, main input[autofocus]"))) {
      out.push(`element <${el.tagName.toLowerCase()}> in the content`);
    }
    // Every script on the page carries this response's nonce (React renders the nonce property).
    for (const s of Array.from(document.scripts)) if (!s.nonce) out.push(`script without nonce: ${s.src || s.textContent?.slice(0, 40)}`);
    return out;
  });
  expect(found, path).toEqual([]);
  expect(dialogs, `${path}: dialogs`).toEqual([]);
  page.off("dialog", onDialog);
}

test("hostile text in every rendered field runs nothing on any page that shows it", async ({ browser }) => {
  const tag = marker("inj");
  const citizen = await register("inj");
  const [admin, official, moderator] = await Promise.all([loginDemo(demo.admin), loginDemo(demo.official), loginDemo(demo.moderator)]);
  const transport = (await api("/mailboxes")).body.items.find((m: any) => m.slug === "city-transport");

  // Profile, forum.
  ok(await api("/me", { method: "PATCH", token: citizen.token, body: { displayName: SHORT } }), "display name");
  const thread = ok(await api("/threads", { token: citizen.token, body: { section: "forum", title: `T-${tag} <script>window.__pwned=1</script>`, body: `TB-${tag}\n\n${PAYLOADS}` } }), "thread").thread;
  ok(await api(`/threads/${thread.id}/posts`, { token: citizen.token, body: { body: `P-${tag}\n\n${PAYLOADS}` } }), "post");

  // A petition, as the official of its mailbox sees it; and one through Open311.
  const petition = ok(
    await api("/petitions", {
      token: citizen.token,
      body: { mailboxId: transport.id, title: `C-${tag} ${SHORT}`, body: `CB-${tag}\n\n${PAYLOADS}`, category: "transport", contactName: SHORT, contactAddress: `"><script>window.__pwned=1</script>` },
    }),
    "petition",
  ).petition;
  const key = ok(await api("/admin/api-keys", { token: admin.token, body: { name: `e2e ${tag}`, channel: "mobile" } }), "api key").key;
  const o311 = await fetch(`${process.env.E2E_BASE_URL}/open311/v2/requests.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Api-Key": key },
    body: JSON.stringify({ service_code: "transport", jurisdiction_id: "city-transport", description: `O-${tag}\n\n${PAYLOADS}`, first_name: SHORT.slice(0, 25) }),
  });
  expect(o311.status).toBe(201);
  const trackingNo = (await o311.json())[0].service_request_id;
  const cases = ok(await api(`/petitions?mailboxId=${transport.id}&limit=100`, { token: official.token }), "case list").items;
  const o311Case = cases.find((c: any) => c.trackingNo === trackingNo);
  expect(o311Case).toBeTruthy();

  // Officials online: the session and a question (unmoderated, so everyone sees it).
  const live = ok(
    await api("/live", { token: official.token, body: { title: `L-${tag} ${SHORT}`, description: `LD-${tag}\n\n${PAYLOADS}`, mailboxId: transport.id, startsAt: at(-60), endsAt: at(3600), moderated: false } }),
    "live",
  ).session;
  ok(await api(`/live/${live.id}/questions`, { token: citizen.token, body: { body: `Q-${tag}\n\n${fit(450)}` } }), "question");

  // A meetup that starts in a few seconds, so that its minutes can be published.
  const event = ok(
    await api("/events", {
      token: official.token,
      body: { kind: "meetup", title: `E-${tag} ${SHORT}`, description: `ED-${tag}\n\n${PAYLOADS}`, startsAt: at(4), endsAt: at(3600), registrationClosesAt: at(2), place: SHORT, capacity: 5 },
    }),
    "event",
  ).event;

  // An award nomination, approved so that it is shown.
  const award = ok(
    await api("/awards", {
      token: admin.token,
      body: { title: `A-${tag}`, year: 2031, nominationOpensAt: at(-60), votingOpensAt: at(86_400), votingClosesAt: at(172_800), votesPerVoter: 3, resultsVisibility: "live", winners: 3, minAccountAgeDays: 0, minPosts: 0 },
    }),
    "award",
  ).award;
  const candidate = ok(await api(`/awards/${award.id}/nominations`, { token: citizen.token, body: { username: demo.citizen3.username, reason: `N-${tag}\n\n${fit(950)}` } }), "nomination").candidate;
  ok(await api(`/awards/candidates/${candidate.id}`, { method: "PATCH", token: moderator.token, body: { approved: true } }), "approve");

  // A commitment with a progress note.
  const commitment = ok(
    await api("/commitments", {
      token: admin.token,
      body: { year: 2031, status: "adopted", ordinal: 1 + Math.floor(Math.random() * 10), title: `M-${tag} ${SHORT}`, summary: `MS-${tag}\n\n${PAYLOADS}`, ownerMailboxId: transport.id, milestones: [{ title: SHORT }] },
    }),
    "commitment",
  ).commitment;
  ok(await api(`/commitments/${commitment.id}/progress`, { token: official.token, body: { progress: 10, note: `MP-${tag}\n\n${fit(450)}` } }), "progress");

  await new Promise((r) => setTimeout(r, Math.max(0, new Date(event.startsAt).getTime() - Date.now() + 500)));
  ok(await api(`/events/${event.id}/minutes`, { method: "PUT", token: official.token, body: { minutes: `EM-${tag}\n\n${PAYLOADS}` } }), "minutes");

  const ctx = await signedInContext(browser, official);
  await ctx.addInitScript(() => {
    (window as any).__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => (window as any).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  try {
    const page = await ctx.newPage();
    await inert(page, `/t/${thread.id}`, [`T-${tag}`, `TB-${tag}`, `P-${tag}`, SHORT, "<script>window.__pwned"]);
    await inert(page, "/forum", [`T-${tag}`]);
    await inert(page, `/u/${citizen.username}`, [SHORT]);
    await inert(page, `/petitions/${petition.id}`, [`C-${tag}`, `CB-${tag}`, SHORT]);
    await inert(page, `/petitions/${o311Case.id}`, [`O-${tag}`]);
    await inert(page, `/live/${live.id}`, [`L-${tag}`, `LD-${tag}`, `Q-${tag}`]);
    await inert(page, `/events/${event.id}`, [`E-${tag}`, `ED-${tag}`, `EM-${tag}`]);
    await inert(page, `/awards/${award.id}`, [`N-${tag}`]);
    await inert(page, `/commitments/${commitment.id}`, [`M-${tag}`, `MS-${tag}`, `MP-${tag}`]);
    await inert(page, "/notifications", []);
    // The search page echoes the query into its form and highlights matches: both stay text.
    await inert(page, `/search?q=${encodeURIComponent(`T-${tag}`)}`, [`T-${tag}`]);
    await inert(page, `/search?q=${encodeURIComponent(`"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`)}`, []);
  } finally {
    await closeAll(ctx);
  }
});
