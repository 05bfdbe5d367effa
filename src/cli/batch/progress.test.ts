import { describe, expect, it } from 'vitest';
import { progressReporter, resolveProgressMode } from './progress';

const ESC = String.fromCharCode(27);

function fakeSink(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, columns: 100, writes, write: (t: string) => writes.push(t) };
}

describe('batch progress', () => {
  it('auto is a bar on a terminal and plain lines elsewhere', () => {
    expect(resolveProgressMode('auto', fakeSink(true))).toBe('bar');
    expect(resolveProgressMode('auto', fakeSink(false))).toBe('lines');
    expect(resolveProgressMode('none', fakeSink(true))).toBe('none');
  });

  it('bar: redraws one line in place, prints a failure on its own line, ends with a newline', () => {
    const sink = fakeSink(true);
    let t = 0;
    const p = progressReporter('bar', 4, sink, { now: () => t });
    // Width: 100 columns less the 47 characters of the status, the 12 of the label and 6 for brackets, spaces and a margin.
    expect(sink.writes).toEqual([`\r${ESC}[2Kifim analyze [${'.'.repeat(100 - 47 - 12 - 6)}] 0/4 (0 %) 0 images/h, elapsed 00:00, left --:--`]);
    t = 1000;
    p.tick('analysed');
    t = 2000;
    p.tick('failed', 'x.png is empty');
    t = 3000;
    p.tick('analysed');
    t = 4000;
    p.tick('resumed');
    p.finish();
    const text = sink.writes.join('');
    expect(text).toContain('\rifim: x.png is empty\n'.replace('\r', '\r\x1b[2K'));
    // 2 analysed in 4 s = 1800/h; the bar is full.
    expect(sink.writes.at(-2)).toMatch(new RegExp(`^\r${ESC}\\[2Kifim analyze \\[#+\\] 4/4 \\(100 %\\) 1800 images/h, elapsed 00:04, left 00:00, 1 failed$`));
    expect(sink.writes.at(-1)).toBe('\n');
  });

  it('lines: nothing for a batch shorter than the interval except failures; then one line per interval', () => {
    const sink = fakeSink(false);
    let t = 0;
    const p = progressReporter('lines', 100, sink, { now: () => t, lineIntervalMs: 30_000 });
    for (let i = 0; i < 10; i++) {
      t += 1000;
      p.tick('analysed');
    }
    p.tick('failed', 'b.png: corrupt');
    expect(sink.writes).toEqual(['ifim: b.png: corrupt\n']);
    for (let i = 0; i < 40; i++) {
      t += 1000;
      p.tick('analysed');
    }
    const lines = sink.writes.slice(1);
    expect(lines).toHaveLength(1);
    // At t = 30 s: 10 + 1 failed + 20 = 31 done, 30 analysed in 30 s (3600/h), 69 left at 1/s.
    expect(lines[0]).toBe('ifim analyze: 31/100 (31 %) 3600 images/h, elapsed 00:30, left 01:09, 1 failed\n');
    p.finish();
    expect(sink.writes).toHaveLength(2);
  });

  it('none: silent', () => {
    const sink = fakeSink(true);
    const p = progressReporter('none', 2, sink);
    p.tick('failed', 'x');
    p.tick('analysed');
    p.finish();
    expect(sink.writes).toEqual([]);
  });
});
