/**
 * A small XML reader for annotation files (Pascal VOC): elements, text, attributes, comments, CDATA,
 * the five named entities and character references, each element with the line it starts on. Not a
 * validating parser: DTDs are skipped, namespaces are kept in names. Malformed input throws with a line.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (children's text excluded), entities decoded, not trimmed. */
  text: string;
  line: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /^[A-Za-z_:][\w:.-]*/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  let pos = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let i = pos; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, line);
  };
  const decode = (raw: string): string =>
    raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
      if (ref[0] === '#') {
        const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[ref] ?? fail(`unknown entity &${ref};`);
    });
  const skipTo = (end: string, what: string) => {
    const at = text.indexOf(end, pos);
    if (at < 0) fail(`${what} is not closed`);
    advance(at + end.length);
  };

  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = lt < 0 ? text.slice(pos) : text.slice(pos, lt);
    if (chunk !== '') {
      if (stack.length > 0) stack[stack.length - 1].text += decode(chunk);
      else if (chunk.trim() !== '') fail('text outside the root element');
    }
    if (lt < 0) {
      advance(text.length);
      break;
    }
    advance(lt);
    if (text.startsWith('<!--', pos)) skipTo('-->', 'a comment');
    else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end < 0) fail('a CDATA section is not closed');
      if (stack.length === 0) fail('CDATA outside the root element');
      stack[stack.length - 1].text += text.slice(pos + 9, end);
      advance(end + 3);
    } else if (text.startsWith('<?', pos)) skipTo('?>', 'a processing instruction');
    else if (text.startsWith('<!', pos)) skipTo('>', 'a declaration');
    else if (text.startsWith('</', pos)) {
      const name = NAME.exec(text.slice(pos + 2))?.[0];
      if (!name) fail('a closing tag without a name');
      const open = stack.pop();
      if (!open) fail(`</${name}> closes nothing`);
      if (open!.name !== name) fail(`</${name}> closes <${open!.name}> (opened on line ${open!.line})`);
      const end = text.indexOf('>', pos);
      if (end < 0) fail(`</${name}> is not closed`);
      advance(end + 1);
    } else {
      const startLine = line;
      const name = NAME.exec(text.slice(pos + 1))?.[0];
      if (!name) fail('a "<" that starts no tag');
      advance(pos + 1 + name!.length);
      const attributes: Record<string, string> = {};
      for (;;) {
        const ws = /^\s*/.exec(text.slice(pos))![0];
        advance(pos + ws.length);
        if (text.startsWith('/>', pos) || text.startsWith('>', pos)) break;
        const attr = /^([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(text.slice(pos));
        if (!attr) fail(`a malformed attribute in <${name}>`);
        attributes[attr![1]] = decode(attr![3] ?? attr![4] ?? '');
        advance(pos + attr![0].length);
      }
      const element: XmlElement = { name: name!, attributes, children: [], text: '', line: startLine };
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) fail(`a second root element <${name}>`);
      else root = element;
      if (text.startsWith('/>', pos)) advance(pos + 2);
      else {
        advance(pos + 1);
        stack.push(element);
      }
    }
  }
  if (stack.length > 0)
    fail(`<${stack[stack.length - 1].name}> (line ${stack[stack.length - 1].line}) is not closed`);
  if (!root) fail('no root element');
  return root!;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c === undefined ? undefined : c.text.trim();
}
