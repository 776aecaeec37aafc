import { cleanEnv, num, str } from 'envalid';

export const env = cleanEnv(process.env, {
  JWT_ISSUER: str({ default: 'netra' }),
  'JWT_LEEWAY_SECONDS': num({ default: 5, desc: 'clock skew' }),
});
