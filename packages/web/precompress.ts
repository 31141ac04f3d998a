/**
 * Writes a brotli (quality 11) and a gzip (level 9) copy beside every text file of the build
 * (`app.js` → `app.js.br`, `app.js.gz`), once, at build time. The local server sends the copy the
 * browser accepts (packages/local/src/web.ts); brotli at its highest quality is 13% smaller than
 * gzip on the first page's scripts, and costs nothing per request. CloudFront compresses on its
 * own, so the deployment leaves the copies out (infra/constructs/web.ts).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

const TEXT = /\.(js|mjs|css|html|json|svg|webmanifest)$/;
/** Below this, compression saves less than a packet. */
const MIN_BYTES = 1024;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

export const precompress = (): Plugin => {
  let outDir = "dist";
  return {
    name: "cp-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // After every other plugin has written its files (the service worker among them).
    closeBundle: {
      order: "post",
      sequential: true,
      handler() {
        for (const file of files(outDir)) {
          if (!TEXT.test(file)) continue;
          const body = readFileSync(file);
          if (body.length < MIN_BYTES) continue;
          writeFileSync(
            `${file}.br`,
            brotliCompressSync(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            }),
          );
          writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        }
      },
    },
  };
};
