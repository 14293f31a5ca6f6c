/**
 * Bytes → text. PLACEHOLDER IMPLEMENTATION (UTF-8 and whatever TextDecoder knows), to be replaced by
 * the full precedence (BOM, UTF-16/32 patterns, HTTP charset, XML prolog), a correct windows-1252
 * table and the common legacy codecs, behind the same signature.
 */
export interface DecodeOptions {
  /** The Content-Type header, whose charset parameter is used. */
  contentType?: string;
  /** Look at an XML prolog's encoding="…" too (feeds). */
  xml?: boolean;
}

export interface Decoded {
  text: string;
  /** The encoding that was used, lower-case WHATWG-ish name (utf-8, windows-1252 …). */
  encoding: string;
}

export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  const match = /charset\s*=\s*"?([^";\s]+)/i.exec(options.contentType ?? '');
  const label = match?.[1]?.toLowerCase() ?? 'utf-8';
  try {
    return { text: new TextDecoder(label).decode(bytes), encoding: label };
  } catch {
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  }
}
