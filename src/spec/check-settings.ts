/**
 * System-wide settings, each checked on its own: the system's name, and where and with what
 * it deploys (Region, account, model, network, memory). A stage checks what it changes of
 * them with the same rules.
 */

import { checkField, checkKnownFields, isObject } from './check-shape';
import type { Problems } from './problems';
import {
  ACCOUNT_ID_PATTERN,
  closest,
  MAX_SYSTEM_NAME_LENGTH,
  MODEL_ID_PATTERN,
  REGION_PATTERN,
  SECURITY_GROUP_ID_PATTERN,
  SUBNET_ID_PATTERN,
  SYSTEM_NAME_PATTERN,
  suggestSystemName,
} from './rules';
import {
  DEFAULT_MEMORY_EXPIRY_DAYS,
  DEFAULT_MODEL_ID,
  LONG_TERM_STRATEGIES,
  type LongTermStrategy,
  MAX_MEMORY_EXPIRY_DAYS,
  type MemorySpec,
  MIN_MEMORY_EXPIRY_DAYS,
  memoryInputSchema,
  type NetworkConfig,
  type NetworkInput,
  networkInputSchema,
} from './schema';

export function checkSystemName(value: unknown, report: Problems): string | undefined {
  if (typeof value !== 'string') {
    report.add('name', value, 'the system needs a name', 'give a name such as "my-agents"');
    return undefined;
  }
  if (!SYSTEM_NAME_PATTERN.test(value) || value.length > MAX_SYSTEM_NAME_LENGTH) {
    report.add(
      'name',
      value,
      `a system name must start with a lower-case letter, hold only lower-case letters, digits and hyphens, and have at most ${MAX_SYSTEM_NAME_LENGTH} characters (it names the npm package, the stack and every runtime)`,
      `use "${suggestSystemName(value)}"`,
    );
    return undefined;
  }
  return value;
}

export function checkRegion(value: unknown, path: string, report: Problems): string | undefined {
  if (typeof value !== 'string' || !REGION_PATTERN.test(value)) {
    report.add(
      path,
      value,
      'is not an AWS region code',
      'use a region such as "us-east-1" or "eu-west-1"',
    );
    return undefined;
  }
  return value;
}

export function checkAccount(value: unknown, path: string, report: Problems): string | undefined {
  if (typeof value !== 'string' || !ACCOUNT_ID_PATTERN.test(value)) {
    report.add(
      path,
      value,
      'is not an AWS account id',
      // JSON numbers lose leading zeros, so an account id is written as a string.
      typeof value === 'number' && ACCOUNT_ID_PATTERN.test(String(value))
        ? `write it as a string: "${value}"`
        : 'use the account\u2019s 12 digits as a string, e.g. "123456789012"',
    );
    return undefined;
  }
  return value;
}

export function checkModelId(value: unknown, path: string, report: Problems): string | undefined {
  if (typeof value !== 'string' || !MODEL_ID_PATTERN.test(value)) {
    report.add(
      path,
      value,
      'is not a Bedrock model id, inference profile id or ARN',
      `use an id such as "${DEFAULT_MODEL_ID}"`,
    );
    return undefined;
  }
  return value;
}

export function checkNetwork(
  value: unknown,
  path: string,
  report: Problems,
): NetworkConfig | undefined {
  const known = isObject(value)
    ? checkKnownFields(value, networkInputSchema.shape, `${path}.`, report)
    : true;
  const network: NetworkInput | undefined = checkField(networkInputSchema, value, path, report);
  if (!network) return undefined;
  const subnets = network.subnetIds ?? [];
  const groups = network.securityGroupIds ?? [];
  if (network.mode === 'PUBLIC') {
    if (subnets.length > 0 || groups.length > 0) {
      report.add(
        path,
        value,
        'subnets and security groups apply only in VPC mode',
        'set "mode": "VPC", or remove subnetIds and securityGroupIds',
      );
      return undefined;
    }
    return known ? { mode: 'PUBLIC' } : undefined;
  }
  const subnetsValid = checkIds(
    subnets,
    `${path}.subnetIds`,
    network.subnetIds,
    SUBNET_ID_PATTERN,
    'subnet-0abc1234def567890',
    'subnet',
    report,
  );
  const groupsValid = checkIds(
    groups,
    `${path}.securityGroupIds`,
    network.securityGroupIds,
    SECURITY_GROUP_ID_PATTERN,
    'sg-0abc1234def567890',
    'security group',
    report,
  );
  return known && subnetsValid && groupsValid
    ? { mode: 'VPC', subnetIds: subnets, securityGroupIds: groups }
    : undefined;
}

/** Checks a VPC's subnet or security group ids: at least one, each well formed, none twice. */
function checkIds(
  ids: readonly string[],
  path: string,
  given: unknown,
  pattern: RegExp,
  example: string,
  what: string,
  report: Problems,
): boolean {
  if (ids.length === 0) {
    report.add(
      path,
      given,
      `VPC mode needs at least one ${what}`,
      `add ${what} ids such as "${example}"`,
    );
  }
  const malformed = ids.flatMap((id, i) => (pattern.test(id) ? [] : [i]));
  for (const i of malformed) {
    report.add(`${path}[${i}]`, ids[i], `is not a ${what} id`, `use an id such as "${example}"`);
  }
  const repeated = new Set(ids).size !== ids.length;
  if (repeated) {
    report.add(path, ids, `lists the same ${what} twice`, 'list each id once');
  }
  return ids.length > 0 && malformed.length === 0 && !repeated;
}

export function checkMemory(value: unknown, report: Problems): MemorySpec | undefined {
  if (!isObject(value)) {
    report.add(
      'memory',
      value,
      'the system\u2019s memory is described by an object',
      `use {} for conversations only, or {"expiryDays": ${DEFAULT_MEMORY_EXPIRY_DAYS}, "longTerm": ["semantic"]}`,
    );
    return undefined;
  }
  const known = checkKnownFields(value, memoryInputSchema.shape, 'memory.', report);
  const expiryDays = checkExpiryDays(value.expiryDays, report);
  const longTerm = checkLongTerm(value.longTerm, report);
  return known && expiryDays !== undefined && longTerm ? { expiryDays, longTerm } : undefined;
}

function checkExpiryDays(value: unknown, report: Problems): number | undefined {
  const days = value ?? DEFAULT_MEMORY_EXPIRY_DAYS;
  if (
    typeof days === 'number' &&
    Number.isInteger(days) &&
    days >= MIN_MEMORY_EXPIRY_DAYS &&
    days <= MAX_MEMORY_EXPIRY_DAYS
  ) {
    return days;
  }
  report.add(
    'memory.expiryDays',
    value,
    `AgentCore Memory keeps events for ${MIN_MEMORY_EXPIRY_DAYS} to ${MAX_MEMORY_EXPIRY_DAYS} days`,
    `use a whole number of days from ${MIN_MEMORY_EXPIRY_DAYS} to ${MAX_MEMORY_EXPIRY_DAYS}, e.g. ${DEFAULT_MEMORY_EXPIRY_DAYS}`,
  );
  return undefined;
}

function checkLongTerm(value: unknown, report: Problems): LongTermStrategy[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.add(
      'memory.longTerm',
      value,
      'lists long-term strategies',
      `use a list such as ["semantic"]; the strategies are ${LONG_TERM_STRATEGIES.map((s) => `"${s}"`).join(', ')}`,
    );
    return undefined;
  }
  const known = LONG_TERM_STRATEGIES as readonly string[];
  const strategies: LongTermStrategy[] = [];
  value.forEach((strategy: unknown, i) => {
    const path = `memory.longTerm[${i}]`;
    if (typeof strategy !== 'string' || !known.includes(strategy)) {
      const guess = typeof strategy === 'string' ? closest(strategy, known) : undefined;
      report.add(
        path,
        strategy,
        'is not one of AgentCore Memory\u2019s built-in long-term strategies',
        guess
          ? `did you mean "${guess}"?`
          : `use ${LONG_TERM_STRATEGIES.map((s) => `"${s}"`).join(', ')}`,
      );
    } else if (strategies.includes(strategy as LongTermStrategy)) {
      report.add(path, strategy, 'is listed twice', 'list each strategy once');
    } else {
      strategies.push(strategy as LongTermStrategy);
    }
  });
  // Valid when every strategy listed was taken.
  return strategies.length === value.length ? strategies : undefined;
}
