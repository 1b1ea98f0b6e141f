// Area string files, merged into zh-CN.ts and en.ts (see ../merge.ts).
import assessment from "./assessment";
import mailboxes from "./mailboxes";
import petitions from "./petitions";
import petitionPages from "./petition-pages";
import desk from "./desk";
import engagement from "./engagement";
import events from "./events";
import live from "./live";
import awards from "./awards";
import commitments from "./commitments";
import open311 from "./open311";
import insight from "./insight";
import search from "./search";
export const areas: { "zh-CN": Record<string, unknown>; en: Record<string, unknown> }[] = [mailboxes, petitions, petitionPages, desk, assessment, engagement, live, awards, events, commitments, open311, insight, search];
