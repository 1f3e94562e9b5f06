/**
 * Reads barcodes back in tests with zxing-wasm (ZXing C++ compiled to WebAssembly). The .wasm comes from
 * node_modules: by default zxing-wasm would fetch it from a CDN, and tests never touch the network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let prepared = false;

function prepare(): void {
  if (prepared) return;
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
  });
  prepared = true;
}

/** The texts of the Code-128 barcodes in a PNG (or any image sharp reads), in reading order. */
export async function decodeCode128(image: Buffer): Promise<string[]> {
  prepare();
  const png = await sharp(image).flatten({ background: '#ffffff' }).png().toBuffer();
  const results = await readBarcodes(new Uint8Array(png), { formats: ['Code128'], tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** An SVG barcode rasterised as a scanner would see it: 4 pixels per bar module, on white. */
export async function decodeSvgCode128(svg: string): Promise<string[]> {
  return decodeCode128(await sharp(Buffer.from(svg), { density: 288 }).png().toBuffer());
}
