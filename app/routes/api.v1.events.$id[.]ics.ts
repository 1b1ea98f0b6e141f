// GET /api/v1/events/:id.ics — the event as an iCalendar file (RFC 5545).
import { icsResponse } from "~/.server/events/ical";
import { api, idParam } from "~/.server/http";

export const loader = api(async ({ request, context, params }) => icsResponse(context.app, idParam(params.id), request));
