import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, parseCsv, parseCsvRows, stripBoms } from './csv-parse.js';

describe('parseCsv', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks inside', () => {
    const t = parseCsv('a;b;c\r\n"x;y";"say ""hi""";"two\r\nlines"\r\n');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([['x;y', 'say "hi"', 'two\r\nlines']]);
  });

  it('detects a comma separator and pads short rows to the header width', () => {
    const t = parseCsv('a,b,c\n1,2\n');
    expect(t.delimiter).toBe(',');
    expect(t.rows).toEqual([['1', '2', '']]);
  });

  it('strips any number of leading byte-order marks', () => {
    expect(stripBoms('\uFEFF\uFEFFNom')).toBe('Nom');
    expect(parseCsv('\uFEFF\uFEFFNom;Id\nA;1').header).toEqual(['Nom', 'Id']);
  });

  it('skips blank lines and reports the file line where each row starts', () => {
    const t = parseCsv('h\n"multi\nline"\n\nlast\n');
    expect(t.rows).toEqual([['multi\nline'], ['last']]);
    expect(t.lines).toEqual([2, 5]);
  });

  it('prefers the semicolon when a header has both', () => {
    expect(detectDelimiter('"a,b";c;d\n')).toBe(';');
  });

  it('throws a CsvSyntaxError naming the line of an unterminated quote', () => {
    expect(() => parseCsvRows('a;b\n1;"open\n', ';')).toThrow(CsvSyntaxError);
    try {
      parseCsvRows('a;b\n1;"open\n', ';');
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(2);
    }
  });
});
