// Officials online, meetups and the most helpful netizen award (api.md and README's additions).
import { area, arr, bool, idStr, input, int, limitCursor, nullable, obj, oneOfStr, page, ref, str, time, wrap } from "./dsl";

const any = { type: "object" } as const;

export const livePaths = area("Officials online", {
  "/live": {
    get: { summary: "Sessions: live and upcoming first, then past", query: { state: oneOfStr("scheduled", "live", "ended"), ...limitCursor }, ok: { 200: { schema: page(ref("LiveSession")) } }, errors: [400] },
    post: {
      summary: "Schedule a session (officials, admins)", roles: ["official", "admin"],
      auth: "user",
      body: input({ title: str, description: str, mailboxId: idStr, startsAt: time, endsAt: time, moderated: bool, hostId: idStr }, ["title", "mailboxId", "startsAt", "endsAt"]),
      ok: { 201: { schema: wrap("session", ref("LiveSession")) } },
      errors: [403],
    },
  },
  "/live/{id}": {
    get: { summary: "A session with its questions", auth: "optional", ok: { 200: { schema: obj({ session: ref("LiveSession"), questions: arr(ref("LiveQuestion")) }) } } },
    patch: { summary: "Edit before the start, end, or highlight a question (host, admin)", roles: ["admin"], auth: "user", body: input({ title: str, description: str, startsAt: time, endsAt: time, end: bool, highlightedQuestionId: nullable(idStr) }), ok: { 200: { schema: wrap("session", ref("LiveSession")) } }, errors: [403, 409] },
  },
  "/live/{id}/questions": {
    get: { summary: "A session's questions", auth: "optional", ok: { 200: { schema: page(ref("LiveQuestion")) } } },
    post: { summary: "Ask a question", auth: "user", body: input({ body: str }, ["body"]), ok: { 201: { schema: wrap("question", ref("LiveQuestion")) } }, errors: [409, 429] },
  },
  "/live/questions/{id}": {
    patch: { summary: "Approve or hide a question (moderators, the host)", roles: ["moderator", "admin"], auth: "user", body: input({ status: oneOfStr("approved", "hidden") }, ["status"]), ok: { 200: { schema: wrap("question", ref("LiveQuestion")) } }, errors: [403] },
  },
  "/live/questions/{id}/votes": { post: { summary: "Vote for a question, once", auth: "user", ok: { 200: { schema: wrap("question", ref("LiveQuestion")) } }, errors: [403, 409] } },
  "/live/questions/{id}/answer": { post: { summary: "Answer a question (the host, admins)", roles: ["admin"], auth: "user", body: input({ body: str }, ["body"]), ok: { 200: { schema: obj({ answer: any }) } }, errors: [403, 409] } },
  "/live/questions/{id}/petition": {
    post: {
      summary: "Turn an unanswered question into a petition to the session's mailbox",
      auth: "user",
      roles: ["admin"],
      body: input({ category: str, public: bool, contactName: str, contactPhone: str, contactAddress: str }),
      ok: { 201: { schema: obj({ petition: obj({ id: idStr, trackingNo: str }, []), queryCode: nullable(str) }) } },
      errors: [403, 409],
    },
  },
});

export const eventPaths = area("Meetups", {
  "/events": {
    get: { summary: "Meetups: upcoming and ongoing first, then past", query: { kind: oneOfStr("meetup", "observe_sessions"), ...limitCursor }, ok: { 200: { schema: page(ref("Event")) } }, errors: [400] },
    post: {
      summary: "Create a meetup (officials, moderators, admins)", roles: ["official", "moderator", "admin"],
      auth: "user",
      body: input({ kind: oneOfStr("meetup", "observe_sessions"), title: str, description: str, startsAt: time, endsAt: time, place: str, onlineUrl: str, capacity: int, registrationClosesAt: time, terms: str }, ["kind", "title", "startsAt", "capacity", "registrationClosesAt"]),
      ok: { 201: { schema: wrap("event", ref("Event")) } },
      errors: [403],
    },
  },
  "/events/{id}": {
    get: { summary: "A meetup and the viewer's own registration", auth: "optional", ok: { 200: { schema: obj({ event: ref("Event"), registration: nullable(ref("Registration")) }) } } },
    patch: { summary: "Edit before the start (organisers)", roles: ["moderator", "admin"], auth: "user", body: input({ title: str, capacity: int, startsAt: time, endsAt: time, place: str }), ok: { 200: { schema: wrap("event", ref("Event")) } }, errors: [403, 409] },
  },
  "/events/{id}.ics": { get: { summary: "The meetup as iCalendar (RFC 5545)", ok: { 200: { type: "text/calendar", schema: str } } } },
  "/events/{id}/registrations": {
    get: { summary: "Registrants (organisers)", roles: ["moderator", "admin"], auth: "user", ok: { 200: { schema: any } }, errors: [403] },
    post: { summary: "Register (or apply, for observe-the-sessions)", auth: "user", ok: { 201: { schema: obj({ registration: ref("Registration"), seats: any }) } }, errors: [403, 409] },
  },
  "/events/{id}/registrations/me": {
    get: { summary: "The viewer's registration", auth: "user", ok: { 200: { schema: obj({ registration: nullable(ref("Registration")) }) } } },
    delete: { summary: "Cancel; the first waitlisted person moves up", auth: "user", ok: { 200: { schema: obj({ registration: ref("Registration"), promoted: any, seats: any }, ["promoted", "seats"]) } }, errors: [409] },
  },
  "/events/{id}/checkins": { post: { summary: "Check someone in by code or registration id (organisers)", roles: ["moderator", "admin"], auth: "user", body: input({ code: str, registrationId: idStr }), ok: { 200: { schema: obj({ registrant: any }) } }, errors: [403, 409] } },
  "/events/{id}/draw": {
    get: { summary: "The published draw (observe-the-sessions)", ok: { 200: { schema: obj({ draw: any }) } } },
    post: { summary: "Run the reproducible draw (organisers)", roles: ["moderator", "admin"], auth: "user", body: input({ seed: str }), ok: { 200: { schema: obj({ draw: any }) } }, errors: [403, 409] },
  },
  "/events/{id}/minutes": { put: { summary: "Publish the minutes and links (organisers)", roles: ["moderator", "admin"], auth: "user", body: input({ minutes: str, links: arr(any) }), ok: { 200: { schema: wrap("event", ref("Event")) } }, errors: [403, 409] } },
});

export const awardPaths = area("Awards", {
  "/awards": {
    get: { summary: "Award rounds", query: { ...limitCursor }, ok: { 200: { schema: page(ref("Award")) } }, errors: [400] },
    post: {
      summary: "Create a round (admins)",
      auth: "admin",
      body: input({ title: str, year: int, description: str, nominationOpensAt: time, votingOpensAt: time, votingClosesAt: time, votesPerVoter: int, minAccountAgeDays: int, minPosts: int, resultsVisibility: oneOfStr("live", "after_close"), winners: int }, ["title", "year", "nominationOpensAt", "votingOpensAt", "votingClosesAt"]),
      ok: { 201: { schema: wrap("award", ref("Award")) } },
    },
  },
  "/awards/{id}": { get: { summary: "A round, its candidates and the viewer's eligibility", auth: "optional", ok: { 200: { schema: obj({ award: ref("Award"), candidates: arr(ref("Candidate")), me: nullable(any) }) } } } },
  "/awards/{id}/nominations": { post: { summary: "Nominate someone", auth: "user", body: input({ userId: idStr, username: str, reason: str }, ["reason"]), ok: { 201: { schema: wrap("candidate", ref("Candidate")) } }, errors: [403, 409] } },
  "/awards/{id}/candidates": {
    get: { summary: "Candidates the viewer may see: approved ones, one's own nominations, all of them for moderators", auth: "optional", ok: { 200: { schema: obj({ items: arr(ref("Candidate")) }) } } },
    post: { summary: "Add a suggested candidate (moderators)", roles: ["moderator", "admin"], auth: "user", body: input({ userId: idStr, reason: str }, ["userId"]), ok: { 201: { schema: wrap("candidate", ref("Candidate")) } }, errors: [403, 409] },
  },
  "/awards/{id}/suggestions": { get: { summary: "Suggested candidates by helpfulness (moderators)", roles: ["moderator", "admin"], auth: "user", query: { limit: int }, ok: { 200: { schema: obj({ items: arr(any) }) } }, errors: [403] } },
  "/awards/{id}/votes": { post: { summary: "Vote for a candidate", auth: "user", body: input({ candidateId: idStr }, ["candidateId"]), ok: { 201: { schema: obj({ vote: any, votesUsed: int, votesLeft: int }) } }, errors: [403, 409] } },
  "/awards/{id}/votes/void": { post: { summary: "Void votes (admins)", auth: "admin", body: input({ voteIds: arr(idStr), reason: str }, ["voteIds", "reason"]), ok: { 200: { schema: any } }, errors: [409] } },
  "/awards/{id}/results": { get: { summary: "The tally (after close, or live when public)", auth: "optional", ok: { 200: { schema: obj({ tallies: arr(any) }, []) } }, errors: [403] } },
  "/awards/{id}/publish": { post: { summary: "Publish the results once after close: badges and notifications (admins)", auth: "admin", ok: { 200: { schema: any } }, errors: [409] } },
  "/awards/{id}/integrity": { get: { summary: "Vote integrity view (admins)", auth: "admin", ok: { 200: { schema: any } } } },
  "/awards/candidates/{id}": { patch: { summary: "Approve or refuse a candidate (moderators)", roles: ["moderator", "admin"], auth: "user", body: input({ approved: bool }, ["approved"]), ok: { 200: { schema: wrap("candidate", ref("Candidate")) } }, errors: [403] } },
});
