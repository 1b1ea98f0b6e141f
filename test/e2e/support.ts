// Helpers shared by the e2e specs: the server's address, accounts (fresh ones through the
// register API, the demo moderator/official through the login API), threads and posts through
// the API, and browser contexts signed in with a session cookie.
import { randomBytes } from "node:crypto";
import { expect, request as pwRequest, type Browser, type BrowserContext, type Page } from "@playwright/test";

export function baseURL(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run the suite with `npx playwright test` (webServer starts test/e2e/serve.ts)");
  return url;
}

/** Demo accounts seeded by db/seed/demo.ts (password DEMO_PASSWORD there). */
export const DEMO_PASSWORD = "heyuan2026";
export const demo = {
  admin: { username: "admin_office", displayName: "市网络问政办" },
  moderator: { username: "mod_lixia", displayName: "版主李霞" },
  official: { username: "official_chen", displayName: "陈志强（市交通运输局）" },
  citizen: { username: "zhang_wei", displayName: "张伟" },
  citizen2: { username: "liu_fang", displayName: "刘芳" },
  citizen3: { username: "wang_lei", displayName: "王磊" },
  citizen4: { username: "chen_jing", displayName: "陈静" },
} as const;

export interface Account {
  id: string;
  username: string;
  displayName: string;
  token: string;
  password: string;
}

export async function api<T = any>(
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: T }> {
  const ctx = await pwRequest.newContext({ baseURL: baseURL() });
  try {
    const res = await ctx.fetch(`/api/v1${path}`, {
      method: init.method ?? (init.body !== undefined ? "POST" : "GET"),
      headers: {
        "Content-Type": "application/json",
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      },
      data: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status(), body: text ? JSON.parse(text) : null };
  } finally {
    await ctx.dispose();
  }
}

/**
 * A new citizen account. The register API allows 20 per IP per hour and the suite keeps rate
 * limits on, so it registers about ten (the rest are demo accounts through loginDemo).
 */
export async function register(label: string): Promise<Account> {
  const username = `e2e_${label}_${randomBytes(3).toString("hex")}`.slice(0, 32);
  const displayName = `${label}${randomBytes(2).toString("hex")}`;
  const password = "password-123";
  const r = await api("/auth/register", { body: { username, password, displayName } });
  expect(r.status, `register ${username}: ${JSON.stringify(r.body)}`).toBe(201);
  return { id: r.body.user.id, username, displayName: r.body.user.displayName, token: r.body.token, password };
}

/** Signs a demo account in through the login API (a fresh session each time). */
export async function loginDemo(who: { username: string; displayName: string }): Promise<Account> {
  const r = await api("/auth/login", { body: { username: who.username, password: DEMO_PASSWORD } });
  expect(r.status, `login ${who.username}: ${JSON.stringify(r.body)}`).toBe(200);
  return { id: r.body.user.id, username: who.username, displayName: r.body.user.displayName, token: r.body.token, password: DEMO_PASSWORD };
}

export async function createThread(author: Account, title: string, body = "讨论正文：请大家理性发言。", section: "forum" | "info" = "forum") {
  const r = await api("/threads", { token: author.token, body: { section, title, body } });
  expect(r.status, `create thread: ${JSON.stringify(r.body)}`).toBe(201);
  return r.body.thread as { id: string; title: string };
}

export async function createPost(author: Account, threadId: string, body: string) {
  const r = await api(`/threads/${threadId}/posts`, { token: author.token, body: { body } });
  expect(r.status, `create post: ${JSON.stringify(r.body)}`).toBe(201);
  return r.body.post as { id: string; seq: number; body: string };
}

/** A browser context whose requests and socket carry `account`'s session cookie. */
export async function signedInContext(browser: Browser, account: Account | null, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ baseURL: baseURL(), ...options });
  if (account) await context.addCookies([{ name: "session", value: account.token, url: baseURL(), httpOnly: true, sameSite: "Lax" }]);
  return context;
}

/** Opens a thread page and waits until it is hydrated and has joined the live room. */
export async function openThread(page: Page, threadId: string | number, expectedPresence?: number) {
  await page.goto(`/t/${threadId}`);
  await expect(page.locator(".live-bar")).toContainText(presenceText(expectedPresence));
}

/** "N 人在看" exactly N (not 12 when N is 2). */
export const presenceText = (n?: number) => (n === undefined ? /\d+ 人在看/ : new RegExp(`(^|\\D)${n} 人在看`));

export const post = (page: Page, id: string) => page.locator(`li#p-${id}`);

/** Unique text for a test's content, so assertions cannot match something else. */
export const marker = (label: string) => `${label}-${randomBytes(4).toString("hex")}`;

export async function closeAll(...contexts: (BrowserContext | undefined)[]) {
  await Promise.all(contexts.map((c) => c?.close().catch(() => {})));
}
