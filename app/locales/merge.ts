// Each area keeps its strings in app/locales/areas/<area>.ts as {"zh-CN": {...}, en: {...}};
// the language files merge them so that several areas can grow without touching one file.
type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepMerge(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (isObj(v) && isObj(out[k])) out[k] = deepMerge(out[k] as Obj, v);
    else if (k in out) throw new Error(`duplicate locale key: ${k}`);
    else out[k] = v;
  }
  return out;
}

export function mergeLocales<T extends Obj>(base: T, ...parts: Obj[]): T {
  return parts.reduce<Obj>((acc, p) => deepMerge(acc, p), base) as T;
}
