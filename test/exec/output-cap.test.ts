import { describe, expect, it } from 'vitest';
import { OutputCap, truncationMarker } from '../../src/exec/output-cap.js';

describe('OutputCap', () => {
  it('keeps everything under the cap and decodes UTF-8 split across chunks', () => {
    const cap = new OutputCap(100);
    const bytes = Buffer.from('héllo ✓');
    cap.push(bytes.subarray(0, 2)); // splits the 2-byte "é"
    cap.push(bytes.subarray(2));
    expect(cap.text()).toBe('héllo ✓');
    expect(cap.truncated).toBe(false);
  });

  it('keeps the head, counts the rest and appends the marker', () => {
    const cap = new OutputCap(5);
    cap.push(Buffer.from('abc'));
    cap.push(Buffer.from('defgh'));
    cap.push(Buffer.from('ijk'));
    expect(cap.text()).toBe(`abcde${truncationMarker(5)}`);
    expect(cap.truncated).toBe(true);
    expect(cap.seenBytes).toBe(11);
  });

  it('drops a multi-byte character cut by the cap instead of emitting U+FFFD', () => {
    const cap = new OutputCap(5);
    cap.push(Buffer.from('ééé')); // 6 bytes: the cap falls inside the third character
    expect(cap.text()).toBe(`éé${truncationMarker(5)}`);
  });

  it('replaces genuinely invalid UTF-8 rather than throwing', () => {
    const cap = new OutputCap(10);
    cap.push(Buffer.from([0x61, 0xff, 0x62, 0xc3]));
    expect(cap.text()).toBe('a\uFFFDb\uFFFD');
  });
});
