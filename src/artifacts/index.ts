import { z } from 'zod';
import { ChangesOptions } from './changes.js';
import { ChecklistOptions } from './checklist.js';
import { DecisionOptions } from './decision.js';
import { DocumentOptions } from './document.js';
import { MessageOptions } from './message.js';
import { TableOptions } from './table.js';

/** The spec's `artifact:` section: one variant per artifact type, switched on `type`. */
export const ArtifactOptions = z.discriminatedUnion('type', [
  MessageOptions,
  DocumentOptions,
  TableOptions,
  ChecklistOptions,
  DecisionOptions,
  ChangesOptions,
]);
export type ArtifactOptions = z.infer<typeof ArtifactOptions>;
export type ArtifactTypeName = ArtifactOptions['type'];
