import { z } from 'zod';
import { ActionsOptions, actionsArtifact } from './actions.js';
import type { AnyArtifactType, ArtifactType } from './artifact-type.js';
import { ChangesOptions, changesArtifact } from './changes.js';
import { ChecklistOptions, checklistArtifact } from './checklist.js';
import { DecisionOptions, decisionArtifact } from './decision.js';
import { DocumentOptions, documentArtifact } from './document.js';
import { MessageOptions, messageArtifact } from './message.js';
import { schemaPerOptions } from './schema-per-options.js';
import { TableOptions, tableArtifact } from './table.js';

/**
 * Every artifact type. Adding a type is its module plus one line here: the registry and the
 * `ArtifactOptions` union are both derived from this list.
 */
const registered = [
  register(messageArtifact, MessageOptions),
  register(documentArtifact, DocumentOptions),
  register(tableArtifact, TableOptions),
  register(checklistArtifact, ChecklistOptions),
  register(decisionArtifact, DecisionOptions),
  register(changesArtifact, ChangesOptions),
  register(actionsArtifact, ActionsOptions),
] as const;

type DiscriminableOptions = z.ZodObject<{ type: z.ZodLiteral<string> }>;

/**
 * One registry entry: the type-erased module, and its options schema with its precise zod type
 * (the union needs the literal `type` of each variant, which `ArtifactType.options` erases).
 * The entry builds its content schema once per options object (`schemaPerOptions`).
 * `S extends z.ZodType<O>` makes a module registered with another type's options a compile error.
 */
function register<O extends { type: string }, C, S extends DiscriminableOptions & z.ZodType<O>>(
  module: ArtifactType<O, C>,
  options: S,
) {
  const contentSchema = schemaPerOptions((o: O) => module.contentSchema(o));
  const erased: AnyArtifactType = {
    ...module,
    // A method, as the module's: the entry stays assignable to AnyArtifactType.
    contentSchema(o: O) {
      return contentSchema(o);
    },
  };
  return { module: erased, options };
}

type OptionSchemas<T extends readonly { options: DiscriminableOptions }[]> = {
  -readonly [K in keyof T]: T[K]['options'];
};

/** The spec's `artifact:` section: one variant per artifact type, switched on `type`. */
export const ArtifactOptions = z.discriminatedUnion(
  'type',
  // `map` loses the tuple's element types; the mapped type restores them.
  registered.map((entry) => entry.options) as OptionSchemas<typeof registered>,
);
export type ArtifactOptions = z.infer<typeof ArtifactOptions>;
/** The name of an artifact type, e.g. `'table'`. */
export type ArtifactTypeName = ArtifactOptions['type'];

/** The registry: artifact type name -> its module. */
export const artifactTypes: ReadonlyMap<string, AnyArtifactType> = new Map(
  registered.map((entry) => [entry.module.type, entry.module]),
);

/**
 * The module of an artifact type. For a name of `ArtifactOptions` it always exists; for any
 * other string (e.g. read from the database) it is `undefined` when unknown.
 */
export function artifactTypeFor(name: ArtifactTypeName): AnyArtifactType;
export function artifactTypeFor(name: string): AnyArtifactType | undefined;
export function artifactTypeFor(name: string): AnyArtifactType | undefined {
  return artifactTypes.get(name);
}

export { EditFormValues } from '../block-kit/edit-form-values.js';
export type {
  AnyArtifactType,
  ApprovedCall,
  ArtifactBinding,
  ArtifactFile,
  ArtifactType,
  EditChange,
  EditFormBlock,
  EditResult,
  RunFacts,
  SlackMessage,
  WriteTool,
} from './artifact-type.js';
