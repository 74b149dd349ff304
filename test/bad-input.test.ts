/** Files an archive is full of: each gets a record naming the file and the reason, never a crash. See corpus/bad/README.md. */
import { describe, expect, it } from 'vitest';
import { loadExpected } from '../src/evaluate/compare.js';
import { processFile } from '../src/pipeline/process.js';

const bad = (f: string) => processFile(`corpus/bad/${f}`);
const numbers = (values: Record<string, number | null>) => Object.values(values).filter((v) => v !== null);

describe('bad input', () => {
  it('empty file', async () => {
    const r = await bad('empty.html');
    expect(r.errors).toEqual(['corpus/bad/empty.html: empty file (0 bytes)']);
    expect(r.template).toBe('unknown');
    expect(r.values).toEqual({});
  });

  it('truncated PDF', async () => {
    const r = await bad('truncated.pdf');
    expect(r.errors[0]).toMatch(/^corpus\/bad\/truncated\.pdf: .*(corrupt|invalid|truncated|broken)/i);
    expect(numbers(r.values)).toEqual([]);
  });

  it('PDF with a user password', async () => {
    const r = await bad('encrypted_user_pw.pdf');
    expect(r.errors[0]).toMatch(/^corpus\/bad\/encrypted_user_pw\.pdf: .*password/i);
    expect(numbers(r.values)).toEqual([]);
  });

  it('DOCX with a password: said to be protected, not taken for a legacy .doc', async () => {
    const r = await bad('encrypted_password.docx');
    expect(r.errors).toEqual(['corpus/bad/encrypted_password.docx: password-protected Office file (encrypted DOCX); it cannot be read without the password']);
    expect(numbers(r.values)).toEqual([]);
  });

  it('random bytes called .docx', async () => {
    const r = await bad('garbage.docx');
    expect(r.errors[0]).toMatch(/^corpus\/bad\/garbage\.docx: not a PDF, DOCX, HTML or text document/);
    expect(r.source.format).toBe('unknown');
  });

  it('a PDF called .html is read as the PDF it is', async () => {
    const r = await bad('mis_named.html');
    expect(r.source.format).toBe('pdf');
    const exp = loadExpected('corpus/generated/pdf/b_department_2019.cmap_nonembedded.expected.json');
    expect(r.values).toEqual(exp.values);
  });

  it('a 解读 page quoting a report is not a report', async () => {
    const r = await bad('not_a_report.html');
    expect(r.template).toBe('unknown');
    expect(r.errors.join()).toMatch(/not a report/);
    expect(numbers(r.values)).toEqual([]);
  });

  it('GBK without any declared charset is decoded, with a warning', async () => {
    const r = await bad('undeclared_gbk.html');
    expect(r.warnings.join()).toMatch(/GB18030/);
    expect(r.values['requests.received.natural_person']).toBe(3);
    expect(r.values['requests.received.total']).toBe(3);
    expect(r.values['requests.carried_over.natural_person']).toBe(0);
  });
});
