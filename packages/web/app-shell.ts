/**
 * The app shell: a service worker (Workbox, through vite-plugin-pwa) so the app opens on a phone
 * with no signal, after a restart of its browser too. It precaches the page and every script and
 * style except the supervisor's and administrator's pages (the charts alone are the largest
 * chunk: a reporter's phone never downloads them); anything else — those pages, the Tibetan font —
 * is cached the first time it loads (file names carry a content hash, so a cached one is never
 * stale). The API is never cached here: the outbox and the sealed receipts keep what the reporter
 * needs.
 */
import { VitePWA } from "vite-plugin-pwa";

export const appShell = () =>
  VitePWA({
    registerType: "autoUpdate",
    // registered by the app once the first signed-in page is on screen (src/register-app-shell.ts)
    injectRegister: null,
    manifest: false,
    workbox: {
      globPatterns: ["**/*.{html,js,css}"],
      globIgnores: [
        "**/Dashboard-*",
        "**/AuditTrail-*",
        "**/Policies-*",
        "**/RoutingTableEditor-*",
        "**/CaseList-*",
        "**/echarts*",
        "**/vendor-charts-*",
        "**/admin/**",
      ],
      navigateFallback: "/index.html",
      navigateFallbackDenylist: [/^\/v1\//, /^\/docs/],
      cleanupOutdatedCaches: true,
      runtimeCaching: [
        {
          urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/assets/"),
          handler: "CacheFirst",
          options: {
            cacheName: "cp-assets",
            expiration: { maxEntries: 120, maxAgeSeconds: 30 * 86_400 },
          },
        },
        {
          // the deployment's runtime configuration: the newest when online, the last one offline
          urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname === "/config.json",
          handler: "NetworkFirst",
          options: { cacheName: "cp-config", networkTimeoutSeconds: 3 },
        },
      ],
    },
  });
