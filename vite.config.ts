import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";
import remixConfig from "./remix.config";

const isVitest = Boolean(process.env.VITEST);

export default defineConfig({
  // The Remix plugin is off under Vitest: tests import modules directly.
  plugins: isVitest ? [] : [remix(remixConfig)],
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  server: { port: Number(process.env.PORT ?? 3000) },
  build: { target: "es2022" },
  ssr: { noExternal: [] },
});
