/**
 * What the first page of the web app costs a phone on a slow link: the JavaScript the browser
 * must fetch before it can run the app (the entry script and the modules `index.html` preloads),
 * compressed as the local server (gzip) and a CDN (brotli) send it. Read from the built app in
 * `packages/web/dist` (`npm run build:web`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";

const DIST = fileURLToPath(new URL("../../packages/web/dist", import.meta.url));

export interface FirstPageJs {
  readonly files: number;
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
  /** The largest JavaScript file of the whole build, raw (the chunk split's result). */
  readonly largestChunk: { readonly file: string; readonly rawBytes: number };
  /** When the measured build was made. */
  readonly builtAt: string;
}

export function measureFirstPageJs(): FirstPageJs | undefined {
  const index = path.join(DIST, "index.html");
  if (!existsSync(index)) return undefined;
  const html = readFileSync(index, "utf8");
  const refs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1] as string);
  let rawBytes = 0;
  let gzipBytes = 0;
  let brotliBytes = 0;
  for (const ref of new Set(refs)) {
    const body = readFileSync(path.join(DIST, ref.replace(/^\//, "")));
    rawBytes += body.length;
    gzipBytes += gzipSync(body).length;
    brotliBytes += brotliCompressSync(body).length;
  }
  const assets = path.join(DIST, "assets");
  const largest = readdir(assets)
    .filter((f) => f.endsWith(".js"))
    .map((f) => ({ file: f, rawBytes: statSync(path.join(assets, f)).size }))
    .sort((a, b) => b.rawBytes - a.rawBytes)[0] ?? { file: "—", rawBytes: 0 };
  return {
    files: new Set(refs).size,
    rawBytes,
    gzipBytes,
    brotliBytes,
    largestChunk: largest,
    builtAt: statSync(index).mtime.toISOString(),
  };
}

function readdir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
