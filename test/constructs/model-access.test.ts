import { describe, expect, it } from 'vitest';
import { CROSS_REGION_PROFILE_PREFIXES, modelAccess } from '../../src/constructs/model-access';

const here = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };

describe('modelAccess', () => {
  it('grants a plain model id as a foundation model of this Region only', () => {
    expect(modelAccess('anthropic.claude-3-haiku-20240307-v1:0', here)).toEqual({
      kind: 'foundation-model',
      resources: [
        'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      ],
    });
  });

  it.each(['global', 'us', 'eu', 'apac'])(
    'grants a %s. id as this account and Region’s profile plus the model in any Region',
    (prefix) => {
      expect(modelAccess(`${prefix}.anthropic.claude-sonnet-4-6`, here)).toEqual({
        kind: 'inference-profile',
        resources: [
          `arn:aws:bedrock:eu-west-1:123456789012:inference-profile/${prefix}.anthropic.claude-sonnet-4-6`,
          'arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-6',
        ],
      });
    },
  );

  it('knows every listed prefix as a profile', () => {
    for (const prefix of CROSS_REGION_PROFILE_PREFIXES) {
      expect(modelAccess(`${prefix}.amazon.nova-pro-v1:0`, here).kind).toBe('inference-profile');
    }
  });

  it('does not mistake a provider whose name starts like a prefix for a profile', () => {
    // "usage." or "europa." are not geographies: only an exact prefix before the first dot is.
    expect(modelAccess('usage.model-v1', here).kind).toBe('foundation-model');
    expect(modelAccess('europa.model-v1', here).kind).toBe('foundation-model');
  });

  it('uses an ARN exactly as given', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcd1234efgh';
    expect(modelAccess(arn, here)).toEqual({ kind: 'arn', resources: [arn] });
  });

  it('never grants a wildcard model, whatever kind of id it is given', () => {
    const ids = [
      'amazon.nova-lite-v1:0',
      ...CROSS_REGION_PROFILE_PREFIXES.map((prefix) => `${prefix}.anthropic.claude-sonnet-4-6`),
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcd1234efgh',
    ];
    for (const id of ids) {
      const { resources } = modelAccess(id, here);
      // An empty list would grant nothing, and would pass a wildcard check unseen.
      expect(resources.length, id).toBeGreaterThan(0);
      expect(
        resources.filter((resource) => /\/\*$|^\*$/.test(resource)),
        id,
      ).toEqual([]);
    }
  });
});
