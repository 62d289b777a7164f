/**
 * Which resources a runtime must be allowed to invoke for one configured model id. Kept
 * apart from the constructs so the rule can be read and tested on its own: granting `*`
 * is what the reference pattern did, and a wrong guess here shows up only as
 * AccessDenied at run time.
 */

/** The Bedrock actions behind Converse, ConverseStream, InvokeModel and its streaming form. */
export const MODEL_INVOKE_ACTIONS = [
  'bedrock:InvokeModel',
  'bedrock:InvokeModelWithResponseStream',
] as const;

/**
 * Prefixes of Amazon Bedrock's system-defined cross-Region inference profiles. Such an id
 * names a profile in the caller's own account and Region, which routes each request to
 * the same foundation model in one of several Regions, so both must be allowed.
 */
export const CROSS_REGION_PROFILE_PREFIXES = [
  'global',
  'us',
  'us-gov',
  'eu',
  'apac',
  'jp',
  'au',
  'ca',
] as const;

/** Where the runtime runs: the parts of an ARN that are not the model's own. */
export interface ModelArnContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** How a model id was understood, and the resources it needs. */
export interface ModelAccess {
  readonly kind: 'arn' | 'inference-profile' | 'foundation-model';
  readonly resources: readonly string[];
}

const PROFILE_ID = new RegExp(`^(${CROSS_REGION_PROFILE_PREFIXES.join('|')})\\.(.+)$`);

/**
 * The resources `bedrock:InvokeModel` must name for `modelId`:
 * - an ARN (foundation model, inference profile, application profile, provisioned
 *   throughput) is taken as given: its owner chose exactly that resource;
 * - a cross-Region profile id (`global.`, `us.`, `eu.`, `apac.`, ...) yields the profile in
 *   this account and Region plus the foundation model in any Region; the `*` Region also
 *   matches the Region-less ARN that global profiles check;
 * - any other id is an on-demand foundation model in this Region.
 */
export function modelAccess(modelId: string, where: ModelArnContext): ModelAccess {
  const { partition, region, account } = where;
  if (modelId.startsWith('arn:')) {
    return { kind: 'arn', resources: [modelId] };
  }
  const profile = PROFILE_ID.exec(modelId);
  if (profile) {
    return {
      kind: 'inference-profile',
      resources: [
        `arn:${partition}:bedrock:${region}:${account}:inference-profile/${modelId}`,
        `arn:${partition}:bedrock:*::foundation-model/${profile[2]}`,
      ],
    };
  }
  return {
    kind: 'foundation-model',
    resources: [`arn:${partition}:bedrock:${region}::foundation-model/${modelId}`],
  };
}
