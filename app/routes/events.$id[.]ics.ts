// GET /events/:id.ics — the event page's "add to calendar" link (same file as the API's).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { icsResponse } from "~/.server/events/ical";
import { forPage, idParam } from "~/.server/http";

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  forPage(context, () => icsResponse(context.app, idParam(params.id), request));
