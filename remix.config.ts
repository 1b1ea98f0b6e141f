// Remix's Vite plugin reads no config file: its options live here and vite.config.ts imports them
// (the classic loader only reads remix.config.{js,cjs,mjs}).
import type { VitePluginConfig } from "@remix-run/dev";

const remixConfig: VitePluginConfig = {
  appDirectory: "app",
  buildDirectory: "build",
  ignoredRouteFiles: ["**/*.test.*", "**/.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};

export default remixConfig;
