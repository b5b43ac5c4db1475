/**
 * Slack's Block Kit limits, written out here independently of the product's own limits in `src/`
 * so that a wrong constant there is caught rather than mirrored.
 */
export const SLACK = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  textObject: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  url: 3000,
  markdownText: 12_000,
  tableRows: 100,
  tableCells: 20,
  tablesPerMessage: 1,
  /** A message's top-level `text`: Slack answers `msg_too_long` beyond it. */
  messageText: 40_000,
  inputLabel: 2000,
  inputHint: 2000,
  inputValue: 3000,
  placeholder: 150,
  selectOptions: 100,
  /** Options of a `checkboxes` or `radio_buttons` element. */
  choiceOptions: 10,
  optionText: 75,
  optionValue: 150,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

/**
 * Our own caps, stricter than Slack's documented ones: the top-level `text` sent with blocks
 * (a notification fallback, kept to a section's 3000 characters), the total text of a message
 * (Slack answers `msg_blocks_too_long` at roughly 12–13k characters) and the text of a table
 * (documented as 10,000 characters for `data_table`).
 */
export const BUDGET = { fallbackText: 3000, messageText: 10_000, tableText: 10_000 } as const;
