// The Node build by its own subpath: the package's root export has no condition TypeScript's bundler resolution picks.
import { toSVG } from 'bwip-js/node';

/** Order codes are Crockford base32 in two groups (orders/code.ts): nothing else is drawn. */
const ORDER_CODE = /^[0-9A-Z]{5}-[0-9A-Z]{5}$/;

/**
 * The order code as a Code-128 barcode, an SVG string drawn on the server (no script, no image request). One unit
 * is one bar module; the ten-module quiet zone on each side is what scanners need to find the start, and the white
 * background keeps it readable on a tinted label.
 */
export function orderCodeBarcodeSvg(code: string): string {
  if (!ORDER_CODE.test(code)) throw new Error('not an order code');
  return toSVG({ bcid: 'code128', text: code, scale: 1, height: 12, paddingwidth: 10, backgroundcolor: 'FFFFFF' });
}
