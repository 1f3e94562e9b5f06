/** Weighs a page as a browser receives it: raw bytes, gzip-compressed bytes, and the JavaScript it carries. */
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  status: number;
  html: string;
  rawBytes: number;
  gzipBytes: number;
  /** Bytes of inline <script> contents plus the bodies of every <script src>. */
  jsBytes: number;
  scripts: number;
  /** Product cards on the page (the catalogue's real page size). */
  productCards: number;
}

export async function weighPage(port: number, path: string): Promise<PageWeight> {
  const base = `http://127.0.0.1:${port}`;
  const response = await fetch(`${base}${path}`);
  const body = Buffer.from(await response.arrayBuffer());
  const html = body.toString('utf8');
  let jsBytes = 0;
  let scripts = 0;
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    scripts++;
    jsBytes += Buffer.byteLength(match[2]);
    const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(match[1])?.[1];
    if (src) {
      const script = await fetch(new URL(src, `${base}${path}`));
      jsBytes += (await script.arrayBuffer()).byteLength;
    }
  }
  return {
    status: response.status,
    html,
    rawBytes: body.length,
    gzipBytes: gzipSync(body).length,
    jsBytes,
    scripts,
    productCards: html.match(/class="product-card"/g)?.length ?? 0,
  };
}
