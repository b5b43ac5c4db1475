import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createAnthropicModelClient } from '../../src/model/model-client.js';

describe('createAnthropicModelClient', () => {
  it('without ANTHROPIC_API_KEY, fails every call with words that name the variable', async () => {
    const client = createAnthropicModelClient(loadConfig({}));
    await expect(client.createMessage({ model: 'm', max_tokens: 1, messages: [] }, {})).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/^ANTHROPIC_API_KEY is not set/) as unknown as string,
    });
  });
});
