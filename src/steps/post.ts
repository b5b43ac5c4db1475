import { ArtifactOptions, artifactTypeFor } from '../artifacts/index.js';
import { ChannelRef } from '../spec-fields/channel-ref.js';
import type { StepKind } from './apply-step.js';

/** `- post: "#channel"`: post the approved artifact as a clean message (any channel the app can post in). */
export interface PostStep {
  kind: 'post';
  channel: string;
}

export const postStep: StepKind<PostStep> = {
  kind: 'post',
  spec: ChannelRef.transform((channel): PostStep => ({ kind: 'post', channel })),
  usage: '`post: <channel>`',
  written: (step) => step.channel,
  describe: (step) => `post it to ${step.channel}`,
  channels: (step) => [{ field: 'post', ref: step.channel }],
  async perform(deps, artifact, step) {
    const options = ArtifactOptions.parse(artifact.options);
    const channel = (await deps.slack.resolveChannel(step.channel))?.id ?? step.channel;
    const message = artifactTypeFor(options.type).renderPost(artifact.content, options);
    const posted = await deps.slack.postMessage({ channel, text: message.text, blocks: message.blocks });
    return { channel: posted.channel, ts: posted.ts };
  },
};
