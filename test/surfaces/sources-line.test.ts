import { describe, expect, it } from 'vitest';
import { describeAge, sourcesLine } from '../../src/surfaces/sources-line.js';
import { blockKitViolations } from '../support/block-kit-checker.js';

const now = new Date('2026-12-01T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('sourcesLine', () => {
  it('names each source with its verification age, ⚠ and why when due or disputed', () => {
    const blocks = sourcesLine(
      [
        { title: 'Refund policy', verifiedAt: daysAgo(12), due: false, disputed: false },
        { title: 'Price list', verifiedAt: daysAgo(95), due: true, disputed: false },
        { title: 'SOP <!here>\nescalation', verifiedAt: daysAgo(0), due: true, disputed: true },
      ],
      now,
    );
    expect(blocks).toEqual([
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '📚 Sources: Refund policy (verified 12 d ago) · ⚠ Price list (due, verified 95 d ago) · ⚠ SOP &lt;!here&gt; escalation (disputed, due, verified today)',
          },
        ],
      },
    ]);
  });

  it('shows nothing without sources, and stays within a context element for twenty long titles', () => {
    expect(sourcesLine([], now)).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => ({
      title: `${'Very long policy title '.repeat(6)}${i}`,
      verifiedAt: daysAgo(i),
      due: i % 2 === 0,
      disputed: i % 3 === 0,
    }));
    const blocks = sourcesLine(many, now);
    expect(blockKitViolations(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('Very long policy title');
  });

  it('counts age in whole days', () => {
    expect(describeAge(new Date(now.getTime() - 3_600_000), now)).toBe('today');
    expect(describeAge(daysAgo(1), now)).toBe('1 d ago');
  });
});
