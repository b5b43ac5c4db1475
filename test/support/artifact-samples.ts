/**
 * One sample per artifact type, as a spec and the model would give them: the spec's `artifact:`
 * section (`options`) and a valid model output (`content`). The registry test runs every
 * registered type's contract on its sample, so a new type needs its sample here.
 */
export interface ArtifactSample {
  /** The spec's `artifact:` section, unparsed (as the run bound it, for a type with a `binding`). */
  options: unknown;
  /** Content the model produced for it, valid for the type's content schema. */
  content: unknown;
}

/** The write tool of the `actions` sample: the example CRM server's `update_contact`. */
export const UPDATE_CONTACT_TOOL = {
  server: 'crm',
  name: 'update_contact',
  description: 'Set one field of a contact.',
  inputSchema: {
    type: 'object',
    properties: {
      id: { type: 'string', description: 'The contact id, e.g. C-1042.' },
      field: { type: 'string', enum: ['email', 'stage', 'owner'] },
      value: { type: 'string', minLength: 1 },
    },
    required: ['id', 'field', 'value'],
    additionalProperties: false,
  },
};

/** Artifact type name -> its sample. */
export const artifactSamples: Readonly<Record<string, ArtifactSample>> = {
  message: { options: { type: 'message' }, content: { text: 'Hi Dana,\n\nthe refund is on its way.' } },
  document: {
    options: { type: 'document' },
    content: {
      title: 'Weekly digest',
      sections: [
        { heading: 'Leads', body: 'Two new leads: **Acme** and Globex.' },
        { heading: 'Risks', body: '- The Initech renewal is late.' },
      ],
    },
  },
  table: {
    options: { type: 'table', columns: ['company', 'score'] },
    content: {
      rows: [
        { company: 'Acme', score: '90' },
        { company: 'Globex', score: '75' },
      ],
    },
  },
  checklist: {
    options: { type: 'checklist' },
    content: { items: [{ text: 'Send the contract', owner: 'Dana' }, { text: 'Book the kickoff' }] },
  },
  decision: {
    options: { type: 'decision', labels: ['refund', 'decline'] },
    content: { label: 'refund', confidence: 0.8, reasons: ['The order arrived damaged.'] },
  },
  changes: {
    options: { type: 'changes' },
    content: {
      changes: [
        { record: 'ACME-1', field: 'stage', before: 'lead', after: 'qualified', reason: 'They booked a demo.' },
      ],
    },
  },
  // As stored: the run bound the agent's write tools into the options.
  actions: {
    options: { type: 'actions', write_tools: [UPDATE_CONTACT_TOOL] },
    content: {
      actions: [
        {
          tool: 'crm.update_contact',
          arguments: { id: 'C-1042', field: 'stage', value: 'qualified' },
          reason: 'They booked a demo.',
        },
      ],
    },
  },
};
