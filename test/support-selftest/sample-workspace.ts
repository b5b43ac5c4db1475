import type { KnownBlock } from '@slack/types';

/** Channels of the sample workspace the fake Slack self-tests run against. */
export const CHANNELS = [
  { id: 'C0SUPPORT01', name: 'support' },
  { id: 'C0SALES0001', name: 'sales' },
  { id: 'C0OPS000001', name: 'ops' },
  { id: 'C0FIN000001', name: 'finance' },
  { id: 'C0MKT000001', name: 'marketing' },
];

/** A review message's blocks: a draft and its Approve / Edit / Reject buttons. */
export function reviewBlocks(): KnownBlock[] {
  return [
    { type: 'section', block_id: 'body', text: { type: 'mrkdwn', text: '*Draft reply*' } },
    {
      type: 'actions',
      block_id: 'review',
      elements: [
        {
          type: 'button',
          action_id: 'approve',
          value: 'a1:v1',
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
        },
        { type: 'button', action_id: 'edit', value: 'a1:v1', text: { type: 'plain_text', text: 'Edit' } },
        {
          type: 'button',
          action_id: 'reject',
          value: 'a1:v1',
          style: 'danger',
          text: { type: 'plain_text', text: ':x: Reject' },
        },
      ],
    },
  ];
}
