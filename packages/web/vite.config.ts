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
        // (cached across releases), and the charts stay out of pages that draw none. Ant Design
        // is left to the default split, which keeps each page's components with that page.
        manualChunks(id: string) {
          if (!id.includes("node_modules")) return undefined;
          if (/node_modules\/(echarts|zrender)\//.test(id)) return "vendor-charts";
          if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//.test(id))
            return "vendor-react";
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { "/v1": "http://127.0.0.1:3000" },
  },
});
