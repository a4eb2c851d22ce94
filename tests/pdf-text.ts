// Reads back the text of the PDFs the product writes (pdfkit), for tests of letters and notices.
import zlib from 'node:zlib';

/** The text a PDF shows: content streams decoded through each font's ToUnicode map (pdfkit's output). */
export function pdfText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: Buffer | null }>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m; (m = re.exec(src)); ) {
    const body = m[2];
    const at = body.indexOf('stream');
    if (at < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const start = m.index + m[0].indexOf(body) + at + 'stream'.length + (body[at + 6] === '\r' ? 2 : 1);
    const len = Number(/\/Length (\d+)/.exec(body.slice(0, at))![1]);
    let raw = pdf.subarray(start, start + len);
    if (/\/FlateDecode/.test(body.slice(0, at))) raw = zlib.inflateSync(raw);
    objects.set(Number(m[1]), { dict: body.slice(0, at), stream: raw });
  }
  const unhex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex');
  const utf16 = (b: Buffer) => {
    let s = '';
    for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b.readUInt16BE(i));
    return s;
  };
  // font object → glyph code → text
  const cmaps = new Map<number, Map<number, string>>();
  for (const [id, o] of objects) {
    const tu = /\/ToUnicode (\d+) 0 R/.exec(o.dict);
    if (!tu) continue;
    const cmap = objects.get(Number(tu[1]))!.stream!.toString('latin1');
    const map = new Map<number, string>();
    for (const r of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const from = parseInt(r[1], 16);
      [...r[3].matchAll(/<([0-9a-f\s]+)>/gi)].forEach((e, i) => map.set(from + i, utf16(unhex(e[1]))));
    }
    cmaps.set(id, map);
  }
  let text = '';
  for (const o of objects.values()) {
    if (!/\/Type \/Page\b/.test(o.dict)) continue;
    const fonts = new Map<string, number>();
    const resources = /\/Resources (\d+) 0 R/.exec(o.dict);
    const resDict = resources ? objects.get(Number(resources[1]))!.dict : o.dict;
    const fontBlock = /\/Font <<([\s\S]*?)>>/.exec(resDict);
    for (const f of fontBlock ? fontBlock[1].matchAll(/\/(\w+) (\d+) 0 R/g) : []) fonts.set(f[1], Number(f[2]));
    const contents = /\/Contents (\d+) 0 R/.exec(o.dict);
    const ops = objects.get(Number(contents![1]))!.stream!.toString('latin1');
    let map: Map<number, string> | undefined;
    for (const t of ops.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-f]*>|\s|-?[\d.]+)*)\] TJ|<([0-9a-f]*)> Tj/gi)) {
      if (t[1]) map = cmaps.get(fonts.get(t[1])!);
      else
        for (const h of (t[2] ?? `<${t[3]}>`).matchAll(/<([0-9a-f]*)>/gi)) {
          const b = unhex(h[1]);
          for (let i = 0; i + 1 < b.length; i += 2) text += map?.get(b.readUInt16BE(i)) ?? '';
        }
    }
    text += '\n';
  }
  return text;
}
