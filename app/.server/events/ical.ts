// GET /events/:id.ics (page) and /api/v1/events/:id.ics: the event as an iCalendar file.
import { eq } from "drizzle-orm";
import { events } from "../../../db/schema";
import { buildIcs } from "~/domain/events/ical";
import type { AppServices } from "../context";
import { notFound } from "../errors";

export async function icsResponse(app: AppServices, id: number, request: Request): Promise<Response> {
  const [e] = Number.isSafeInteger(id) && id > 0 ? await app.db.select().from(events).where(eq(events.id, id)) : [];
  if (!e) throw notFound();
  const origin = app.config.publicUrl ?? new URL(request.url).origin;
  const host = new URL(origin).hostname;
  const url = `${origin}/events/${e.id}`;
  const location = [e.place, e.onlineUrl].filter(Boolean).join(" · ") || null;
  const description = [e.description.trim(), e.onlineUrl ? `${e.onlineUrl}` : "", url].filter(Boolean).join("\n\n");
  const body = buildIcs({
    uid: `event-${e.id}@${host}`,
    stamp: app.now(),
    start: e.startsAt,
    end: e.endsAt,
    summary: e.title,
    location,
    url,
    description,
  });
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="event-${e.id}.ics"`,
      "Cache-Control": "no-cache",
    },
  });
}
