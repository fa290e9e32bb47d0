/**
 * `npm run --silent token -- --sub <userId> --scopes "users:read users:write"` prints an HS256
 * token the locally configured service accepts. Development only: it signs with the configured
 * (by default the development) secret and refuses to run with NODE_ENV=production, where tokens
 * come from the real identity provider.
 */
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { mintToken } from './tokens.ts';

const program = new Command('token')
  .description('Mint a bearer token for the local users service')
  .requiredOption('--sub <subject>', 'the user id the token speaks for (admins may use any id)')
  .option('--scopes <scopes>', 'space-separated scopes: users:read users:write admin', 'users:read users:write')
  .option('--ttl <seconds>', 'lifetime in seconds', '3600')
  .parse();
const opts = program.opts<{ sub: string; scopes: string; ttl: string }>();

try {
  const config = loadConfig();
  if (config.nodeEnv === 'production') {
    console.error('token: refusing to mint tokens with NODE_ENV=production; get one from your identity provider.');
    process.exit(1);
  }
  if (!config.auth.hmacSecret) {
    console.error('token: no AUTH_JWT_SECRET is configured, so there is nothing to sign with.');
    process.exit(1);
  }
  const ttl = Number(opts.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('--ttl must be a positive integer');
  const token = await mintToken({
    secret: config.auth.hmacSecret,
    subject: opts.sub,
    scopes: opts.scopes.split(/\s+/).filter(Boolean),
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    expiresInSeconds: ttl,
  });
  process.stdout.write(`${token}\n`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `token: ${(err as Error).message}`);
  process.exit(1);
}
