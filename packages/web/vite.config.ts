/**
 * Builds the web app into dist/, which the local stack serves beside the API and the CDK web
 * construct uploads to S3 behind CloudFront. Pages load per role, so a reporter's phone never
 * downloads the supervisor's charts.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { appShell } from "./app-shell.ts";
import { precompress } from "./precompress.ts";

export default defineConfig({
  plugins: [react(), appShell(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // React and the charts in chunks of their own: they change less often than the app
        // (cached across releases), and the charts stay out of pages that draw none. The rest of
        // what the first page runs (what main.tsx imports, not what it loads lazily) is one
        // chunk: on a slow HTTP/1.1 link every file waits a round trip for one of six
        // connections. Ant Design is otherwise left to the default split, which keeps each
        // page's components with that page.
        codeSplitting: {
          groups: [
            { name: "vendor-charts", test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 3 },
            {
              name: "vendor-react",
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/,
              priority: 2,
            },
            { name: "shell", tags: ["$initial"], priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/v1": "http://127.0.0.1:3000" },
  },
});
