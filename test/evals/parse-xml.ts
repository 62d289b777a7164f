import { execFileSync } from 'node:child_process';

/** An XML element as a strict parser read it. */
export interface XmlElement {
  readonly tag: string;
  readonly attrib: Record<string, string>;
  readonly text: string;
  readonly children: readonly XmlElement[];
}

/**
 * Parses XML with Python's expat-based ElementTree, a strict XML 1.0 parser independent of
 * the code under test: a document that is not well-formed throws with the parser's message.
 */
export function parseXml(xml: string): XmlElement {
  const script = `
import json, sys
import xml.etree.ElementTree as ET
def walk(e):
    return {"tag": e.tag, "attrib": e.attrib, "text": e.text or "", "children": [walk(c) for c in e]}
print(json.dumps(walk(ET.fromstring(sys.stdin.buffer.read()))))
`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' }));
}

/** Every element of a tree with that tag, depth first. */
export function findAll(element: XmlElement, tag: string): XmlElement[] {
  return [
    ...(element.tag === tag ? [element] : []),
    ...element.children.flatMap((c) => findAll(c, tag)),
  ];
}
