import { expect } from 'vitest';
import type { BlockKitCheck } from './block-kit-checker.js';
import { blockKitViolations, modalViolations } from './block-kit-checker.js';

/** Fails the test, listing every violation, unless `blocks` (and `text`) are within Block Kit limits. */
export function assertWithinBlockKitLimits(blocks: readonly unknown[], check: BlockKitCheck = {}): void {
  expect(blockKitViolations(blocks, check)).toEqual([]);
}

/** Fails the test, listing every violation, unless `view` is a modal within Block Kit limits. */
export function assertValidModal(view: unknown, check: { maxTotalText?: number } = {}): void {
  expect(modalViolations(view, check)).toEqual([]);
}
