/**
 * The text of a PDF as Chromium (Skia) writes it, for assertions: Skia draws glyph ids from subset fonts, so the
 * letters are only recoverable through each font's ToUnicode map. Enough for Skia's output; not a general PDF reader.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const found = new Map<number, PdfObject>();
  for (const match of text.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) {
    const body = match[2];
    const streamAt = body.indexOf('stream');
    if (streamAt < 0) {
      found.set(Number(match[1]), { dict: body, stream: null });
      continue;
    }
    const start = match.index + match[0].indexOf('stream') + 'stream'.length;
    const dataStart = text[start] === '\r' ? start + 2 : start + 1;
    const raw = pdf.subarray(dataStart, match.index + match[0].lastIndexOf('endstream'));
    const dict = body.slice(0, streamAt);
    found.set(Number(match[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
  }
  return found;
}

/** A ToUnicode CMap's bfchar and bfrange entries: glyph code → text. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => Number.parseInt(h, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      map.set(Number.parseInt(code, 16), utf16(text));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, from, to, first] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const base = Number.parseInt(first, 16);
      for (let code = Number.parseInt(from, 16); code <= Number.parseInt(to, 16); code++) {
        map.set(code, String.fromCharCode(base + code - Number.parseInt(from, 16)));
      }
    }
  }
  return map;
}

/** The text of every BT…ET block of every content stream, one block per line. */
export function pdfText(pdf: Buffer): string {
  const all = objects(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const { dict } of all.values()) {
    for (const [, name, ref] of dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const cmapRef = /\/ToUnicode (\d+) 0 R/.exec(all.get(Number(ref))?.dict ?? '');
      const cmap = cmapRef ? all.get(Number(cmapRef[1]))?.stream : null;
      if (cmap) fonts.set(name, toUnicode(cmap.toString('latin1')));
    }
  }
  const lines: string[] = [];
  for (const { stream } of all.values()) {
    const content = stream?.toString('latin1') ?? '';
    for (const [, block] of content.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      let font = new Map<number, string>();
      let line = '';
      for (const [, name, hex] of block.matchAll(/\/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]+)>/g)) {
        if (name) font = fonts.get(name) ?? new Map();
        else for (const code of hex.match(/.{4}/g) ?? []) line += font.get(Number.parseInt(code, 16)) ?? '';
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}
