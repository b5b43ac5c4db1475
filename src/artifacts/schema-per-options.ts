/**
 * A content schema built once per options object (a loaded spec's `artifact:` section), as the
 * registry (`index.ts`) gives every type's: a run asks for its schema several times (the model's
 * tool, parsing the answer, the review), and building one, with its JSON Schema converted after
 * it (`toolInputSchema`, cached per schema), costs more than the rest of a small run's artifact
 * work. Options are parsed values nobody changes; a new object gets its own schema.
 */
export function schemaPerOptions<O extends object, S>(build: (options: O) => S): (options: O) => S {
  const built = new WeakMap<O, S>();
  return (options) => {
    let schema = built.get(options);
    if (schema === undefined) {
      schema = build(options);
      built.set(options, schema);
    }
    return schema;
  };
}
