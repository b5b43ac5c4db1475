/**
 * What a team would write instead of Coworker, and the floor it is measured against: a slash
 * command is acked, "working…" is posted, one Claude call forced to one tool drafts the answer,
 * and the message becomes the draft with Approve / Reject. A click is acked and the message
 * shows the decision. No storage, no specs, no corrections: everything Coworker adds is the
 * difference the bench measures.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { boltAppFromEnv } from './bolt-app-from-env.js';

const MODEL = process.env.COWORKER_MODEL ?? 'claude-sonnet-4-6';
const anthropic = new Anthropic({ maxRetries: 0 }); // ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL

const { app, port } = boltAppFromEnv();

app.command('/coworker', async ({ ack, command, client }) => {
  await ack();
  const working = await client.chat.postMessage({ channel: command.channel_id, text: 'working…' });
  const ts = working.ts ?? '';
  try {
    const draft = await draftReply(command.text);
    await client.chat.update({
      channel: command.channel_id,
      ts,
      text: draft,
      blocks: reviewBlocks(draft, command.user_id),
    });
  } catch (err) {
    await client.chat.update({ channel: command.channel_id, ts, text: `Run failed: ${String(err)}` });
  }
});

for (const [actionId, decision] of [
  ['approve', '✅ *Approved*'],
  ['reject', '❌ *Rejected*'],
] as const) {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, client }) => {
    await ack();
    const channel = body.channel?.id ?? body.container.channel_id;
    const ts = body.message?.ts ?? body.container.message_ts;
    const draft = String(body.actions[0]?.value ?? '');
    await client.chat.update({
      channel,
      ts,
      text: `${decision} by <@${body.user.id}>`,
      blocks: [
        section(draft),
        { type: 'context', elements: [{ type: 'mrkdwn', text: `${decision} by <@${body.user.id}>` }] },
      ],
    });
  });
}

/** One forced-tool call: the model must answer through `submit_reply`. */
async function draftReply(request: string): Promise<string> {
  const message = await anthropic.messages.create({
    model: MODEL,
    max_tokens: 1024,
    system: 'You draft short, friendly replies for a support team. Answer through the submit_reply tool.',
    messages: [{ role: 'user', content: request }],
    tools: [
      {
        name: 'submit_reply',
        description: 'The reply, exactly as it should be posted.',
        input_schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
    ],
    tool_choice: { type: 'tool', name: 'submit_reply' },
  });
  const tool = message.content.find((block) => block.type === 'tool_use');
  const input = tool?.input as { text?: unknown } | undefined;
  if (typeof input?.text !== 'string') throw new Error('the model did not call submit_reply');
  return input.text;
}

function reviewBlocks(draft: string, requester: string): KnownBlock[] {
  return [
    section(draft),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Requested by <@${requester}>` }] },
    {
      type: 'actions',
      elements: [
        // The draft rides in the button (up to 2,000 characters), so a click needs no storage.
        button('Approve', 'approve', draft.slice(0, 2000), 'primary'),
        button('Reject', 'reject', draft.slice(0, 2000), 'danger'),
      ],
    },
  ];
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) || ' ' } };
}

function button(text: string, actionId: string, value: string, style: 'primary' | 'danger') {
  return { type: 'button' as const, text: { type: 'plain_text' as const, text }, action_id: actionId, value, style };
}

await app.start(port);
console.log(`same-work app listening on ${port}`);
