import { createHash, randomUUID } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Metadata } from 'sharp';

/** Stored widths: the card thumbnail, the product page, and the product page on a high-density screen. */
export const IMAGE_WIDTHS = [240, 480, 960] as const;
/** The largest upload accepted, in bytes and in pixels (a 40 MP photo is already more than any phone takes). */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 40_000_000;

const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);

export type ImageRefusal = 'not_an_image' | 'too_large';

/** An upload that is not a JPEG, PNG or WebP picture, or is too big; `reason` is what the caller localises. */
export class ImageRejected extends Error {
  constructor(readonly reason: ImageRefusal) {
    super(`image rejected: ${reason}`);
  }
}

export interface EncodedImage {
  /** The name kept in `product_images.file`: `<hash>-<width>x<height>` of the largest variant. */
  name: string;
  width: number;
  height: number;
  /** Smallest first; `file` is the name under the media folder, `<hash>-<width>.webp`. */
  variants: { file: string; width: number; height: number; data: Buffer }[];
}

/**
 * Turns an uploaded picture into WebP at each of IMAGE_WIDTHS up to the picture's own width (never enlarged), upright
 * by its EXIF orientation first. sharp writes no metadata unless asked to (withMetadata/keep*), so EXIF with GPS, XMP,
 * IPTC and the ICC profile are all dropped; pixels are converted to sRGB first, so dropping the profile keeps the
 * colours. The names are a hash of the output: they say nothing about the upload, and a picture is stored once.
 * Encoding is apart from saveImage so that the demo seed can encode its photos once per process.
 */
export async function encodeImage(input: Buffer): Promise<EncodedImage> {
  if (input.length > MAX_IMAGE_BYTES) throw new ImageRejected('too_large');
  const meta = await readHeader(input);
  if (!meta || !ACCEPTED_FORMATS.has(meta.format) || !meta.width || !meta.height) {
    throw new ImageRejected('not_an_image');
  }
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) throw new ImageRejected('too_large');
  // Orientations 5–8 are quarter turns: the upright picture is as wide as the stored one is high.
  const uprightWidth = (meta.orientation ?? 1) >= 5 ? meta.height : meta.width;
  const upright = sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
  const encoded = await Promise.all(
    variantWidths(Math.min(uprightWidth, IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1])).map((width) =>
      upright
        .clone()
        .resize({ width })
        // Effort 2 of 6 encodes in 60% of the default's time for files 3% larger (measured on the demo photos).
        .webp({ quality: 80, effort: 2 })
        .toBuffer({ resolveWithObject: true }),
    ),
  ).catch(() => {
    throw new ImageRejected('not_an_image');
  });
  const hash = createHash('sha256');
  for (const { data } of encoded) hash.update(data);
  const digest = hash.digest('hex').slice(0, 32);
  const variants = encoded.map(({ data, info }) => ({
    file: `${digest}-${info.width}.webp`,
    width: info.width,
    height: info.height,
    data,
  }));
  const largest = variants[variants.length - 1];
  return {
    name: `${digest}-${largest.width}x${largest.height}`,
    width: largest.width,
    height: largest.height,
    variants,
  };
}

/** Writes an encoded image's variants into the media folder. */
export async function saveImage(image: EncodedImage, mediaDir: string): Promise<void> {
  await Promise.all(
    image.variants.map(async ({ file, data }) => {
      // Written under a temporary name and renamed, so that no reader (nor a later save of the same picture, which
      // overwrites it) ever sees half a file.
      const path = join(mediaDir, file);
      const partial = `${path}.${randomUUID()}.tmp`;
      await writeFile(partial, data);
      await rename(partial, path);
    }),
  );
}

/** The picture's format and size, or null when it is none sharp can read (sharp throws at once on an empty buffer). */
async function readHeader(input: Buffer): Promise<Metadata | null> {
  try {
    // Only the header is read, so no pixel limit yet: the caller checks the size, and decoding is limited.
    return await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    return null;
  }
}

/** The stored widths for a picture whose largest variant is `largest` pixels wide. */
function variantWidths(largest: number): number[] {
  return [...IMAGE_WIDTHS.filter((w) => w < largest), largest];
}

const NAME = /^([0-9a-f]{32})-(\d+)x(\d+)$/;

/**
 * What an <img> needs to show a stored image at most `maxWidth` CSS pixels wide: every variant in `srcset` for the
 * browser to choose by screen density (`src` for one that cannot), and the displayed size for layout stability. The
 * name carries the largest variant's size because the catalogue's product cards hold only the file name. Null for a
 * name encodeImage did not make.
 */
export function imageSources(name: string, maxWidth: number) {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, digest, w, h] = match;
  const largest = Number(w);
  const widths = variantWidths(largest);
  const width = Math.min(maxWidth, largest);
  const url = (variant: number) => `/media/${digest}-${variant}.webp`;
  return {
    src: url(widths.find((variant) => variant >= width) ?? largest),
    srcset: widths.map((variant) => `${url(variant)} ${variant}w`).join(', '),
    sizes: `(max-width: ${width / 16}rem) 100vw, ${width / 16}rem`,
    width,
    height: Math.round((Number(h) * width) / largest),
  };
}
