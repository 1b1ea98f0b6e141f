import { performance } from "node:perf_hooks";
import { startBenchServer, userAndThread, summarize, apiCall } from "./common";
const b = await startBenchServer();
const { threadId, token } = await userAndThread(b.server, "official");
const run = async (n: number) => { const t: number[] = [];
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const r = await apiCall(b.server.url, `/threads/${threadId}/posts`, { token, body: { body: "hello **world** " + i } });
  if (r.status !== 201) console.log(r);
  t.push(performance.now() - t0);
} return t; };
await run(30);
const cpu0 = process.cpuUsage();
const w0 = performance.now();
const t = await run(200);
const cpu = process.cpuUsage(cpu0); const wall = performance.now() - w0;
console.log(b.dbLabel, summarize(t), "cpu ms/post", (cpu.user + cpu.system) / 1000 / 200, "wall ms/post", wall / 200);
await b.stop(); process.exit(0);
