/**
 * Builds the web app into dist/, which the local stack serves beside the API and the CDK web
 * construct uploads to S3 behind CloudFront. Pages load per role, so a reporter's phone never
 * downloads the supervisor's charts.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { appShell } from "./app-shell.ts";

export default defineConfig({
  plugins: [react(), appShell()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { "/v1": "http://127.0.0.1:3000" },
  },
});
