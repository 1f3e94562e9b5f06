import { unzipSync } from 'fflate';
import { MAX_IMAGE_BYTES } from '../../catalog/images.ts';
import type { FailureReason } from './woocommerce-row.ts';

/** How long one image download may take. */
const FETCH_TIMEOUT_MS = 10_000;

/**
 * Where an import takes product photos from: a ZIP the owner uploaded (matched by file name) or a download, only from
 * the hosts the owner listed. Nothing is fetched from anywhere else, redirects included: a redirect could lead to
 * any host, so it is refused.
 */
export class ImageSource {
  private readonly zipEntries = new Map<string, Uint8Array>();

  constructor(
    private readonly allowedHosts: string[],
    zip: Uint8Array | null,
  ) {
    if (zip) {
      for (const [path, data] of Object.entries(unzipSync(zip))) {
        if (data.length > 0) this.zipEntries.set(baseName(path), data);
      }
    }
  }

  /** Whether this import takes images at all: with neither a ZIP nor an allowed host, image columns are ignored. */
  get enabled(): boolean {
    return this.zipEntries.size > 0 || this.allowedHosts.length > 0;
  }

  /** Why an image cannot be taken, before anything is downloaded (the dry run stops here), or null. */
  check(url: string): FailureReason | null {
    if (this.zipEntries.has(baseName(url))) return null;
    const host = hostOf(url);
    return host && this.allowedHosts.includes(host) ? null : 'image_host_not_allowed';
  }

  async load(url: string): Promise<{ ok: true; data: Buffer } | { ok: false; reason: FailureReason }> {
    const packed = this.zipEntries.get(baseName(url));
    if (packed) return { ok: true, data: Buffer.from(packed) };
    const refusal = this.check(url);
    if (refusal) return { ok: false, reason: refusal };
    try {
      const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok || Number(response.headers.get('content-length') ?? 0) > MAX_IMAGE_BYTES) {
        await response.body?.cancel();
        return { ok: false, reason: 'image_unavailable' };
      }
      const data = Buffer.from(await response.arrayBuffer());
      return data.length > MAX_IMAGE_BYTES ? { ok: false, reason: 'image_unavailable' } : { ok: true, data };
    } catch {
      return { ok: false, reason: 'image_unavailable' };
    }
  }
}

/** "example.com" or "127.0.0.1:8080" of an http(s) URL, lower case; null for anything else. */
export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** The owner's list of hosts as typed (one per line or comma separated, with or without a scheme), normalised. */
export function parseAllowedHosts(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean)
        .map((h) => (h.includes('://') ? (hostOf(h) ?? '') : h.replace(/\/.*$/, '')))
        .filter(Boolean),
    ),
  ];
}

/** The file name of a path or URL, decoded and lower-cased: "https://x/wp-content/uploads/Tile%201.jpg" → "tile 1.jpg". */
function baseName(pathOrUrl: string): string {
  const path = pathOrUrl.split(/[?#]/)[0];
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}
