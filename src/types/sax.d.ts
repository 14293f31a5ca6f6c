/** The part of sax (strict mode, no namespaces) that src/platforms/shared/feed/strict-fast.ts uses. */
declare module 'sax' {
  export interface Tag {
    name: string;
    attributes: Record<string, string>;
    isSelfClosing: boolean;
  }
  export interface SAXParser {
    onerror: (error: Error) => void;
    onopentag: (tag: Tag) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    oncdata: (text: string) => void;
    write(chunk: string): SAXParser;
    close(): SAXParser;
  }
  export function parser(
    strict: boolean,
    options?: { trim?: boolean; normalize?: boolean; xmlns?: boolean },
  ): SAXParser;
  const sax: { parser: typeof parser };
  export default sax;
}
