// `#` right after a value indicator (`key:`, `- `) or inside a flow list/mapping (`[#sales]`, `, #sales`).
const BLOCK_VALUE_EATEN = /(?::|(?:^|\s)-)[ \t]+(#[^\s,\]}]+)/;
const FLOW_VALUE_EATEN = /[[{,][ \t]*(#[^\s,\]}]+)/;

/**
 * The hint for a value such as `#sales` that YAML took for a comment, judged from the text of
 * the line where a value came out empty (`channels: #sales`, `- #sales`) or, with `flow`, where
 * the YAML broke (`channels: [#sales]`). Returns text to append to the problem, or undefined.
 */
export function commentHint(lineText: string | undefined, flow: boolean): string | undefined {
  if (lineText === undefined) return undefined;
  const match = (flow ? FLOW_VALUE_EATEN : BLOCK_VALUE_EATEN).exec(lineText);
  const eaten = match?.[1];
  return eaten === undefined ? undefined : `# starts a comment in YAML: quote it, "${eaten}"`;
}
