import { describe, expect, it } from 'vitest';
import { AnnotationFileError } from './types';
import { looksLikeVoc, parseVoc } from './voc';
import { parseXml } from './xml';

const VOC = `<?xml version="1.0"?>
<!-- exported -->
<annotation>
  <folder>VOC</folder>
  <filename>cat &amp; dog.jpg</filename>
  <size><width>100</width><height>80</height><depth>3</depth></size>
  <object>
    <name>cat</name>
    <difficult>0</difficult>
    <bndbox><xmin>10</xmin><ymin>20</ymin><xmax>50</xmax><ymax>60</ymax></bndbox>
  </object>
  <object>
    <name>dog</name>
    <bndbox><xmin>5</xmin><ymin>5</ymin><xmax>1</xmax><ymax>9</ymax></bndbox>
  </object>
  <object><pose>Left</pose></object>
</annotation>
`;

describe('Pascal VOC importer', () => {
  it('reads the file name and each object with its pixel box', () => {
    const parsed = parseVoc(VOC, 'Annotations/x.xml');
    expect(parsed.images).toEqual([
      {
        imageName: 'cat & dog.jpg',
        where: 'Annotations/x.xml',
        objects: [{ key: 'object[0]', label: 'cat', box: { x: 10, y: 20, width: 40, height: 40 } }],
      },
    ]);
    expect(parsed.problems).toEqual([
      {
        item: 'Annotations/x.xml:14',
        message: expect.stringMatching(/line 14: <bndbox> needs numeric xmin ≤ xmax/),
      },
      {
        item: 'Annotations/x.xml:16',
        message: expect.stringMatching(/line 16: an <object> without a <name>/),
      },
    ]);
  });

  it('falls back to the XML file stem when <filename> is missing', () => {
    expect(parseVoc('<annotation></annotation>', 'a/b/img_7.xml').images[0].imageName).toBe('img_7');
  });

  it('names the line of malformed XML', () => {
    const broken = '<annotation>\n  <object>\n    <name>cat</nam>\n  </object>\n</annotation>';
    try {
      parseVoc(broken, 'bad.xml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AnnotationFileError);
      expect((err as AnnotationFileError).item).toBe('bad.xml:3');
      expect((err as Error).message).toMatch(/<\/nam> closes <name> \(opened on line 3\)/);
    }
    expect(() => parseVoc('<annotation><object>', 'open.xml')).toThrow(/is not closed/);
    expect(() => parseVoc('<root/>', 'r.xml')).toThrow(/not a Pascal VOC file/);
  });

  it('recognises VOC files by their root element', () => {
    expect(looksLikeVoc(VOC)).toBe(true);
    expect(looksLikeVoc('<annotations><a/></annotations>')).toBe(false);
    expect(looksLikeVoc('<svg></svg>')).toBe(false);
  });
});

describe('XML reader', () => {
  it('reads attributes, CDATA, character references and self-closing tags', () => {
    const el = parseXml(`<a x="1" y='two &lt;'><b/><c><![CDATA[<raw>]]>&#65;&#x42;</c></a>`);
    expect(el.attributes).toEqual({ x: '1', y: 'two <' });
    expect(el.children.map((c) => c.name)).toEqual(['b', 'c']);
    expect(el.children[1].text).toBe('<raw>AB');
  });

  it('refuses unknown entities, stray text and two roots', () => {
    expect(() => parseXml('<a>&nope;</a>')).toThrow(/unknown entity &nope;/);
    expect(() => parseXml('hello <a/>')).toThrow(/text outside the root/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
  });
});
