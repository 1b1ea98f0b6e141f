// A lean path for the busiest API writes (decision 009): Express hands the JSON body straight to
// the same service the /api/v1 resource route calls, answering with the same shapes and errors,
// without Remix's route matching and Fetch-API request translation on every call.
import type { Request, Response } from "express";
import type { RequestContext } from "../app/.server/context";
import { badRequest, isAppError } from "../app/.server/errors";
import { MAX_BODY_BYTES, logInternalError, translateError } from "../app/.server/http";
import { getT } from "../app/i18n";

type Handler = (ctx: RequestContext, req: Request, body: unknown) => Promise<{ status: number; body: unknown }>;

function readBody(req: Request): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on("error", reject);
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (!text.trim()) return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(badRequest("invalid_json"));
      }
    });
  });
}

export function hotWrite(contextOf: (req: Request, res: Response) => Promise<RequestContext>, handler: Handler) {
  return async (req: Request, res: Response) => {
    res.setHeader("Cache-Control", "no-store");
    let lang: RequestContext["lang"] = "zh-CN";
    try {
      const ctx = await contextOf(req, res);
      lang = ctx.lang;
      const out = await handler(ctx, req, await readBody(req));
      res.status(out.status).json(out.body);
    } catch (e) {
      if (isAppError(e)) {
        if (e.retryAfter) res.setHeader("Retry-After", String(e.retryAfter));
        res.status(e.status).json({ error: translateError(e, lang) });
        return;
      }
      logInternalError(e);
      res.status(500).json({ error: { code: "internal", message: getT(lang)("errors.internal") } });
    }
  };
}
