// `npm start` / `npm run dev`: start the site and stop cleanly on SIGINT/SIGTERM.
import { startServer } from "./app";

const server = await startServer();
const { config } = server.app;
console.log(
  `公仆信箱 ready on http://localhost:${server.port} (${server.database.kind}${config.redisUrl ? " + redis" : ""})`,
);

let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`${sig}: shutting down`);
    await server.close().catch((e) => console.error(e));
    process.exit(0);
  });
}
