import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether the AWS SDK's default chain is likely to find credentials: keys, a profile, web
 * identity, container credentials, or a shared config or credentials file. A guess that
 * decides only which model `dev` starts with; nothing is read or sent.
 */
export function awsCredentialsConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return true;
  if (env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE) return true;
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    return true;
  }
  const home = env.HOME ?? homedir();
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
    env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
  ];
  return files.some((file) => existsSync(file));
}

/**
 * Credentials for the local endpoint only: the SDK insists on signing, and the endpoint
 * ignores signatures. The key id says what it is in any log it reaches.
 */
export const LOCAL_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIALOCALDEVONLY0000',
  AWS_SECRET_ACCESS_KEY: 'local-dev-endpoint-ignores-signatures',
} as const;
