// A strict, small XML 1.0 reader for tests: it refuses anything not well-formed (unbalanced or
// crossed tags, several roots, unquoted or duplicate attributes, a raw "<" or a bare "&" in
// text or attributes, unknown entities, "]]>" in text, characters XML 1.0 forbids) and returns
// the element tree with decoded text, so tests can assert on structure, not on string shapes.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Decoded character data directly inside this element. */
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(raw: string, where: string): string {
  if (raw.includes("<")) throw new Error(`raw "<" in ${where}`);
  return raw.replace(/&([^;&\s]*);?/g, (m, ent: string) => {
    if (!m.endsWith(";")) throw new Error(`bare "&" in ${where}`);
    if (ent === "amp") return "&";
    if (ent === "lt") return "<";
    if (ent === "gt") return ">";
    if (ent === "quot") return '"';
    if (ent === "apos") return "'";
    const num = /^#x([0-9a-fA-F]+)$/.exec(ent) ?? /^#([0-9]+)$/.exec(ent);
    if (num) {
      const cp = parseInt(num[1], ent.startsWith("#x") ? 16 : 10);
      const ch = String.fromCodePoint(cp);
      if (FORBIDDEN.test(ch)) throw new Error(`character reference to a forbidden character in ${where}`);
      return ch;
    }
    throw new Error(`unknown entity &${ent}; in ${where}`);
  });
}

export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error("a character XML 1.0 forbids");
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  if (xml.startsWith("\uFEFF")) i = 1;
  if (xml.startsWith("<?xml", i)) {
    const end = xml.indexOf("?>", i);
    if (end < 0) throw new Error("unterminated XML declaration");
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text) {
      if (text.includes("]]>")) throw new Error('"]]>" in text');
      const decoded = decode(text, "text");
      if (stack.length) stack[stack.length - 1].text += decoded;
      else if (text.trim()) throw new Error("text outside the root element");
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i + 4);
      if (end < 0 || xml.slice(i + 4, end).includes("--")) throw new Error("bad comment");
      i = end + 3;
    } else if (xml.startsWith("<![CDATA[", i)) {
      const end = xml.indexOf("]]>", i);
      if (end < 0 || !stack.length) throw new Error("bad CDATA section");
      stack[stack.length - 1].text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i);
      if (end < 0) throw new Error("unterminated processing instruction");
      i = end + 2;
    } else if (xml.startsWith("<!", i)) {
      throw new Error("DOCTYPE and declarations are not expected");
    } else if (xml.startsWith("</", i)) {
      const m = NAME.exec(xml.slice(i + 2));
      if (!m) throw new Error("bad end tag");
      const after = i + 2 + m[0].length;
      const close = /^\s*>/.exec(xml.slice(after));
      if (!close) throw new Error(`bad end tag </${m[0]}`);
      const open = stack.pop();
      if (!open || open.name !== m[0]) throw new Error(`</${m[0]}> does not close <${open?.name ?? "nothing"}>`);
      i = after + close[0].length;
    } else {
      const m = NAME.exec(xml.slice(i + 1));
      if (!m) throw new Error("bad start tag");
      const el: XmlElement = { name: m[0], attrs: {}, children: [], text: "" };
      let j = i + 1 + m[0].length;
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(j))![0];
        j += ws.length;
        if (xml.startsWith("/>", j) || xml.startsWith(">", j)) break;
        if (!ws) throw new Error(`attributes of <${el.name}> need white space between them`);
        const a = /^([A-Za-z_:][A-Za-z0-9_:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(xml.slice(j));
        if (!a) throw new Error(`bad attribute in <${el.name}>`);
        if (a[1] in el.attrs) throw new Error(`duplicate attribute ${a[1]} in <${el.name}>`);
        el.attrs[a[1]] = decode(a[3] ?? a[4], `attribute ${a[1]}`);
        j += a[0].length;
      }
      const selfClosing = xml.startsWith("/>", j);
      i = j + (selfClosing ? 2 : 1);
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new Error("more than one root element");
      else root = el;
      if (!selfClosing) stack.push(el);
    }
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new Error("no root element");
  return root;
}

export const childrenNamed = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

/** RFC 3339 date-time (RFC 4287 §3.3): full date, "T", time, optional fraction, Z or offset. */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The RFC 4287 requirements a feed must meet (§4.1.1, §4.1.2): returns the problems found.
 */
export function atomProblems(feed: XmlElement): string[] {
  const out: string[] = [];
  if (feed.name !== "feed") out.push(`root is <${feed.name}>`);
  if (feed.attrs.xmlns !== "http://www.w3.org/2005/Atom") out.push("not in the Atom namespace");
  for (const n of ["id", "title", "updated"]) if (childrenNamed(feed, n).length !== 1) out.push(`feed must have exactly one <${n}>`);
  const feedAuthor = childrenNamed(feed, "author").length > 0;
  const dates = (el: XmlElement, where: string) => {
    for (const n of ["updated", "published"]) {
      for (const d of childrenNamed(el, n)) if (!RFC3339.test(d.text) || Number.isNaN(Date.parse(d.text))) out.push(`${where} <${n}> "${d.text}" is not RFC 3339`);
    }
  };
  dates(feed, "feed");
  const alternates = childrenNamed(feed, "link").filter((l) => (l.attrs.rel ?? "alternate") === "alternate");
  const types = new Set(alternates.map((l) => `${l.attrs.type ?? ""}|${l.attrs.hreflang ?? ""}`));
  if (types.size !== alternates.length) out.push("feed has two alternate links of one type and language");
  if (!childrenNamed(feed, "link").some((l) => l.attrs.rel === "self")) out.push("feed should have a rel=self link");
  const ids = new Set<string>();
  childrenNamed(feed, "entry").forEach((e, k) => {
    const where = `entry ${k + 1}`;
    for (const n of ["id", "title", "updated"]) if (childrenNamed(e, n).length !== 1) out.push(`${where} must have exactly one <${n}>`);
    const id = childrenNamed(e, "id")[0]?.text ?? "";
    if (!/^[a-z][a-z0-9+.-]*:/i.test(id)) out.push(`${where} id "${id}" is not an IRI`);
    if (ids.has(id)) out.push(`${where} repeats id ${id}`);
    ids.add(id);
    if (!feedAuthor && !childrenNamed(e, "author").length) out.push(`${where} has no author`);
    for (const a of childrenNamed(e, "author")) if (childrenNamed(a, "name").length !== 1) out.push(`${where} author without one <name>`);
    const alt = childrenNamed(e, "link").some((l) => (l.attrs.rel ?? "alternate") === "alternate");
    if (!alt && !childrenNamed(e, "content").length) out.push(`${where} has neither content nor an alternate link`);
    dates(e, where);
  });
  return out;
}
