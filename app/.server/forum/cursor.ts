// Opaque keyset cursors: base64url JSON of the last row's sort key.
export function encodeCursor(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString("base64url");
}

export function decodeCursor<T>(s: string | null | undefined, check: (v: unknown) => v is T): T | null {
  if (!s || s.length > 200) return null;
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
    return check(v) ? v : null;
  } catch {
    return null;
  }
}

export function clampLimit(raw: string | number | null | undefined, def = 20, max = 100) {
  const n = Number(raw ?? def);
  return Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), max) : def;
}
