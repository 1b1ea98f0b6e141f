// iCalendar (RFC 5545) for one event: CRLF line ends, lines folded at 75 octets without
// splitting a UTF-8 character, TEXT values escaped (\\ \; \, and \n), times in UTC.

const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** The inverse of escapeText (for tests and readers). */
export function unescapeText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

const utf8Length = (ch: string) => {
  const cp = ch.codePointAt(0)!;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
};

/**
 * Folds one content line (§3.1): no physical line longer than 75 octets; continuation lines
 * start with one space, which counts towards their 75.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch);
    if (octets + n > MAX_OCTETS) {
      out.push(current);
      current = " ";
      octets = 1;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join(CRLF);
}

/** 2026-12-05T06:30:00.000Z → 20261205T063000Z */
export function formatUtc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export interface IcsEvent {
  uid: string;
  stamp: Date;
  start: Date;
  end: Date | null;
  summary: string;
  location?: string | null;
  url?: string | null;
  description?: string | null;
}

/** A whole VCALENDAR with one VEVENT, ready to serve as text/calendar. */
export function buildIcs(e: IcsEvent, prodId = "-//Heyuan Public Servant Mailbox//Meetups//ZH"): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${prodId}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${e.uid}`,
    `DTSTAMP:${formatUtc(e.stamp)}`,
    `DTSTART:${formatUtc(e.start)}`,
    ...(e.end ? [`DTEND:${formatUtc(e.end)}`] : []),
    `SUMMARY:${escapeText(e.summary)}`,
    ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
    // URL is a URI value, not TEXT: no escaping (and only http/https addresses get here).
    ...(e.url ? [`URL:${e.url}`] : []),
    ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** A small reader: unfolds, splits name and value; enough to check what buildIcs writes. */
export function parseIcs(text: string): { name: string; params: string; value: string }[] {
  return text
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter((l) => l.length > 0)
    .map((l) => {
      const colon = l.indexOf(":");
      const head = l.slice(0, colon);
      const semi = head.indexOf(";");
      return { name: semi < 0 ? head : head.slice(0, semi), params: semi < 0 ? "" : head.slice(semi + 1), value: l.slice(colon + 1) };
    });
}
