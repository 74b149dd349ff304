/**
 * The DOCX reader on small packages built here, one OOXML feature each. Every expected value below
 * is read off the XML in the same test. The whole reports (LibreOffice's DOCX, and one with what
 * Word writes) are in corpus/generated/docx and scored by corpus.test.ts.
 */
import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../src/ingest/docx.js';
import type { ImageRef } from '../src/ingest/html.js';
import { readBytes } from '../src/ingest/index.js';
import { tables, textLines, toGrid } from '../src/model/document.js';

const NS = [
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
  'xmlns:v="urn:schemas-microsoft-com:vml"',
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
].join(' ');
const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';
const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';

const p = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;
const tc = (inner: string, pr = '') => `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${inner.startsWith('<') ? inner : p(inner)}</w:tc>`;
const tr = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;
const tbl = (...rows: string[]) => `<w:tbl><w:tblPr/>${rows.join('')}</w:tbl>`;

interface Package {
  body: string;
  main?: string;
  rels?: string;
  files?: Record<string, Uint8Array>;
}

function docx({ body, main = 'word/document.xml', rels = '', files = {} }: Package): Uint8Array {
  const dir = main.slice(0, main.lastIndexOf('/') + 1);
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${DOC_REL}" Target="${main}"/></Relationships>`),
    [main]: strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${NS}><w:body>${body}<w:sectPr/></w:body></w:document>`),
    [`${dir}_rels/${main.slice(dir.length)}.rels`]: strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`),
    ...files,
  });
}

const read = (pkg: Package, images?: ImageRef[]) => readDocx(docx(pkg), 't.docx', images);
const grid = (t: ReturnType<typeof tables>[number]) => toGrid(t).map((r) => r.map((c) => c?.text ?? null));

describe('DOCX reader', () => {
  it('places cells by the table grid: gridSpan, vMerge (restart and bare continue), gridBefore, legacy hMerge', async () => {
    const doc = await read({
      body: tbl(
        tr(tc('项目', '<w:vMerge w:val="restart"/>'), tc('申请人', '<w:gridSpan w:val="2"/>'), tc('总计', '<w:vMerge w:val="restart"/>')),
        tr(tc('<w:p/>', '<w:vMerge/>'), tc('自然人'), tc('法人'), tc('<w:p/>', '<w:vMerge w:val="continue"/>')),
        tr(tc('本年新收'), tc('48'), tc(''), tc('61')),
        `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc('5')}${tc('6')}${tc('11')}</w:tr>`,
        tr(tc('合并', '<w:hMerge w:val="restart"/>'), tc('<w:p/>', '<w:hMerge/>'), tc('7'), tc('7')),
      ),
    });
    const [t] = tables(doc);
    expect([t.rows, t.cols]).toEqual([5, 4]);
    expect(grid(t)).toEqual([
      ['项目', '申请人', '申请人', '总计'],
      ['项目', '自然人', '法人', '总计'],
      ['本年新收', '48', '', '61'],
      [null, '5', '6', '11'],
      ['合并', '合并', '7', '7'],
    ]);
    // An empty cell stays blank, not zero, and every cell says where it came from.
    const blank = t.cells.find((c) => c.row === 2 && c.col === 2)!;
    expect(blank.text).toBe('');
    expect(blank.prov.path).toBe('table[1]>tr[3]>td[3]');
    expect(t.cells.find((c) => c.text === '总计')).toMatchObject({ rowSpan: 2, colSpan: 1, col: 3 });
  });

  it('reads what Word shows: insertions, field results and hyperlinks, not deletions, field codes or hidden runs', async () => {
    const doc = await read({
      body:
        '<w:p><w:r><w:t xml:space="preserve">受理 </w:t></w:r>' +
        '<w:del w:id="1"><w:r><w:delText>63</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>36</w:t></w:r></w:ins>' +
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>件</w:t></w:r></w:p>' +
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> =SUM(LEFT) </w:instrText></w:r>' +
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>61</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>' +
        '<w:hyperlink w:anchor="x"><w:r><w:t>件</w:t></w:r></w:hyperlink><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="b"/></w:p>',
    });
    expect(textLines(doc).map((l) => l.text)).toEqual(['受理36件', '61件']);
  });

  it('reads rows and cells inside content controls, and line breaks and tabs inside paragraphs', async () => {
    const doc = await read({
      body:
        '<w:sdt><w:sdtPr/><w:sdtContent>' +
        p('一、总体情况') +
        '</w:sdtContent></w:sdt>' +
        '<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>A</w:t><w:tab/><w:t>B</w:t></w:r></w:p>' +
        tbl(`<w:sdt><w:sdtContent>${tr(tc('a'), `<w:sdt><w:sdtContent>${tc('1')}</w:sdtContent></w:sdt>`)}</w:sdtContent></w:sdt>`, tr(tc('b'), tc('<w:p><w:r><w:t>2</w:t></w:r></w:p><w:p><w:r><w:t>（其中 1 件）</w:t></w:r></w:p>'))),
    });
    // A tab is a space, and spaces beside Chinese characters go, as in the HTML reader.
    expect(textLines(doc).map((l) => l.text)).toEqual(['一、总体情况', '第一行', '第二行A B']);
    expect(grid(tables(doc)[0])).toEqual([
      ['a', '1'],
      ['b', '2\n（其中1件）'],
    ]);
  });

  it('reads a text box once (mc:Choice, not its mc:Fallback copy), after the paragraph it is anchored in', async () => {
    const box = '<w:txbxContent><w:p><w:r><w:t>此件公开发布</w:t></w:r></w:p></w:txbxContent>';
    const doc = await read({
      body:
        `<w:p><w:r><w:t>标题</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>${box}</wps:txbx></w:drawing></mc:Choice>` +
        `<mc:Fallback><w:pict><v:shape><v:textbox>${box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
        p('正文'),
    });
    expect(textLines(doc).map((l) => l.text)).toEqual(['标题', '此件公开发布', '正文']);
  });

  it('treats a table that holds tables as a layout container, as the HTML reader does', async () => {
    const inner = tbl(tr(tc('x'), tc('1')));
    const doc = await read({ body: tbl(tr(tc(`${p('附表')}${inner}`), tc('右栏'))) });
    expect(textLines(doc).map((l) => l.text)).toEqual(['附表', '右栏']);
    expect(tables(doc).map(grid)).toEqual([[['x', '1']]]);
  });

  it('lists pictures with their bytes and place, skips vector ones, warns of linked ones, ignores them without a listener', async () => {
    const png = readFileSync('corpus/generated/scans/a_county_2021.t3img.t3.png');
    const pkg: Package = {
      body:
        p('前文') +
        '<w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed="rIdPng"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>' +
        '<w:p><w:r><w:pict><v:shape><v:imagedata r:id="rIdEmf"/></v:shape></w:pict></w:r></w:p>' +
        '<w:p><w:r><w:drawing><a:blip r:link="rIdWeb"/></w:drawing></w:r></w:p>' +
        p('后文'),
      rels:
        `<Relationship Id="rIdPng" Type="${IMAGE_REL}" Target="media/image1.png"/>` +
        `<Relationship Id="rIdEmf" Type="${IMAGE_REL}" Target="media/image2.emf"/>` +
        `<Relationship Id="rIdWeb" Type="${IMAGE_REL}" Target="http://example.invalid/t.png" TargetMode="External"/>`,
      files: { 'word/media/image1.png': png, 'word/media/image2.emf': new Uint8Array(200) },
    };
    const images: ImageRef[] = [];
    const doc = await read(pkg, images);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ at: 1, src: 'word/media/image1.png', path: 'p[2]' });
    expect(Buffer.from(images[0].bytes!).equals(png)).toBe(true);
    expect(doc.messages.map((m) => m.message)).toEqual([expect.stringMatching(/^p\[4\]: picture linked from outside the file not read \(nothing is fetched\): http:\/\/example\.invalid/)]);
    expect((await read(pkg)).messages).toEqual([]);
  });

  it('finds the main part through the package relationships', async () => {
    const doc = await read({ body: p('正文'), main: 'word/document2.xml' });
    expect(textLines(doc).map((l) => l.text)).toEqual(['正文']);
  });

  it('reads a main part written in UTF-16 with a byte-order mark', async () => {
    const pkg = docx({ body: p('正文') });
    const utf8 = new TextDecoder().decode(unzipSync(pkg)['word/document.xml']).replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8, 'utf16le')]));
    const doc = await readDocx(zipSync({ ...unzipSync(pkg), 'word/document.xml': utf16 }), 't.docx');
    expect(textLines(doc).map((l) => l.text)).toEqual(['正文']);
  });

  it('gives a clear error for a package with no document, and for bytes that are not a zip', async () => {
    const noDoc = zipSync({ 'word/styles.xml': strToU8('<w:styles/>') });
    await expect(readBytes(noDoc, { path: 'a/styles-only.docx' })).rejects.toThrow('a/styles-only.docx: not a readable DOCX (no word/document.xml in the package)');
    await expect(readBytes(Buffer.from('PK\u0003\u0004garbage word/ but not a zip'), { path: 'g.docx' })).rejects.toThrow(/^g\.docx: not a readable DOCX \(/);
  });
});
