// Atom 1.0 (RFC 4287) written by hand: a small fixed shape, escaped once, here.
// - Text is escaped for XML (& < > " '), so "]]>" and markup in titles stay text; characters
//   XML 1.0 forbids (C0 controls but tab, newline and return; lone surrogates; U+FFFE/U+FFFF)
//   are dropped, since no escape can carry them.
// - `content type="html"` carries the site's safe rendered HTML, escaped as text (the form
//   RFC 4287 §3.1.1.2 describes); `xml:base` resolves the site's relative links.
// - Times are RFC 3339 in UTC (toISOString).
import { createHash } from "node:crypto";

export interface AtomPerson {
  name: string;
  uri?: string;
}

export interface AtomEntry {
  /** A tag: URI or an absolute URL; never changes for the same item. */
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  /** Absolute address of the item's page (rel="alternate"). */
  link: string;
  author: AtomPerson;
  /** Safe HTML (the site's rendered Markdown). */
  contentHtml: string;
  categories?: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** The most recent change; the newest entry's when there are entries. */
  updated: Date;
  /** Absolute address of this feed (rel="self"). */
  selfHref: string;
  /** Absolute address of the page the feed mirrors (rel="alternate"). */
  alternateHref: string;
  /** The site's origin, for xml:base. */
  base: string;
  lang: string;
  author: AtomPerson;
  entries: AtomEntry[];
}

// Everything outside XML 1.0's Char production.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const stripForbidden = (s: string) => s.replace(FORBIDDEN, "");

export function escapeXml(s: string): string {
  return stripForbidden(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** RFC 3339, UTC, millisecond precision. */
export const rfc3339 = (d: Date) => d.toISOString();

/** A tag: URI (RFC 4151) naming an item of the site for good, whatever its address becomes. */
export function tagUri(origin: string, specific: string): string {
  let host = "localhost";
  try {
    host = new URL(origin).hostname || host;
  } catch {
    /* keep localhost */
  }
  return `tag:${host},2008-12-01:${specific}`;
}

function person(tag: "author", p: AtomPerson, indent: string) {
  return [
    `${indent}<${tag}>`,
    `${indent}  <name>${escapeXml(p.name)}</name>`,
    p.uri ? `${indent}  <uri>${escapeXml(p.uri)}</uri>` : null,
    `${indent}</${tag}>`,
  ]
    .filter(Boolean)
    .join("\n");
}

export function buildAtom(feed: AtomFeed): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.lang)}" xml:base="${escapeXml(feed.base)}/">`,
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title type="text">${escapeXml(feed.title)}</title>`,
    feed.subtitle ? `  <subtitle type="text">${escapeXml(feed.subtitle)}</subtitle>` : "",
    `  <updated>${rfc3339(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfHref)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternateHref)}"/>`,
    person("author", feed.author, "  "),
    `  <generator>公仆信箱</generator>`,
  ].filter(Boolean);
  for (const e of feed.entries) {
    out.push(
      "  <entry>",
      `    <id>${escapeXml(e.id)}</id>`,
      `    <title type="text">${escapeXml(e.title)}</title>`,
      `    <updated>${rfc3339(e.updated)}</updated>`,
      ...(e.published ? [`    <published>${rfc3339(e.published)}</published>`] : []),
      `    <link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>`,
      person("author", e.author, "    "),
      ...(e.categories ?? []).map((c) => `    <category term="${escapeXml(c)}"/>`),
      `    <content type="html">${escapeXml(e.contentHtml)}</content>`,
      "  </entry>",
    );
  }
  out.push("</feed>", "");
  return out.join("\n");
}

/**
 * The HTTP answer: the Atom content type, a strong ETag of the bytes and Last-Modified of the
 * feed's `updated`; a matching If-None-Match (or, without one, an If-Modified-Since not older
 * than `updated`) gets 304 without a body.
 */
export function atomResponse(request: Request, feed: AtomFeed): Response {
  const body = buildAtom(feed);
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const lastModified = new Date(Math.floor(feed.updated.getTime() / 1000) * 1000);
  const headers = new Headers({
    "Content-Type": "application/atom+xml; charset=utf-8",
    ETag: etag,
    "Last-Modified": lastModified.toUTCString(),
    // Readers revalidate every time; a 304 costs one query and no transfer.
    "Cache-Control": "public, no-cache",
  });
  const inm = request.headers.get("If-None-Match");
  const ims = request.headers.get("If-Modified-Since");
  const matches = inm
    ? inm.split(",").some((t) => t.trim().replace(/^W\//, "") === etag || t.trim() === "*")
    : ims
      ? !Number.isNaN(Date.parse(ims)) && Date.parse(ims) >= lastModified.getTime()
      : false;
  if (matches) return new Response(null, { status: 304, headers });
  return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
}
